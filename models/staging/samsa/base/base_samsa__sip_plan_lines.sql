{# The data lines of landing folder samsa_sip, parsed by its contract.
   Written by tools/sync_sources.py from _samsa__sources.yml. #}
{{ landing_rows(landing_source('samsa', 'samsa_sip'), 'samsa_sip') }}
