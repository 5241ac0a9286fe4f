{#
    Every landing file accounted for: rows read (non-blank data lines after the header) = rows
    accepted + rows quarantined (in dq_quarantine with a reason) + rows superseded (replaced by a
    later delivery). A test asserts the identity for every file.
#}
with reconciled as (
    {{ file_reconciliation_rows('stg_vega__inpatient_episodes', 'base_vega__inpatient_episode_lines', true) }}
    union all
    {{ file_reconciliation_rows('stg_vega__bed_census_days', 'base_vega__bed_census_day_lines') }}
    union all
    {{ file_reconciliation_rows(
        'stg_vantetider__telephone_measurements', 'base_vantetider__telephone_measurement_lines'
    ) }}
    union all
    {{ file_reconciliation_rows(
        'stg_vantetider__assessment_measurements', 'base_vantetider__assessment_measurement_lines'
    ) }}
    union all
    {{ file_reconciliation_rows('stg_primarvard__contacts', 'base_primarvard__contact_lines') }}
    union all
    {{ file_reconciliation_rows('stg_npe__survey_results', 'base_npe__survey_result_lines') }}
    union all
    {{ file_reconciliation_rows('stg_egenmonitorering__enrolments', 'base_egenmonitorering__enrolment_lines') }}
    union all
    {{ file_reconciliation_rows('stg_narsjukvardsteam__team_quarters', 'base_narsjukvardsteam__team_quarter_lines') }}
    union all
    {{ file_reconciliation_rows('stg_samsa__sip_plans', 'base_samsa__sip_plan_lines', true) }}
    union all
    {{ file_reconciliation_rows(
        'stg_samsa__ready_for_discharge_episodes', 'base_samsa__ready_for_discharge_episode_lines'
    ) }}
    union all
    {{ file_reconciliation_rows('stg_kommun_hsl__monthly_reports', 'base_kommun_hsl__monthly_report_lines', true) }}
),

final as (
    select
        source,
        file_name,
        rows_read,
        rows_accepted,
        rows_quarantined,
        rows_superseded
    from reconciled
)

select * from final
