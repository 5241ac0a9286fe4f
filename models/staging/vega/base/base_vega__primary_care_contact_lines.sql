{# The data lines of landing folder vega_primarvard, parsed by its contract.
   Written by tools/sync_sources.py from _vega__sources.yml. #}
{{ landing_rows(landing_source('vega', 'vega_primarvard'), 'vega_primarvard') }}
