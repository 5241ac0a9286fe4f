{#
    egenmonitorering_patienter: a stock, one fact per patient and month-end with an active
    enrolment, counted distinctly (the patient id is the distinct key).
#}
with enrolments as (
    select * from {{ ref('stg_egenmonitorering__enrolments') }}
),

enrolment_months as (
    select
        patient_id,
        start_date,
        end_date,
        unnest(
            generate_series(
                date_trunc('month', start_date),
                date_trunc('month', coalesce(end_date, '{{ var("period_end") }}'::date)),
                interval 1 month
            )
        ) as month_start
    from enrolments
    where is_valid
),

records as (
    select
        'egenmonitorering_patienter' as indicator_id,
        last_day(month_start)::date as fact_date,
        patient_id as distinct_key,
        null as numerator,
        null as denominator
    from enrolment_months
    where
        start_date <= last_day(month_start)
        and (end_date is null or end_date >= last_day(month_start))
)

{{ indicator_facts('records', distinct_key=true) }}
