{# Every file of the landing folder egenmonitorering, read as bytes: size, encoding, line counts, status. #}
{{ landing_file_inventory(landing_source('egenmonitorering', 'egenmonitorering'), 'egenmonitorering') }}
