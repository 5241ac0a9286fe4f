{# The data lines of landing folder vega_vardplatser, parsed by its contract (_vega__sources.yml). #}
{{ landing_rows(landing_source('vega', 'vega_vardplatser'), 'vega_vardplatser') }}
