{# The data lines of landing folder npe_primarvard, parsed by its contract.
   Written by tools/sync_sources.py from _npe__sources.yml. #}
{{ landing_rows(landing_source('npe', 'npe_primarvard'), 'npe_primarvard') }}
