{#
    sip_antal: distinct current plans by the date they were established and the municipality.
    Sex is the patient's as Vega records it (int_inpatient_patients); a patient Vega does not know
    leaves it unknown (NULL), never guessed.
#}
with sip_plans as (
    select * from {{ ref('stg_samsa__sip_plans') }}
),

patients as (
    select * from {{ ref('int_inpatient_patients') }}
),

records as (
    select
        'sip_antal' as indicator_id,
        s.established_date as fact_date,
        s.municipality_code,
        p.sex,
        s.sip_id as distinct_key,
        null as numerator,
        null as denominator
    from sip_plans as s
    left join patients as p on s.patient_id = p.patient_id
    where s.is_valid and not s.is_superseded
)

{{ indicator_facts('records', geography=['municipality_code'], sex=true, distinct_key=true) }}
