{#
    Staging never drops or duplicates a landing line: every staging model has exactly the rows of
    its base model (same file × line keys). Returns one row per model whose counts differ.
#}
{%- set pairs = [
    ('base_vega__inpatient_episode_lines', 'stg_vega__inpatient_episodes'),
    ('base_vega__bed_census_day_lines', 'stg_vega__bed_census_days'),
    ('base_vantetider__telephone_measurement_lines', 'stg_vantetider__telephone_measurements'),
    ('base_vantetider__assessment_measurement_lines', 'stg_vantetider__assessment_measurements'),
    ('base_primarvard__contact_lines', 'stg_primarvard__contacts'),
    ('base_npe__survey_result_lines', 'stg_npe__survey_results'),
    ('base_egenmonitorering__enrolment_lines', 'stg_egenmonitorering__enrolments'),
    ('base_narsjukvardsteam__team_quarter_lines', 'stg_narsjukvardsteam__team_quarters'),
    ('base_samsa__sip_plan_lines', 'stg_samsa__sip_plans'),
    ('base_samsa__ready_for_discharge_episode_lines', 'stg_samsa__ready_for_discharge_episodes'),
    ('base_kommun_hsl__monthly_report_lines', 'stg_kommun_hsl__monthly_reports'),
] %}

with row_counts as (
    {%- for base_model, staging_model in pairs %}
        select
            '{{ staging_model }}' as staging_model,
            (select count(*) from {{ ref(base_model) }}) as base_rows,
            (select count(*) from {{ ref(staging_model) }}) as staging_rows
        {{ "union all" if not loop.last }}
    {%- endfor %}
),

final as (
    select
        staging_model,
        base_rows,
        staging_rows
    from row_counts
    where base_rows <> staging_rows
)

select * from final
