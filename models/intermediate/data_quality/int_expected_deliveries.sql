{#
    The delivery calendar unrolled over the follow-up window (int_follow_up_window): one row per
    source, organisation and expected period, with its deadline and whether that has passed on the
    as-of date. A period is expected when it starts in the window (truncated to the source's
    frequency), ends within it, falls in one of the source's expected months and is not one of its
    not-expected periods.
#}
with delivery_schedule as (
    select * from {{ ref('reference__delivery_schedule') }}
),

municipalities as (
    select * from {{ ref('reference__municipalities') }}
),

follow_up as (
    select * from {{ ref('int_follow_up_window') }}
),

candidate_periods as (
    select
        delivery_schedule.source,
        delivery_schedule.org_scope,
        delivery_schedule.frequency,
        delivery_schedule.expected_months,
        delivery_schedule.not_expected_periods,
        delivery_schedule.deadline_days_after_period_end,
        delivery_schedule.file_pattern,
        delivery_schedule.has_delivery_date_column,
        follow_up.follow_up_end_date,
        follow_up.as_of_date,
        {{ month_series_start(
            "cast(date_trunc(delivery_schedule.frequency, follow_up.follow_up_start_date) as date)", 'm'
        ) }} as period_start
    from delivery_schedule
    cross join follow_up
    {{ month_series(
        "cast(date_trunc(delivery_schedule.frequency, follow_up.follow_up_start_date) as date)",
        "cast(date_trunc('month', follow_up.follow_up_end_date) as date)",
        'm',
        step_months="case delivery_schedule.frequency when 'month' then 1 when 'quarter' then 3 else 12 end"
    ) }}
),

labelled_periods as (
    select
        *,
        {{ period_end_date('frequency', 'period_start') }} as period_end,
        case frequency
            when 'month' then {{ format_date('period_start', '%Y-%m') }}
            when 'quarter'
                then
                    {{ format_date('period_start', '%Y') }}
                    || '-Q' || cast({{ extract_int('quarter', 'period_start') }} as {{ dbt.type_string() }})
            else {{ format_date('period_start', '%Y') }}
        end as period_label
    from candidate_periods
),

expected_periods as (
    select *
    from labelled_periods
    where
        period_end <= follow_up_end_date
        and (
            expected_months is null
            or position(
                ' ' || cast({{ extract_int('month', 'period_start') }} as {{ dbt.type_string() }}) || ' '
                in ' ' || trim(expected_months) || ' '
            ) > 0
        )
        and (
            not_expected_periods is null
            or position(' ' || period_label || ' ' in ' ' || trim(not_expected_periods) || ' ') = 0
        )
),

organisations as (
    -- the region is VGR as a whole (county code 14); kommun_hsl is delivered by each municipality
    select
        'region' as org_scope,
        {{ region_code() }} as org_code
    union all
    select
        'municipality' as org_scope,
        municipality_code as org_code
    from municipalities
),

final as (
    select
        expected_periods.source,
        expected_periods.org_scope,
        organisations.org_code,
        expected_periods.frequency,
        expected_periods.period_start,
        expected_periods.period_end,
        expected_periods.period_label,
        cast((
            expected_periods.period_end + expected_periods.deadline_days_after_period_end
        ) as date) as deadline_date,
        expected_periods.period_end + expected_periods.deadline_days_after_period_end
        < expected_periods.as_of_date as is_due,
        replace(
            replace(
                replace(
                    replace(
                        replace(expected_periods.file_pattern, '{org_code}', organisations.org_code),
                        '{YYYYMM}', replace(expected_periods.period_label, '-', '')
                    ),
                    '{YYYY-MM}', expected_periods.period_label
                ),
                '{YYYY}-Q{n}', expected_periods.period_label
            ),
            '{YYYY}', expected_periods.period_label
        ) as expected_file_name,
        expected_periods.has_delivery_date_column
    from expected_periods
    inner join organisations on expected_periods.org_scope = organisations.org_scope
)

select * from final
