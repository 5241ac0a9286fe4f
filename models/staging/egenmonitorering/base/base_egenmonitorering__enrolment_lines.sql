{# The data lines of landing folder egenmonitorering, parsed by its contract (_egenmonitorering__sources.yml). #}
{{ landing_rows(landing_source('egenmonitorering', 'egenmonitorering'), 'egenmonitorering') }}
