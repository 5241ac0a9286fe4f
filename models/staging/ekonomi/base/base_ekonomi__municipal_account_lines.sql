{# The data lines of landing folder kommun_ekonomi, parsed by its contract.
   Written by tools/sync_sources.py from _ekonomi__sources.yml. #}
{{ landing_rows(landing_source('ekonomi', 'kommun_ekonomi'), 'kommun_ekonomi') }}
