{# The data lines of landing folder vantetider_bedomning, parsed by its contract.
   Written by tools/sync_sources.py from _vantetider__sources.yml. #}
{{ landing_rows(landing_source('vantetider', 'vantetider_bedomning'), 'vantetider_bedomning') }}
