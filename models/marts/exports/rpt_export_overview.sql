{#
    The export file oversikt.csv and the workbook's sheet Översikt (`nara-vard export`): the published
    table's shape ("Utfall indikatorer") cell by cell, the region's totals, with what a reader of the file
    sees besides the figure: the period as Statistics Sweden writes it, the symbol of a missing value, the
    report's `*` and its note, and per indicator Riktning, Nivå, the judged period and what Nivå compares
    with. Python lays the cells out one column per period (in `column_order`), rounds and writes.
#}
with overview as (
    select * from {{ ref('rpt_indicator_overview') }}
),

cells as (
    select * from {{ ref('rpt_indicator_overview_cells', v=2) }}
    where sex = 'T'
),

indicators as (
    select * from {{ ref('dim_indicator') }}
),

periods as (
    select * from {{ ref('dim_period') }}
),

labels as (
    select * from {{ ref('dim_label') }}
),

cells_shown as (
    select
        c.indicator_id,
        c.column_order,
        c.column_name,
        c.period_type,
        c.period_start,
        p.period_code,
        c.value,
        c.suppression,
        c.missing_symbol,
        c.note_sv,
        c.is_judged_period,
        -- the report's `*`: a value shown with a quality note
        coalesce(c.suppression is null and c.value is not null and c.note_sv is not null, false) as is_marked
    from cells as c
    left join periods as p on c.period_type = p.period_type and c.period_start = p.period_start
),

per_indicator as (
    select
        indicator_id,
        max(case when is_judged_period then period_code end) as judged_period_code,
        {{ listagg_sorted('period_code', "' '", 'column_order', 'is_marked') }} as marked_period_codes,
        {{ listagg_sorted("period_code || ': ' || note_sv", "'; '", 'column_order', 'is_marked') }}
            as marked_notes_sv
    from cells_shown
    group by indicator_id
),

final as (
    select
        o.display_order,
        o.indicator_id,
        o.indicator_label_sv,
        coalesce(lu.label_sv, o.unit) as unit_sv,
        c.column_order,
        c.column_name,
        c.period_type,
        c.period_start,
        c.period_code,
        c.value,
        c.suppression,
        c.missing_symbol,
        c.note_sv,
        c.is_marked,
        o.riktning,
        o.riktning_sv,
        o.niva,
        o.niva_sv,
        a.judged_period_code,
        o.reference_label_sv,
        a.marked_period_codes,
        a.marked_notes_sv,
        o.unit,
        i.display_decimals
    from overview as o
    inner join indicators as i on o.indicator_id = i.indicator_id
    inner join cells_shown as c on o.indicator_id = c.indicator_id
    left join per_indicator as a on o.indicator_id = a.indicator_id
    left join labels as lu on lu.domain = 'unit' and o.unit = lu.code
)

select * from final
