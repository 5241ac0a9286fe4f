{# bedomning_3d: first contacts assessed within 3 days over first contacts, per care centre and month. #}
with assessment as (
    select * from {{ ref('stg_vantetider__assessment_measurements') }}
),

care_centres as (
    select * from {{ ref('reference__primary_care_centres') }}
),

records as (
    select
        'bedomning_3d' as indicator_id,
        m.measurement_month as fact_date,
        c.municipality_code,
        m.care_centre_code,
        m.assessed_within_3_days as numerator,
        m.first_contacts as denominator
    from assessment as m
    left join care_centres as c on m.care_centre_code = c.care_centre_code
    where m.is_valid
)

{{ indicator_facts('records', geography=['municipality_code', 'care_centre_code']) }}
