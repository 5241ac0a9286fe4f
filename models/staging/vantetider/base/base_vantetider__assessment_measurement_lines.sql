{# The data lines of landing folder vantetider_bedomning, parsed by its contract (_vantetider__sources.yml). #}
{{ landing_rows(landing_source('vantetider', 'vantetider_bedomning'), 'vantetider_bedomning') }}
