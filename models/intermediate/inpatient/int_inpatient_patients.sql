{#
    Every patient Vega knows, with the sex its current episodes record. A patient whose episodes
    disagree gets NULL (unknown): sex is never guessed.
#}
with episodes as (
    select * from {{ ref('int_inpatient_episodes_current') }}
),

final as (
    select
        patient_id,
        case when count(distinct sex) = 1 then min(sex) end as sex,
        count(*) as episodes
    from episodes
    group by patient_id
)

select * from final
