{#
    Version 1 of the overview cells, kept for a deprecation period under its old relation name: the
    totals (sex T) of version 2 in the old columns (no interval, no Riktning, Nivå or change test per
    cell), so reports built on it keep working unchanged.
#}
with overview_cells as (
    select * from {{ ref('rpt_indicator_overview_cells', v=2) }}
),

final as (
    select
        indicator_id,
        display_order,
        indicator_label_sv,
        unit,
        column_order,
        column_name,
        period_type,
        period_start,
        period_label_sv,
        value,
        value_sv,
        quality_flag,
        suppression,
        note_sv,
        is_judged_period
    from overview_cells
    where sex = 'T'
)

select * from final
