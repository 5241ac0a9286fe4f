{#
    Version 1 of the trend, kept for a deprecation period under its old relation name: the totals
    (sex T) of version 2 in the old columns.
#}
with trend as (
    select * from {{ ref('fct_indicator_trend', v=2) }}
),

final as (
    select
        indicator_id,
        geo_level,
        geo_code,
        period_type,
        period_start,
        period_label_sv,
        value,
        previous_period_start,
        previous_value,
        change_absolute,
        change_relative,
        riktning,
        target_value,
        niva,
        quality_flag,
        suppression
    from trend
    where sex = 'T'
)

select * from final
