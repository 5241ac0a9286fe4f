{{
    landing_rows(
        landing_source('vega', 'vega_slutenvard'),
        'vega_slutenvard',
        [
            {'name': 'vardtillfalle_id', 'header': 'vardtillfalle_id', 'aliases': ['vardtillfalleid'], 'required': true},
            {'name': 'patient_lopnr', 'header': 'patient_lopnr', 'aliases': ['patientlopnr'], 'required': true},
            {'name': 'sjukhus_kod', 'header': 'sjukhus_kod', 'aliases': ['sjukhuskod'], 'required': true},
            {'name': 'verksamhet', 'header': 'verksamhet', 'aliases': ['verksamhet'], 'required': true},
            {'name': 'inskrivningsdatum', 'header': 'inskrivningsdatum', 'aliases': ['inskrivningsdatum'], 'required': true},
            {'name': 'utskrivningsdatum', 'header': 'utskrivningsdatum', 'aliases': ['utskrivningsdatum'], 'required': true},
            {'name': 'inskrivningssatt', 'header': 'inskrivningssatt', 'aliases': ['inskrivningssatt'], 'required': true},
            {'name': 'utskrivningssatt', 'header': 'utskrivningssatt', 'aliases': ['utskrivningssatt'], 'required': true},
            {'name': 'alder', 'header': 'alder', 'aliases': ['alder'], 'required': true},
            {'name': 'kon', 'header': 'kon', 'aliases': ['kon'], 'required': true},
            {'name': 'kommun_kod', 'header': 'kommun_kod', 'aliases': ['kommunkod'], 'required': true},
            {'name': 'leveransdatum', 'header': 'leveransdatum', 'aliases': ['leveransdatum'], 'required': true},
        ]
    )
}}
