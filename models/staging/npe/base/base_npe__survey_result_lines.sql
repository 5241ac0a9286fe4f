{{
    landing_rows(
        landing_source('npe', 'npe_primarvard'),
        'npe_primarvard',
        [
            {'name': 'ar', 'header': 'ar', 'aliases': ['ar'], 'required': true},
            {'name': 'vardcentral_kod', 'header': 'vardcentral_kod', 'aliases': ['vardcentralkod'], 'required': true},
            {'name': 'dimension', 'header': 'dimension', 'aliases': ['dimension'], 'required': true},
            {'name': 'antal_svar', 'header': 'antal_svar', 'aliases': ['antalsvar'], 'required': true},
            {'name': 'andel_positiva', 'header': 'andel_positiva', 'aliases': ['andelpositiva'], 'required': true},
        ]
    )
}}
