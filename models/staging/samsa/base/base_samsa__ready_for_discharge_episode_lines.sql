{{
    landing_rows(
        landing_source('samsa', 'samsa_utskrivningsklara'),
        'samsa_utskrivningsklara',
        [
            {'name': 'vardtillfalle_id', 'header': 'vardtillfalle_id', 'aliases': ['vardtillfalleid'], 'required': true},
            {'name': 'patient_lopnr', 'header': 'patient_lopnr', 'aliases': ['patientlopnr'], 'required': true},
            {'name': 'kommun_kod', 'header': 'kommun_kod', 'aliases': ['kommunkod'], 'required': true},
            {'name': 'utskrivningsklar_datum', 'header': 'utskrivningsklar_datum', 'aliases': ['utskrivningsklardatum'], 'required': true},
            {'name': 'utskrivningsdatum', 'header': 'utskrivningsdatum', 'aliases': ['utskrivningsdatum'], 'required': true},
        ]
    )
}}
