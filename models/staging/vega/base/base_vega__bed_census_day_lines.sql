{{
    landing_rows(
        landing_source('vega', 'vega_vardplatser'),
        'vega_vardplatser',
        [
            {'name': 'datum', 'header': 'datum', 'aliases': ['datum'], 'required': true},
            {'name': 'sjukhus_kod', 'header': 'sjukhus_kod', 'aliases': ['sjukhuskod'], 'required': true},
            {'name': 'disponibla_vardplatser', 'header': 'disponibla_vardplatser', 'aliases': ['disponiblavardplatser'], 'required': true},
            {'name': 'belagda_vardplatser', 'header': 'belagda_vardplatser', 'aliases': ['belagdavardplatser'], 'required': true},
        ]
    )
}}
