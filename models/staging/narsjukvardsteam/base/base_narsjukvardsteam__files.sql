{# Every file of the landing folder narsjukvardsteam, read as bytes: size, encoding, line counts, status. #}
{{ landing_file_inventory(landing_source('narsjukvardsteam', 'narsjukvardsteam'), 'narsjukvardsteam') }}
