{#
    The three municipal dialects (SOURCES.md) map onto dialect A's column names through header
    aliases (header_key forms): A `kommun_kod,manad,...`, B `Kommun;Månad;Patienter hemsjukvård;...`,
    C `KOMMUNKOD;PERIOD;HEMSJUKVARD_PAT;...`.
#}
{{
    landing_rows(
        landing_source('kommun_hsl', 'kommun_hsl'),
        'kommun_hsl',
        [
            {'name': 'kommun_kod', 'header': 'kommun_kod', 'aliases': ['kommunkod', 'kommun'], 'required': true},
            {'name': 'manad', 'header': 'manad', 'aliases': ['manad', 'period'], 'required': true},
            {'name': 'antal_patienter_hemsjukvard', 'header': 'antal_patienter_hemsjukvard',
             'aliases': ['antalpatienterhemsjukvard', 'patienterhemsjukvard', 'hemsjukvardpat'], 'required': true},
            {'name': 'antal_patienter_sabo', 'header': 'antal_patienter_sabo',
             'aliases': ['antalpatientersabo', 'patientersabo', 'sabopat'], 'required': true},
            {'name': 'antal_hembesok', 'header': 'antal_hembesok',
             'aliases': ['antalhembesok', 'hembesok'], 'required': true},
            {'name': 'antal_inskrivna_65_plus', 'header': 'antal_inskrivna_65_plus',
             'aliases': ['antalinskrivna65plus', 'inskrivna65plus', 'pat65plus'], 'required': true},
            {'name': 'rapportdatum', 'header': 'rapportdatum', 'aliases': ['rapportdatum'], 'required': true},
        ]
    )
}}
