{#
    The export file kommunjamforelse.csv (`nara-vard export`): rpt_municipality_comparison_v2 as a reader
    of the file sees it, the codes in Swedish words (dim_label). Python heads the columns (dim_label,
    domain `export_column`), rounds, prints `..` where `suppression` says a cell is hidden and leaves out
    the code and order columns.
#}
with comparison as (
    select * from {{ ref('rpt_municipality_comparison', v=2) }}
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

final as (
    select
        m.indicator_id,
        i.indicator_name_sv,
        coalesce(lg.label_sv, m.geo_level) as geo_level_sv,
        m.geo_code,
        m.geo_name_sv,
        m.kommunalforbund_name_sv,
        coalesce(lp.label_sv, m.period_type) as period_type_sv,
        dp.period_code,
        m.period_start,
        m.value,
        m.ci_lower,
        m.ci_upper,
        coalesce(lu.label_sv, i.unit) as unit_sv,
        m.population,
        m.value_per_1000,
        m.region_value,
        m.comparison_label_sv,
        m.comparison_position_label_sv,
        m.suppression,
        coalesce(lq.label_sv, m.quality_flag) as quality_flag_sv,
        lm.label_long_sv as missing_reason_sv,
        m.note_sv,
        -- the codes and orders the file is sorted and rounded by
        m.geo_level,
        m.period_type,
        i.display_decimals,
        i.display_order,
        lg.sort_order as geo_level_sort_order,
        lp.sort_order as period_type_sort_order
    from comparison as m
    inner join indicators as i on m.indicator_id = i.indicator_id
    left join periods as dp on m.period_type = dp.period_type and m.period_start = dp.period_start
    {{ label_joins([
        ('lg', 'geo_level', 'm.geo_level'),
        ('lp', 'period_type', 'm.period_type'),
        ('lu', 'unit', 'i.unit'),
        ('lq', 'quality_flag', 'm.quality_flag'),
        ('lm', 'missing_reason', 'm.missing_reason'),
    ]) }}
)

select * from final
