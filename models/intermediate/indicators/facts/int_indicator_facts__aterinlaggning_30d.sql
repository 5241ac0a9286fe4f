{# aterinlaggning_30d: index episodes (65+, somatic, alive) and whether they were readmitted within 30 days. #}
with readmissions as (
    select * from {{ ref('int_inpatient_episodes_readmissions_flagged') }}
),

records as (
    select
        'aterinlaggning_30d' as indicator_id,
        discharge_date as fact_date,
        municipality_code,
        hospital_code,
        sex,
        case when is_readmitted_30d then 1 else 0 end as numerator,
        1 as denominator
    from readmissions
)

{{ indicator_facts('records', geography=['municipality_code', 'hospital_code'], sex=true) }}
