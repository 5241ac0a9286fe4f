{#
    The review page's indicator grid: every indicator × every quarter that has a region usability
    row, with the usability (NULL where the indicator has no row for the quarter) and whether the
    quarter reaches past the follow-up window (in progress, `int_periods`), which the page marks with `*`.
    The Swedish words of the usability and the quality flag come from reference__labels_sv, the
    source's name from the delivery schedule.
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

schedule as (
    select * from {{ ref('reference__delivery_schedule') }}
),

labels as (
    select * from {{ ref('reference__labels_sv') }}
),

quarters as (
    select distinct period_start
    from usability
),

final as (
    select
        i.indicator_id,
        i.indicator_name_sv,
        i.display_order,
        i.source,
        coalesce(s.source_name_sv, i.source) as source_name_sv,
        q.period_start,
        {{ period_code("'quarter'", 'q.period_start') }} as period_code,
        coalesce(p.is_in_progress, true) as is_partial_quarter,
        u.usability,
        ul.label as usability_label_sv,
        ul.label_long as usability_label_long_sv,
        u.quality_flag,
        fl.label as quality_flag_label_sv,
        fl.label_long as quality_flag_label_long_sv,
        u.coverage_share,
        u.reason,
        u.reason_sv
    from indicators as i
    cross join quarters as q
    left join usability as u on i.indicator_id = u.indicator_id and q.period_start = u.period_start
    left join periods as p on q.period_start = p.period_start
    left join schedule as s on i.source = s.source
    left join labels as ul on ul.domain = 'usability' and u.usability = ul.code
    left join labels as fl on fl.domain = 'quality_flag' and u.quality_flag = fl.code
)

select * from final
