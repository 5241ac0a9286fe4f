{#
    Every rejected landing row kept as delivered (the line's text), with file, line number, the rule
    it broke and a message in words ("column Hembesök: '12,5' is not a whole number"). Values that
    look like a personnummer are masked here too.
#}
with quarantined as (
    {{ quarantine_rows('stg_vega__inpatient_episodes', 'base_vega__inpatient_episode_lines') }}
    union all
    {{ quarantine_rows('stg_vega__bed_census_days', 'base_vega__bed_census_day_lines') }}
    union all
    {{ quarantine_rows('stg_vantetider__telephone_measurements', 'base_vantetider__telephone_measurement_lines') }}
    union all
    {{ quarantine_rows('stg_vantetider__assessment_measurements', 'base_vantetider__assessment_measurement_lines') }}
    union all
    {{ quarantine_rows('stg_primarvard__contacts', 'base_primarvard__contact_lines') }}
    union all
    {{ quarantine_rows('stg_npe__survey_results', 'base_npe__survey_result_lines') }}
    union all
    {{ quarantine_rows('stg_egenmonitorering__enrolments', 'base_egenmonitorering__enrolment_lines') }}
    union all
    {{ quarantine_rows('stg_narsjukvardsteam__team_quarters', 'base_narsjukvardsteam__team_quarter_lines') }}
    union all
    {{ quarantine_rows('stg_samsa__sip_plans', 'base_samsa__sip_plan_lines') }}
    union all
    {{ quarantine_rows('stg_samsa__ready_for_discharge_episodes', 'base_samsa__ready_for_discharge_episode_lines') }}
    union all
    {{ quarantine_rows('stg_kommun_hsl__monthly_reports', 'base_kommun_hsl__monthly_report_lines') }}
),

final as (
    select
        source,
        file_name,
        line_number,
        rule,
        column_name,
        message,
        line_as_delivered,
        file_encoding,
        field_separator
    from quarantined
)

select * from final
