{# Every file of the landing folder vega_vardplatser, read as bytes: size, encoding, line counts, status. #}
{{ landing_file_inventory(source('vega', 'vega_vardplatser'), 'vega_vardplatser') }}
