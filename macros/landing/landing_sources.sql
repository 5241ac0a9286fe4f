{#
    The landing sources, one entry per landing folder: the dbt source (group and table, the table
    name is the folder and the `source` value everywhere in data_quality), its base model (one row
    per data line) and its staging model (validated rows). `has_superseded`: the staging model
    marks rows that a later delivery replaced. `period`: the staging expression dating a row (a
    finding's period); `delivered_date`: the staging column holding the export's own delivery date,
    where the export has one; `org`: the delivering organisation of a row (default the region,
    var region_code). Models that treat every landing file alike loop over this list, so a new source is added
    here once.
#}
{% macro landing_sources() -%}
    {% do return([
        {'group': 'vega', 'name': 'vega_slutenvard', 'base': 'base_vega__inpatient_episode_lines',
         'staging': 'stg_vega__inpatient_episodes', 'has_superseded': true,
         'period': 'discharge_date', 'delivered_date': 'delivery_date'},
        {'group': 'vega', 'name': 'vega_vardplatser', 'base': 'base_vega__bed_census_day_lines',
         'staging': 'stg_vega__bed_census_days', 'has_superseded': false,
         'period': 'census_date'},
        {'group': 'vantetider', 'name': 'vantetider_telefon', 'base': 'base_vantetider__telephone_measurement_lines',
         'staging': 'stg_vantetider__telephone_measurements', 'has_superseded': false,
         'period': 'measurement_month'},
        {'group': 'vantetider', 'name': 'vantetider_bedomning',
         'base': 'base_vantetider__assessment_measurement_lines',
         'staging': 'stg_vantetider__assessment_measurements', 'has_superseded': false,
         'period': 'measurement_month'},
        {'group': 'primarvard', 'name': 'primarvard_kontakter', 'base': 'base_primarvard__contact_lines',
         'staging': 'stg_primarvard__contacts', 'has_superseded': false,
         'period': 'contact_month'},
        {'group': 'npe', 'name': 'npe_primarvard', 'base': 'base_npe__survey_result_lines',
         'staging': 'stg_npe__survey_results', 'has_superseded': false,
         'period': 'make_date(survey_year, 1, 1)'},
        {'group': 'egenmonitorering', 'name': 'egenmonitorering', 'base': 'base_egenmonitorering__enrolment_lines',
         'staging': 'stg_egenmonitorering__enrolments', 'has_superseded': false,
         'period': 'start_date'},
        {'group': 'narsjukvardsteam', 'name': 'narsjukvardsteam', 'base': 'base_narsjukvardsteam__team_quarter_lines',
         'staging': 'stg_narsjukvardsteam__team_quarters', 'has_superseded': false,
         'period': 'quarter_start_date'},
        {'group': 'samsa', 'name': 'samsa_sip', 'base': 'base_samsa__sip_plan_lines',
         'staging': 'stg_samsa__sip_plans', 'has_superseded': true,
         'period': 'established_date'},
        {'group': 'samsa', 'name': 'samsa_utskrivningsklara', 'base': 'base_samsa__ready_for_discharge_episode_lines',
         'staging': 'stg_samsa__ready_for_discharge_episodes', 'has_superseded': false,
         'period': 'discharge_date'},
        {'group': 'kommun_hsl', 'name': 'kommun_hsl', 'base': 'base_kommun_hsl__monthly_report_lines',
         'staging': 'stg_kommun_hsl__monthly_reports', 'has_superseded': true,
         'period': 'file_month', 'delivered_date': 'report_date',
         'org': 'coalesce(file_municipality_code, municipality_code)'},
    ]) %}
{%- endmacro %}
