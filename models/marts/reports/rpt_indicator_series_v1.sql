{#
    Version 1 of the trend lines, kept for a deprecation period under its old relation name: the
    totals (sex T) of version 2 in the old columns (no interval, no Riktning or change test), so
    reports built on it keep working unchanged.
#}
with series as (
    select * from {{ ref('rpt_indicator_series', v=2) }}
),

final as (
    select
        indicator_id,
        geo_level,
        geo_code,
        geo_name_sv,
        period_type,
        period_start,
        period_label_sv,
        value,
        value_sv,
        suppression,
        quality_flag,
        note_sv
    from series
    where sex = 'T'
)

select * from final
