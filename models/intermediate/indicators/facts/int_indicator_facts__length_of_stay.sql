{# medelvardtid and medelvardtid_75: days of care of somatic episodes, in the month of discharge. #}
with episodes as (
    select * from {{ ref('int_inpatient_episodes_current') }}
),

records as (
    select
        'medelvardtid' as indicator_id,
        discharge_date as fact_date,
        municipality_code,
        hospital_code,
        sex,
        length_of_stay_days as numerator,
        1 as denominator
    from episodes
    where is_somatic

    union all

    select
        'medelvardtid_75' as indicator_id,
        discharge_date as fact_date,
        municipality_code,
        hospital_code,
        sex,
        length_of_stay_days as numerator,
        1 as denominator
    from episodes
    where is_somatic and is_aged_75_plus
)

{{ indicator_facts('records', geography=['municipality_code', 'hospital_code'], sex=true, squares=true) }}
