{# The data lines of landing folder vega_slutenvard, parsed by its contract (_vega__sources.yml). #}
{{ landing_rows(landing_source('vega', 'vega_slutenvard'), 'vega_slutenvard') }}
