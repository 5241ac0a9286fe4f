{# Every file of the landing folder samsa_sip, read as bytes: size, encoding, line counts, status.
   Written by tools/sync_sources.py from _samsa__sources.yml. #}
{{ landing_file_inventory(landing_source('samsa', 'samsa_sip'), 'samsa_sip') }}
