{# Every file of the landing folder samsa_utskrivningsklara, read as bytes: size, encoding, line counts, status.
   Written by tools/sync_sources.py from _samsa__sources.yml. #}
{{ landing_file_inventory(landing_source('samsa', 'samsa_utskrivningsklara'), 'samsa_utskrivningsklara') }}
