{#
    The export file trend.csv (`nara-vard export`): fct_indicator_trend_v2 as a reader of the file sees
    it, each value beside the value a year earlier, Riktning, Nivå and the change test in Swedish words
    (dim_label). Python heads the columns (dim_label, domain `export_column`), rounds, prints `..` where
    this cell or the one a year earlier is hidden and leaves out the code and order columns.
#}
with trend as (
    select * from {{ ref('fct_indicator_trend', v=2) }}
),

indicator_values as (
    select * from {{ ref('fct_indicator_values', v=2) }}
),

indicators as (
    select * from {{ ref('dim_indicator') }}
),

geographies as (
    select * from {{ ref('dim_geography') }}
),

periods as (
    select * from {{ ref('dim_period') }}
),

labels as (
    select * from {{ ref('dim_label') }}
),

final as (
    select
        t.indicator_id,
        i.indicator_name_sv,
        coalesce(lg.label_sv, t.geo_level) as geo_level_sv,
        t.geo_code,
        g.geo_name_sv,
        coalesce(lp.label_sv, t.period_type) as period_type_sv,
        dp.period_code,
        t.period_start,
        t.sex,
        t.value,
        coalesce(lu.label_sv, i.unit) as unit_sv,
        pp.period_code as previous_period_code,
        t.previous_value,
        t.change_absolute,
        t.change_relative,
        t.riktning,
        lr.label_sv as riktning_sv,
        ly.label_sv as change_is_significant_sv,
        t.target_value,
        i.reference_label_sv,
        t.niva,
        ln.label_sv as niva_sv,
        coalesce(lq.label_sv, t.quality_flag) as quality_flag_sv,
        t.suppression,
        lm.label_long_sv as missing_reason_sv,
        -- the codes and orders the file is sorted and rounded by, and what hides the value a year earlier
        t.previous_period_start,
        p.suppression as previous_suppression,
        t.geo_level,
        t.period_type,
        i.display_decimals,
        i.display_order,
        lg.sort_order as geo_level_sort_order,
        lp.sort_order as period_type_sort_order,
        ls.sort_order as sex_sort_order
    from trend as t
    inner join indicators as i on t.indicator_id = i.indicator_id
    left join geographies as g on t.geo_level = g.geo_level and t.geo_code = g.geo_code
    left join indicator_values as p
        on
            t.indicator_id = p.indicator_id
            and t.geo_level = p.geo_level
            and t.geo_code = p.geo_code
            and t.period_type = p.period_type
            and t.sex = p.sex
            and t.previous_period_start = p.period_start
    left join indicator_values as c on {{ same_cell('t', 'c') }}
    left join periods as dp on t.period_type = dp.period_type and t.period_start = dp.period_start
    left join periods as pp on t.period_type = pp.period_type and t.previous_period_start = pp.period_start
    {{ label_joins([
        ('lg', 'geo_level', 't.geo_level'),
        ('lp', 'period_type', 't.period_type'),
        ('ls', 'sex', 't.sex'),
        ('lu', 'unit', 'i.unit'),
        ('lr', 'riktning', 't.riktning'),
    ]) }}
    left join labels as ly
        on ly.domain = 'yes_no' and cast(t.change_is_significant as {{ dbt.type_string() }}) = ly.code
    left join labels as ln on ln.domain = 'niva_' || i.reference_kind and t.niva = ln.code
    {{ label_joins([
        ('lq', 'quality_flag', 't.quality_flag'),
        ('lm', 'missing_reason', 'c.missing_reason'),
    ]) }}
)

select * from final
