{#
    Months, quarters and years of the follow-up window (int_follow_up_window: rolling to the latest
    delivered month unless var period_end fixes it), with the Swedish labels the published tables use:
    'jan-24', 'Q1 2022', '2022'. A quarter or year the window ends inside is in progress.
#}
with follow_up_window as (
    select * from {{ ref('int_follow_up_window') }}
),

months as (
    select {{ month_series_start("cast(date_trunc('month', w.follow_up_start_date) as date)", 'm') }} as month_start
    from follow_up_window as w
    {{ month_series(
        "cast(date_trunc('month', w.follow_up_start_date) as date)",
        "cast(date_trunc('month', w.follow_up_end_date) as date)",
        'm'
    ) }}
),

periods as (
    select distinct
        'month' as period_type,
        month_start as period_start
    from months
    union all
    select distinct
        'quarter' as period_type,
        cast(date_trunc('quarter', month_start) as date) as period_start
    from months
    union all
    select distinct
        'year' as period_type,
        cast(date_trunc('year', month_start) as date) as period_start
    from months
),

final as (
    select
        p.period_type,
        p.period_start,
        {{ period_end_date('p.period_type', 'p.period_start') }} as period_end,
        cast(extract(year from p.period_start) as bigint) as period_year,
        cast(extract(quarter from p.period_start) as bigint) as period_quarter,
        case when p.period_type = 'month' then cast(extract(month from p.period_start) as bigint) end as period_month,
        case p.period_type
            when 'month'
                then
                    {{ swedish_month_abbreviation_of('p.period_start') }}
                    || '-' || right({{ format_date('p.period_start', '%Y') }}, 2)
            when 'quarter' then {{ quarter_label_sv('p.period_start') }}
            else {{ format_date('p.period_start', '%Y') }}
        end as period_label_sv,
        -- Statistics Sweden's period codes: one convention that Swedish Excel does not read as a date
        {{ period_code('p.period_type', 'p.period_start') }} as period_code,
        p.period_start >= w.follow_up_start_date
        and {{ period_end_date('p.period_type', 'p.period_start') }} <= w.follow_up_end_date
            as is_within_follow_up,
        -- a quarter or year the window ends inside: its value covers the months delivered so far
        {{ period_end_date('p.period_type', 'p.period_start') }} > w.follow_up_end_date as is_in_progress
    from periods as p
    cross join follow_up_window as w
)

select * from final
