{# The data lines of landing folder narsjukvardsteam, parsed by its contract.
   Written by tools/sync_sources.py from _narsjukvardsteam__sources.yml. #}
{{ landing_rows(landing_source('narsjukvardsteam', 'narsjukvardsteam'), 'narsjukvardsteam') }}
