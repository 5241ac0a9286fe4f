{# Every file of the landing folder vantetider_telefon, read as bytes: size, encoding, line counts, status.
   Written by tools/sync_sources.py from _vantetider__sources.yml. #}
{{ landing_file_inventory(landing_source('vantetider', 'vantetider_telefon'), 'vantetider_telefon') }}
