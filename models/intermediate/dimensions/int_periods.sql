{#
    Months, quarters and years of the follow-up period (vars period_start .. period_end), with the
    Swedish labels the published tables use: 'jan-24', 'Q1 2022', '2022'.
#}
with months as (
    select
        unnest(
            generate_series(
                date_trunc('month', '{{ var("period_start") }}'::date),
                date_trunc('month', '{{ var("period_end") }}'::date),
                interval 1 month
            )
        )::date as month_start
),

periods as (
    select distinct
        'month' as period_type,
        month_start as period_start
    from months
    union all
    select distinct
        'quarter' as period_type,
        date_trunc('quarter', month_start)::date as period_start
    from months
    union all
    select distinct
        'year' as period_type,
        date_trunc('year', month_start)::date as period_start
    from months
),

final as (
    select
        period_type,
        period_start,
        {{ period_end_date('period_type', 'period_start') }} as period_end,
        year(period_start) as period_year,
        quarter(period_start) as period_quarter,
        case when period_type = 'month' then month(period_start) end as period_month,
        case period_type
            when 'month'
                then
                    {{ swedish_months_sql() }}[month(period_start)]
                    || '-' || right(year(period_start)::varchar, 2)
            when 'quarter' then 'Q' || quarter(period_start) || ' ' || year(period_start)
            else year(period_start)::varchar
        end as period_label_sv,
        period_start >= '{{ var("period_start") }}'::date
        and {{ period_end_date('period_type', 'period_start') }} <= '{{ var("period_end") }}'::date
            as is_within_follow_up
    from periods
)

select * from final
