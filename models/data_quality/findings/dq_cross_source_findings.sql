{#
    Cross-source consistency as findings: SAMSA's ready-for-discharge rows against the Vega episodes
    they point at. One row per valid SAMSA row whose episode is not in Vega (for a month Vega has
    delivered) or whose patient or discharge date differs from the Vega episode.
#}
with episodes as (
    select * from {{ ref('int_inpatient_episodes_current') }}
),

ready_for_discharge as (
    select * from {{ ref('stg_samsa__ready_for_discharge_episodes') }}
),

vega_months as (
    select distinct cast(date_trunc('month', discharge_date) as date) as delivered_month
    from episodes
),

episodes_not_in_vega as (
    select
        'samsa_utskrivningsklara.consistency.episode_in_vega' as check_id,
        r.source_name as source,
        r.file_name,
        r.line_number,
        {{ region_code() }} as org_code,
        cast(date_trunc('month', r.discharge_date) as date) as period_start,
        'vardtillfalle_id' as column_name,
        'episode ' || r.episode_id || ' is not in Vega (vega_slutenvard delivered for that month)' as message
    from ready_for_discharge as r
    inner join vega_months as m on date_trunc('month', r.discharge_date) = m.delivered_month
    left join episodes as e on r.episode_id = e.episode_id
    where r.is_valid and e.episode_id is null
),

episodes_differing_from_vega as (
    select
        'samsa_utskrivningsklara.consistency.matches_vega_episode' as check_id,
        r.source_name as source,
        r.file_name,
        r.line_number,
        {{ region_code() }} as org_code,
        cast(date_trunc('month', r.discharge_date) as date) as period_start,
        case when r.patient_id <> e.patient_id then 'patient_lopnr' else 'utskrivningsdatum' end as column_name,
        'episode ' || r.episode_id || ': '
        || case
            when r.patient_id <> e.patient_id then 'patient differs from Vega'
            else 'discharge ' || r.discharge_date || ' differs from Vega ' || e.discharge_date
        end as message
    from ready_for_discharge as r
    inner join episodes as e on r.episode_id = e.episode_id
    where r.is_valid and (r.patient_id <> e.patient_id or r.discharge_date <> e.discharge_date)
),

final as (
    select * from episodes_not_in_vega
    union all
    select * from episodes_differing_from_vega
)

select * from final
