{# Every file of the landing folder samsa_sip, read as bytes: size, encoding, line counts, status. #}
{{ landing_file_inventory(landing_source('samsa', 'samsa_sip'), 'samsa_sip') }}
