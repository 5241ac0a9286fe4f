{#
    The review page's indicator grid: every indicator × every quarter that has a region usability
    row, with the usability (NULL where the indicator has no row for the quarter) and whether the
    quarter reaches past the follow-up window (in progress, `int_periods`), which the page marks with `*`.
#}
with indicators as (
    select * from {{ ref('int_indicators') }}
),

periods as (
    select * from {{ ref('int_periods') }}
    where period_type = 'quarter'
),

usability as (
    select * from {{ ref('dq_indicator_usability') }}
    where geo_level = 'region' and period_type = 'quarter'
),

quarters as (
    select distinct
        period_start,
        period_label_sv
    from usability
),

final as (
    select
        i.indicator_id,
        i.indicator_name_sv,
        i.display_order,
        i.source,
        q.period_start,
        coalesce(q.period_label_sv, {{ quarter_label_sv('q.period_start') }}) as period_label_sv,
        coalesce(p.is_in_progress, true) as is_partial_quarter,
        u.usability,
        u.quality_flag,
        u.coverage_share,
        u.reason,
        u.reason_sv
    from indicators as i
    cross join quarters as q
    left join usability as u on i.indicator_id = u.indicator_id and q.period_start = u.period_start
    left join periods as p on q.period_start = p.period_start
)

select * from final
