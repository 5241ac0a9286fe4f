{#
    The follow-up window, one row: from var period_start to var period_end when one is given, else
    to the end of the latest month any monthly source has delivered a file with usable rows for (a
    rolling window: next month's files extend it with no configuration change). A file dated after
    the as-of date (var as_of_date, else the day of the run) cannot extend it. The as-of date is
    also what delivery deadlines are judged against: a delivery not yet due is not missing.
#}
{%- set configured_end = var("period_end", "") or "" %}
{%- set as_of = var("as_of_date", "") or run_started_at.strftime("%Y-%m-%d") %}
with landing_files as (
    select * from {{ ref('int_landing_files_parsed') }}
),

delivery_schedule as (
    select * from {{ ref('reference__delivery_schedule') }}
),

settings as (
    select
        cast('{{ var("period_start") }}' as date) as follow_up_start_date,
        cast(nullif('{{ configured_end }}', '') as date) as configured_end_date,
        cast('{{ as_of }}' as date) as as_of_date
),

delivered_months as (
    select max(f.period_start) as latest_delivered_month
    from landing_files as f
    inner join delivery_schedule as s on f.source = s.source
    cross join settings
    where
        s.frequency = 'month'
        and f.valid_row_count > 0
        and f.period_start <= settings.as_of_date
),

final as (
    select
        s.follow_up_start_date,
        cast(coalesce(
            s.configured_end_date,
            -- latest_delivered_month is a first of month (period_start); the rolling end is the
            -- last day of the month before as_of_date's
            {{ period_end_date("'month'", 'd.latest_delivered_month') }},
            {{ dbt.dateadd('day', -1, dbt.date_trunc('month', 's.as_of_date')) }}
        ) as date) as follow_up_end_date,
        s.configured_end_date is null as is_rolling,
        d.latest_delivered_month,
        s.as_of_date
    from settings as s
    cross join delivered_months as d
)

select * from final
