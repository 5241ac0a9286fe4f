{{
    landing_rows(
        landing_source('primarvard', 'primarvard_kontakter'),
        'primarvard_kontakter',
        [
            {'name': 'manad', 'header': 'manad', 'aliases': ['manad'], 'required': true},
            {'name': 'vardcentral_kod', 'header': 'vardcentral_kod', 'aliases': ['vardcentralkod'], 'required': true},
            {'name': 'kontakttyp', 'header': 'kontakttyp', 'aliases': ['kontakttyp'], 'required': true},
            {'name': 'antal', 'header': 'antal', 'aliases': ['antal'], 'required': true},
        ]
    )
}}
