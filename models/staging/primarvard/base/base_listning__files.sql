{# Every file of the landing folder listning, read as bytes: size, encoding, line counts, status.
   Written by tools/sync_sources.py from _primarvard__sources.yml. #}
{{ landing_file_inventory(landing_source('primarvard', 'listning'), 'listning') }}
