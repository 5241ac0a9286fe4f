{# Every file of the landing folder npe_primarvard, read as bytes: size, encoding, line counts, status.
   Written by tools/sync_sources.py from _npe__sources.yml. #}
{{ landing_file_inventory(landing_source('npe', 'npe_primarvard'), 'npe_primarvard') }}
