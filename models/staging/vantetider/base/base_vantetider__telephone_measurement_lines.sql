{# The data lines of landing folder vantetider_telefon, parsed by its contract (_vantetider__sources.yml). #}
{{ landing_rows(landing_source('vantetider', 'vantetider_telefon'), 'vantetider_telefon') }}
