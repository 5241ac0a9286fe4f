{# Every file of the landing folder ekonomi_region, read as bytes: size, encoding, line counts, status.
   Written by tools/sync_sources.py from _ekonomi__sources.yml. #}
{{ landing_file_inventory(landing_source('ekonomi', 'ekonomi_region'), 'ekonomi_region') }}
