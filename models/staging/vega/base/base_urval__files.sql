{# Every file of the landing folder urval, read as bytes: size, encoding, line counts, status.
   Written by tools/sync_sources.py from _vega__sources.yml. #}
{{ landing_file_inventory(landing_source('vega', 'urval'), 'urval') }}
