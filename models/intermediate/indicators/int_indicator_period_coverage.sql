{#
    How completely each source is delivered for each period (month, quarter, year): the months the
    follow-up expects, the deliveries the calendar schedules, the months with facts, and — for 30-day
    readmissions — whether inpatient episodes reach 30 days past the period end.
#}
with facts as (
    select * from {{ ref('int_indicator_facts_monthly') }}
),

indicators as (
    select * from {{ ref('int_indicators') }}
),

periods as (
    select * from {{ ref('int_periods') }}
),

expected_deliveries as (
    select * from {{ ref('int_expected_deliveries') }}
),

schedule as (
    select * from {{ ref('reference__delivery_schedule') }}
),

follow_up_window as (
    select * from {{ ref('int_follow_up_window') }}
),

source_months as (
    select distinct
        i.source,
        f.fact_month
    from facts as f
    inner join indicators as i on f.indicator_id = i.indicator_id
),

period_sources as (
    select
        p.period_type,
        p.period_start,
        p.period_end,
        s.source,
        s.frequency as source_frequency,
        -- a regional source delivered every month is covered by the share of the period's months delivered
        s.org_scope = 'region' and s.frequency = 'month' and s.expected_months is null as is_monthly_source,
        -- only months up to the end of the follow-up are expected (a period in progress runs past it)
        cast({{ dbt.datediff('p.period_start', 'least(p.period_end, w.follow_up_end_date)', 'month') }} as bigint) + 1 as months_in_period  -- noqa: LT05
    from periods as p
    cross join schedule as s
    cross join follow_up_window as w
),

scheduled as (
    select
        p.period_type,
        p.period_start,
        e.source,
        count(*) as expected_deliveries
    from periods as p
    inner join expected_deliveries as e
        on e.period_start between p.period_start and p.period_end
    group by p.period_type, p.period_start, e.source
),

delivered as (
    select
        p.period_type,
        p.period_start,
        s.source,
        count(*) as months_delivered
    from periods as p
    inner join source_months as s
        on s.fact_month between p.period_start and p.period_end
    group by p.period_type, p.period_start, s.source
),

-- 30-day readmissions need inpatient episodes delivered through 30 days past the period end
followup_months as (
    select
        p.period_type,
        p.period_start,
        {{ month_series_start('p.period_start', 'm') }} as required_month
    from periods as p
    {{ month_series(
        'p.period_start',
        "cast(date_trunc('month', " ~ dbt.dateadd('day', 30, 'p.period_end') ~ ") as date)",
        'm'
    ) }}
),

followup as (
    select
        r.period_type,
        r.period_start,
        count(*) as months_required,
        count(s.fact_month) as months_delivered
    from followup_months as r
    left join source_months as s
        on r.required_month = s.fact_month and s.source = 'vega_slutenvard'
    group by r.period_type, r.period_start
),

final as (
    select
        ps.period_type,
        ps.period_start,
        ps.source,
        ps.source_frequency,
        -- the deliveries one organisation makes in the period: one a month, or one for a yearly source
        case when ps.source_frequency = 'year' then 1 else ps.months_in_period end as delivery_periods,
        ps.is_monthly_source,
        ps.months_in_period,
        coalesce(sc.expected_deliveries, 0) as expected_deliveries,
        coalesce(d.months_delivered, 0) as months_delivered,
        f.months_required as followup_months_required,
        f.months_delivered as followup_months_delivered
    from period_sources as ps
    left join scheduled as sc
        on ps.period_type = sc.period_type and ps.period_start = sc.period_start and ps.source = sc.source
    left join delivered as d
        on ps.period_type = d.period_type and ps.period_start = d.period_start and ps.source = d.source
    left join followup as f
        on ps.period_type = f.period_type and ps.period_start = f.period_start
)

select * from final
