{# Every file of the landing folder narsjukvardsteam, read as bytes: size, encoding, line counts, status.
   Written by tools/sync_sources.py from _narsjukvardsteam__sources.yml. #}
{{ landing_file_inventory(landing_source('narsjukvardsteam', 'narsjukvardsteam'), 'narsjukvardsteam') }}
