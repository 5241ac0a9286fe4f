{# Every file of the landing folder kommun_ekonomi, read as bytes: size, encoding, line counts, status.
   Written by tools/sync_sources.py from _ekonomi__sources.yml. #}
{{ landing_file_inventory(landing_source('ekonomi', 'kommun_ekonomi'), 'kommun_ekonomi') }}
