{# telefon_24h: calls with contact within 24 hours over calls, per care centre and measurement month. #}
with telephone as (
    select * from {{ ref('stg_vantetider__telephone_measurements') }}
),

care_centres as (
    select * from {{ ref('reference__primary_care_centres') }}
),

records as (
    select
        'telefon_24h' as indicator_id,
        m.measurement_month as fact_date,
        c.municipality_code,
        m.care_centre_code,
        m.calls_contact_within_24h as numerator,
        m.calls as denominator
    from telephone as m
    left join care_centres as c on m.care_centre_code = c.care_centre_code
    where m.is_valid
)

{{ indicator_facts('records', geography=['municipality_code', 'care_centre_code']) }}
