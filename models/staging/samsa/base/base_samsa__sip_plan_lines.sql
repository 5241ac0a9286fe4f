{{
    landing_rows(
        landing_source('samsa', 'samsa_sip'),
        'samsa_sip',
        [
            {'name': 'sip_id', 'header': 'sip_id', 'aliases': ['sipid'], 'required': true},
            {'name': 'patient_lopnr', 'header': 'patient_lopnr', 'aliases': ['patientlopnr'], 'required': true},
            {'name': 'kommun_kod', 'header': 'kommun_kod', 'aliases': ['kommunkod'], 'required': true},
            {'name': 'upprattad_datum', 'header': 'upprattad_datum', 'aliases': ['upprattaddatum'], 'required': true},
            {'name': 'initierad_av', 'header': 'initierad_av', 'aliases': ['initieradav'], 'required': true},
            {'name': 'status', 'header': 'status', 'aliases': ['status'], 'required': true},
        ]
    )
}}
