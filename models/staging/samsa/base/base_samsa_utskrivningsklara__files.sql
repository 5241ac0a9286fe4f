{# Every file of the landing folder samsa_utskrivningsklara, read as bytes: size, encoding, line counts, status. #}
{{ landing_file_inventory(landing_source('samsa', 'samsa_utskrivningsklara'), 'samsa_utskrivningsklara') }}
