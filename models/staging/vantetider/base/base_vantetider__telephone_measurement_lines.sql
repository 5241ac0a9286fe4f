{{
    landing_rows(
        landing_source('vantetider', 'vantetider_telefon'),
        'vantetider_telefon',
        [
            {'name': 'matmanad', 'header': 'matmanad', 'aliases': ['matmanad'], 'required': true},
            {'name': 'vardcentral_kod', 'header': 'vardcentral_kod', 'aliases': ['vardcentralkod'], 'required': true},
            {'name': 'antal_samtal', 'header': 'antal_samtal', 'aliases': ['antalsamtal'], 'required': true},
            {'name': 'antal_kontakt_inom_24h', 'header': 'antal_kontakt_inom_24h', 'aliases': ['antalkontaktinom24h'], 'required': true},
        ]
    )
}}
