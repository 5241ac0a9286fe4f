{# The data lines of landing folder narsjukvardsteam, parsed by its contract (_narsjukvardsteam__sources.yml). #}
{{ landing_rows(landing_source('narsjukvardsteam', 'narsjukvardsteam'), 'narsjukvardsteam') }}
