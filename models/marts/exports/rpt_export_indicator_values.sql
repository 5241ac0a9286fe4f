{#
    The export files indikatorvarden.csv, indikatorvarden_oavrundade.csv and the workbook's sheet per
    geography level (`nara-vard export`): fct_indicator_values_v2 as a reader of the files sees it, the
    indicator's, geography's and period's names and the codes' Swedish words (dim_label) beside the
    figures, and why a period can or cannot be used (the review of the totals). Python heads the columns
    with their words (dim_label, domain `export_column`), rounds, prints `..` where `suppression` says a
    cell is hidden and leaves out the code and order columns.
#}
with indicator_values as (
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

-- usability is judged on the totals, one row per cell, and its reason (a delivery missing, follow-up
-- time not passed) holds for K and M
usability as (
    select * from {{ ref('int_indicator_values_assessed') }}
    where sex = 'T'
),

final as (
    select
        v.indicator_id,
        i.indicator_name_sv,
        coalesce(lg.label_sv, v.geo_level) as geo_level_sv,
        v.geo_code,
        g.geo_name_sv,
        coalesce(lp.label_sv, v.period_type) as period_type_sv,
        p.period_code,
        v.period_start,
        v.period_end,
        v.sex,
        v.value,
        v.ci_lower,
        v.ci_upper,
        coalesce(lu.label_sv, v.unit) as unit_sv,
        v.numerator,
        v.denominator,
        v.suppression,
        coalesce(lq.label_sv, v.quality_flag) as quality_flag_sv,
        lm.label_long_sv as missing_reason_sv,
        v.coverage_share,
        -- NULL in the mart wherever T, K or M of the cell is hidden (it would narrow the hidden one down)
        v.sex_known_share,
        u.reason_sv,
        -- the codes and orders the files are sorted and the workbook split by
        v.geo_level,
        v.period_type,
        v.unit,
        i.display_decimals,
        i.display_order,
        lg.sort_order as geo_level_sort_order,
        lp.sort_order as period_type_sort_order,
        ls.sort_order as sex_sort_order
    from indicator_values as v
    inner join indicators as i on v.indicator_id = i.indicator_id
    left join geographies as g on v.geo_level = g.geo_level and v.geo_code = g.geo_code
    left join usability as u on {{ same_cell('v', 'u', with_sex=false) }}
    left join periods as p on v.period_type = p.period_type and v.period_start = p.period_start
    {{ label_joins([
        ('lg', 'geo_level', 'v.geo_level'),
        ('lp', 'period_type', 'v.period_type'),
        ('ls', 'sex', 'v.sex'),
        ('lu', 'unit', 'v.unit'),
        ('lq', 'quality_flag', 'v.quality_flag'),
        ('lm', 'missing_reason', 'v.missing_reason'),
    ]) }}
)

select * from final
