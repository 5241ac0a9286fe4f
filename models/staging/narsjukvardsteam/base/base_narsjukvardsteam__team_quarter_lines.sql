{{
    landing_rows(
        landing_source('narsjukvardsteam', 'narsjukvardsteam'),
        'narsjukvardsteam',
        [
            {'name': 'kvartal', 'header': 'Kvartal', 'aliases': ['kvartal'], 'required': true},
            {'name': 'team', 'header': 'Team', 'aliases': ['team'], 'required': true},
            {'name': 'kommun', 'header': 'Kommun', 'aliases': ['kommun'], 'required': true},
            {'name': 'antal_vardkontakter', 'header': 'Antal vårdkontakter', 'aliases': ['antalvardkontakter'], 'required': true},
            {'name': 'antal_inskrivna_patienter', 'header': 'Antal inskrivna patienter', 'aliases': ['antalinskrivnapatienter'], 'required': true},
            {'name': 'aktivt', 'header': 'Aktivt', 'aliases': ['aktivt'], 'required': true},
        ]
    )
}}
