{#
    egenmonitorering_patienter: a stock, one fact per patient and month-end with an active
    enrolment, counted distinctly (the patient id is the distinct key).
#}
with enrolments as (
    select * from {{ ref('stg_egenmonitorering__enrolments') }}
),

follow_up_window as (
    select * from {{ ref('int_follow_up_window') }}
),

enrolment_months as (
    select
        e.patient_id,
        e.start_date,
        e.end_date,
        -- an open enrolment counts up to the end of the follow-up window
        {{ month_series_start("cast(date_trunc('month', e.start_date) as date)", 'm') }} as month_start
    from enrolments as e
    cross join follow_up_window as w
    {{ month_series(
        "cast(date_trunc('month', e.start_date) as date)",
        "cast(date_trunc('month', coalesce(e.end_date, w.follow_up_end_date)) as date)",
        'm'
    ) }}
    where e.is_valid
),

records as (
    select
        'egenmonitorering_patienter' as indicator_id,
        {{ period_end_date("'month'", 'month_start') }} as fact_date,
        patient_id as distinct_key,
        null as numerator,
        null as denominator
    from enrolment_months
    where
        start_date <= {{ period_end_date("'month'", 'month_start') }}
        and (end_date is null or end_date >= {{ period_end_date("'month'", 'month_start') }})
)

{{ indicator_facts('records', distinct_key=true) }}
