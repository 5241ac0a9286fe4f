{{
    landing_rows(
        landing_source('egenmonitorering', 'egenmonitorering'),
        'egenmonitorering',
        [
            {'name': 'patient_lopnr', 'header': 'patient_lopnr', 'aliases': ['patientlopnr'], 'required': true},
            {'name': 'program', 'header': 'program', 'aliases': ['program'], 'required': true},
            {'name': 'startdatum', 'header': 'startdatum', 'aliases': ['startdatum'], 'required': true},
            {'name': 'slutdatum', 'header': 'slutdatum', 'aliases': ['slutdatum'], 'required': true},
        ]
    )
}}
