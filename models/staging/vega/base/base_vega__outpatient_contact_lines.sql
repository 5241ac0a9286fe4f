{# The data lines of landing folder vega_oppenvard, parsed by its contract.
   Written by tools/sync_sources.py from _vega__sources.yml. #}
{{ landing_rows(landing_source('vega', 'vega_oppenvard'), 'vega_oppenvard') }}
