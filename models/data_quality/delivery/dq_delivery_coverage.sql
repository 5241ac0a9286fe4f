{#
    Delivery coverage: for every expected delivery of the calendar (int_expected_deliveries), was it
    delivered, and on time? The delivered files are read from the staging models (every landing
    line, valid or not, carries its file name); each file's organisation, period and version are
    parsed from its name with the source's file_pattern of reference__delivery_schedule. Files this model
    cannot place are kept by dq_unexpected_deliveries.
#}
with expected_deliveries as (
    select * from {{ ref('int_expected_deliveries') }}
),

parsed_files as (
    select * from {{ ref('int_landing_files_parsed') }}
),

delivered_files as (
    select
        *,
        row_number() over (
            partition by source, org_code, period_start
            order by version desc, file_delivered_date desc nulls last, file_name desc
        ) as version_rank,
        count(*) over (partition by source, org_code, period_start) as file_count,
        min(file_delivered_date) over (partition by source, org_code, period_start) as first_delivered_date
    from parsed_files
    where org_code is not null and period_start is not null and version is not null
),

deliveries as (
    -- one row per delivered source, organisation and period: the latest version's file
    select
        source,
        org_code,
        period_start,
        file_name,
        version,
        file_count,
        valid_row_count,
        first_delivered_date,
        file_delivered_date as latest_version_delivered_date
    from delivered_files
    where version_rank = 1
),

coverage as (
    select
        expected_deliveries.source,
        expected_deliveries.org_code,
        expected_deliveries.period_start,
        expected_deliveries.deadline_date,
        expected_deliveries.is_due,
        expected_deliveries.has_delivery_date_column,
        deliveries.file_name is not null as is_delivered,
        case when expected_deliveries.has_delivery_date_column then deliveries.first_delivered_date end
            as delivered_at,
        case when expected_deliveries.has_delivery_date_column then deliveries.latest_version_delivered_date end
            as last_delivered_at,
        deliveries.file_name,
        deliveries.version,
        deliveries.file_count,
        deliveries.valid_row_count as rows_delivered
    from expected_deliveries
    left join deliveries
        on
            expected_deliveries.source = deliveries.source
            and expected_deliveries.org_code = deliveries.org_code
            and expected_deliveries.period_start = deliveries.period_start
),

final as (
    select
        source,
        org_code,
        period_start,
        case
            -- not delivered before its deadline (judged on the as-of date) is not missing yet
            when not is_delivered and not is_due then 'not_due'
            when not is_delivered then 'missing'
            when delivered_at > deadline_date then 'late'
            else 'on_time'
        end as status,
        delivered_at,
        case
            when delivered_at > deadline_date then cast({{ dbt.datediff('deadline_date', 'delivered_at', 'day') }} as bigint)  -- noqa: LT05
            when delivered_at is not null then 0
        end as days_late,
        file_name,
        version,
        deadline_date,
        rows_delivered,
        file_count,
        last_delivered_at,
        has_delivery_date_column
    from coverage
)

select * from final
