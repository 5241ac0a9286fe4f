{#
    utskrivningsklar_dagar: days as ready for discharge, in the month of discharge and the
    patient's municipality. Sex comes from the linked Vega episode; an episode Vega does not have
    leaves it unknown (NULL), never guessed.
#}
with ready_for_discharge as (
    select * from {{ ref('stg_samsa__ready_for_discharge_episodes') }}
),

episodes as (
    select * from {{ ref('int_inpatient_episodes_current') }}
),

records as (
    select
        'utskrivningsklar_dagar' as indicator_id,
        r.discharge_date as fact_date,
        r.municipality_code,
        e.sex,
        r.ready_days as numerator,
        null as denominator
    from ready_for_discharge as r
    left join episodes as e on r.episode_id = e.episode_id
    where r.is_valid
)

{{ indicator_facts('records', geography=['municipality_code'], sex=true) }}
