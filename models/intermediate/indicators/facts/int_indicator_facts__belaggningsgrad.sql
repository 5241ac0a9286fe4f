{# belaggningsgrad: occupied over available beds of the daily census, per hospital and month. #}
with bed_census as (
    select * from {{ ref('stg_vega__bed_census_days') }}
),

records as (
    select
        'belaggningsgrad' as indicator_id,
        census_date as fact_date,
        hospital_code,
        occupied_beds as numerator,
        available_beds as denominator
    from bed_census
    where is_valid
)

{{ indicator_facts('records', geography=['hospital_code']) }}
