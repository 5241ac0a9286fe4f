{# Months, quarters and years of the follow-up period for BI tools (built in int_periods). #}
with periods as (
    select * from {{ ref('int_periods') }}
),

final as (
    select
        period_type,
        period_start,
        period_end,
        period_year,
        period_quarter,
        period_month,
        period_label_sv,
        is_within_follow_up,
        is_in_progress,
        period_code
    from periods
)

select * from final
