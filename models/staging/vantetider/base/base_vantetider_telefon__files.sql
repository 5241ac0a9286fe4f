{# Every file of the landing folder vantetider_telefon, read as bytes: size, encoding, line counts, status. #}
{{ landing_file_inventory(landing_source('vantetider', 'vantetider_telefon'), 'vantetider_telefon') }}
