{# The data lines of landing folder listning, parsed by its contract.
   Written by tools/sync_sources.py from _primarvard__sources.yml. #}
{{ landing_rows(landing_source('primarvard', 'listning'), 'listning') }}
