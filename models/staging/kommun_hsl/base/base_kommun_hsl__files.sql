{# Every file of the landing folder kommun_hsl, read as bytes: size, encoding, line counts, status.
   Written by tools/sync_sources.py from _kommun_hsl__sources.yml. #}
{{ landing_file_inventory(landing_source('kommun_hsl', 'kommun_hsl'), 'kommun_hsl') }}
