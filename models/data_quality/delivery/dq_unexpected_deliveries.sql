{#
    Delivered files that dq_delivery_coverage cannot place on the delivery calendar, so that no
    delivered file is silently lost: names that do not follow the source's file_pattern, periods
    outside the follow-up period or not scheduled, and organisation codes that are not municipalities
    of the county. The file inventory and name parsing come from int_landing_files_parsed, shared
    with dq_delivery_coverage.
#}
with delivery_schedule as (
    select * from {{ ref('reference__delivery_schedule') }}
),

expected_deliveries as (
    select * from {{ ref('int_expected_deliveries') }}
),

municipalities as (
    select * from {{ ref('reference__municipalities') }}
),

parsed_files as (
    select * from {{ ref('int_landing_files_parsed') }}
),

follow_up_window as (
    select * from {{ ref('int_follow_up_window') }}
),

unplaced_files as (
    select parsed_files.*
    from parsed_files
    left join expected_deliveries
        on
            parsed_files.source = expected_deliveries.source
            and parsed_files.org_code = expected_deliveries.org_code
            and parsed_files.period_start = expected_deliveries.period_start
    where expected_deliveries.source is null
),

final as (
    select
        unplaced_files.source,
        unplaced_files.file_name,
        unplaced_files.org_code,
        unplaced_files.period_start,
        unplaced_files.version,
        case
            when unplaced_files.period_start is null then 'file_name_not_parsed'
            when
                delivery_schedule.org_scope = 'municipality'
                and unplaced_files.org_code not in (select municipalities.municipality_code from municipalities)
                then 'unknown_organisation'
            when
                unplaced_files.period_start
                < date_trunc(delivery_schedule.frequency, follow_up_window.follow_up_start_date)
                or {{ period_end_date('delivery_schedule.frequency', 'unplaced_files.period_start') }}
                > follow_up_window.follow_up_end_date
                then 'period_outside_follow_up'
            else 'period_not_scheduled'
        end as reason,
        unplaced_files.valid_row_count as rows_delivered
    from unplaced_files
    inner join delivery_schedule on unplaced_files.source = delivery_schedule.source
    cross join follow_up_window
)

select * from final
