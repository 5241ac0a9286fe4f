{#
    Trend (Riktning) and level (Nivå) for every indicator × geography × period, as VGR's legend
    defines them: the arrow compares with the same period one year earlier and shows improvement
    relative to the indicator's desired direction; the level compares with the target or benchmark.
    A change smaller than the tolerance (vars trend_tolerance_relative, and for percentages
    trend_tolerance_points) is "unchanged" (→). Next to VGR's rule, which stays as it is,
    change_is_significant says whether the change is larger than noise (5 % test,
    int_indicator_changes); an arrow whose change is not significant is within noise.
#}
with indicator_values as (
    select * from {{ ref('fct_indicator_values', v=2) }}
),

indicators as (
    select * from {{ ref('dim_indicator') }}
),

changes_tested as (
    select * from {{ ref('int_indicator_changes') }}
),

paired as (
    select
        v.indicator_id,
        v.geo_level,
        v.geo_code,
        v.period_type,
        v.period_start,
        v.sex,
        v.period_label_sv,
        v.value,
        v.quality_flag,
        v.suppression,
        prev.period_start as previous_period_start,
        prev.value as previous_value,
        i.unit,
        i.desired_direction,
        i.target_value,
        i.target_kind
    from indicator_values as v
    inner join indicators as i on v.indicator_id = i.indicator_id
    left join indicator_values as prev
        on
            v.indicator_id = prev.indicator_id
            and v.geo_level = prev.geo_level
            and v.geo_code = prev.geo_code
            and v.period_type = prev.period_type
            and v.sex = prev.sex
            and prev.period_start = cast({{ dbt.dateadd('year', -1, 'v.period_start') }} as date)
),

changes as (
    select
        *,
        value - previous_value as change_absolute,
        case when previous_value <> 0 then (value - previous_value) / abs(previous_value) end as change_relative
    from paired
),

judged as (
    select
        *,
        case
            when value is null or previous_value is null then null
            when
                abs(change_relative) < {{ var('trend_tolerance_relative') }}
                or (unit = 'procent' and abs(change_absolute) < {{ var('trend_tolerance_points') }})
                then 0
            else sign(change_absolute)
        end as change_sign
    from changes
),

with_tests as (
    select
        j.*,
        t.change_is_significant
    from judged as j
    left join changes_tested as t on {{ same_cell('j', 't') }}
),

final as (
    select
        indicator_id,
        geo_level,
        geo_code,
        period_type,
        period_start,
        sex,
        period_label_sv,
        value,
        previous_period_start,
        previous_value,
        change_absolute,
        change_relative,
        case
            when change_sign is null or desired_direction not in ('increase', 'decrease') then '?'
            when change_sign = 0 then '→'
            when (change_sign > 0) = (desired_direction = 'increase') then '↑'
            else '↓'
        end as riktning,
        target_value,
        case
            when value is null or target_value is null or desired_direction not in ('increase', 'decrease') then '?'
            when desired_direction = 'increase' and value >= target_value then '+'
            when desired_direction = 'decrease' and value <= target_value then '+'
            else '−'
        end as niva,
        -- only where both values are shown: a hidden cell's test would tell something about it
        case when value is not null and previous_value is not null then change_is_significant end
            as change_is_significant,
        quality_flag,
        suppression
    from with_tests
)

select * from final
