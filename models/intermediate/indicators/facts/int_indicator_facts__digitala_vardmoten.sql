{#
    digitala_vardmoten: digital over digital and physical contacts (telephone counts in neither), per
    care centre and month.
#}
with contacts as (
    select * from {{ ref('stg_primarvard__contacts') }}
),

care_centres as (
    select * from {{ ref('reference__primary_care_centres') }}
),

records as (
    select
        'digitala_vardmoten' as indicator_id,
        k.contact_month as fact_date,
        c.municipality_code,
        k.care_centre_code,
        case when k.contact_type = 'digitalt' then k.contacts else 0 end as numerator,
        k.contacts as denominator
    from contacts as k
    left join care_centres as c on k.care_centre_code = c.care_centre_code
    where k.is_valid and k.contact_type in ('digitalt', 'fysiskt')
)

{{ indicator_facts('records', geography=['municipality_code', 'care_centre_code']) }}
