{# Every file of the landing folder egenmonitorering, read as bytes: size, encoding, line counts, status.
   Written by tools/sync_sources.py from _egenmonitorering__sources.yml. #}
{{ landing_file_inventory(landing_source('egenmonitorering', 'egenmonitorering'), 'egenmonitorering') }}
