{{
    landing_rows(
        landing_source('vantetider', 'vantetider_bedomning'),
        'vantetider_bedomning',
        [
            {'name': 'manad', 'header': 'manad', 'aliases': ['manad'], 'required': true},
            {'name': 'vardcentral_kod', 'header': 'vardcentral_kod', 'aliases': ['vardcentralkod'], 'required': true},
            {'name': 'antal_forsta_kontakter', 'header': 'antal_forsta_kontakter', 'aliases': ['antalforstakontakter'], 'required': true},
            {'name': 'antal_bedomda_inom_3_dagar', 'header': 'antal_bedomda_inom_3_dagar', 'aliases': ['antalbedomdainom3dagar'], 'required': true},
        ]
    )
}}
