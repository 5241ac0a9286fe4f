{# The data lines of landing folder primarvard_kontakter, parsed by its contract.
   Written by tools/sync_sources.py from _primarvard__sources.yml. #}
{{ landing_rows(landing_source('primarvard', 'primarvard_kontakter'), 'primarvard_kontakter') }}
