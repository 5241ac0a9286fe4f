{# Every file of the landing folder vantetider_bedomning, read as bytes: size, encoding, line counts, status. #}
{{ landing_file_inventory(landing_source('vantetider', 'vantetider_bedomning'), 'vantetider_bedomning') }}
