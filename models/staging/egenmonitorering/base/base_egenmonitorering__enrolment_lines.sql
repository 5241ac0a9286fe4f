{# The data lines of landing folder egenmonitorering, parsed by its contract.
   Written by tools/sync_sources.py from _egenmonitorering__sources.yml. #}
{{ landing_rows(landing_source('egenmonitorering', 'egenmonitorering'), 'egenmonitorering') }}
