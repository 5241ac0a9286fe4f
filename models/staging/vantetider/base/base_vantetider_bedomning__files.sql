{# Every file of the landing folder vantetider_bedomning, read as bytes: size, encoding, line counts, status.
   Written by tools/sync_sources.py from _vantetider__sources.yml. #}
{{ landing_file_inventory(landing_source('vantetider', 'vantetider_bedomning'), 'vantetider_bedomning') }}
