{#
    fast_lakarkontakt: listed inhabitants with a named regular doctor over listed inhabitants, per care
    centre, sex and month (the listing on the month's first day). A quarter's or year's value is the mean
    of its monthly listings (sums over the months).
#}
with listings as (
    select * from {{ ref('stg_primarvard__listings') }}
),

care_centres as (
    select * from {{ ref('reference__primary_care_centres') }}
),

records as (
    select
        'fast_lakarkontakt' as indicator_id,
        l.listing_month as fact_date,
        c.municipality_code,
        l.care_centre_code,
        l.sex,
        l.listed_with_named_doctor as numerator,
        l.listed as denominator
    from listings as l
    left join care_centres as c on l.care_centre_code = c.care_centre_code
    where l.is_valid
)

{{ indicator_facts('records', geography=['municipality_code', 'care_centre_code'], sex=true) }}
