{# The data lines of landing folder kommun_hsl, parsed by its contract.
   Written by tools/sync_sources.py from _kommun_hsl__sources.yml. #}
{{ landing_rows(landing_source('kommun_hsl', 'kommun_hsl'), 'kommun_hsl') }}
