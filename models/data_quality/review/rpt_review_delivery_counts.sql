{#
    The heat map's counts: expected, on-time, late, missing and corrected deliveries of each
    municipality-delivered source, per municipality (row), per month (column), per kommunalförbund
    (group of rows) and in all. The levels share one list of counts (`counts` below).
#}
{%- set counts -%}
        count(distinct org_code) as municipalities,
        count(*) filter (where status <> 'none') as expected,
        count(*) filter (where status = 'on_time') as on_time,
        count(*) filter (where status = 'late') as late,
        count(*) filter (where status = 'missing') as missing,
        count(*) filter (where is_corrected) as corrected
{%- endset %}

with cells as (
    select * from {{ ref('rpt_review_delivery_cells') }}
),

per_municipality as (
    select
        source,
        'municipality' as rollup_level,
        org_code as group_code,
        cast(null as date) as period_start,
        cast(null as {{ dbt.type_string() }}) as month_abbreviation_sv,
        cast(null as {{ dbt.type_string() }}) as period_label_long_sv,
        {{ counts }}
    from cells
    group by source, org_code
),

per_month as (
    select
        source,
        'month' as rollup_level,
        {{ format_date('period_start', '%Y-%m') }} as group_code,
        period_start,
        min(month_abbreviation_sv) as month_abbreviation_sv,
        min(period_label_long_sv) as period_label_long_sv,
        {{ counts }}
    from cells
    group by source, period_start
),

per_kommunalforbund as (
    select
        source,
        'kommunalforbund' as rollup_level,
        kommunalforbund_name as group_code,
        cast(null as date) as period_start,
        cast(null as {{ dbt.type_string() }}) as month_abbreviation_sv,
        cast(null as {{ dbt.type_string() }}) as period_label_long_sv,
        {{ counts }}
    from cells
    group by source, kommunalforbund_name
),

in_all as (
    select
        source,
        'all' as rollup_level,
        'all' as group_code,
        cast(null as date) as period_start,
        cast(null as {{ dbt.type_string() }}) as month_abbreviation_sv,
        cast(null as {{ dbt.type_string() }}) as period_label_long_sv,
        {{ counts }}
    from cells
    group by source
),

final as (
    select * from per_municipality
    union all
    select * from per_month
    union all
    select * from per_kommunalforbund
    union all
    select * from in_all
)

select * from final
