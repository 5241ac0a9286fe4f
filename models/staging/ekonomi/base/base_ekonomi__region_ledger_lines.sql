{# The data lines of landing folder ekonomi_region, parsed by its contract.
   Written by tools/sync_sources.py from _ekonomi__sources.yml. #}
{{ landing_rows(landing_source('ekonomi', 'ekonomi_region'), 'ekonomi_region') }}
