{#
    Missing and late deliveries as findings: one row per expected delivery of dq_delivery_coverage
    whose status is `missing` or `late`, with the expected file name when nothing arrived.
#}
with coverage as (
    select * from {{ ref('dq_delivery_coverage') }}
),

expected_deliveries as (
    select * from {{ ref('int_expected_deliveries') }}
),

final as (
    select
        c.source || '.delivery.' || c.status as check_id,
        c.source,
        coalesce(c.file_name, e.expected_file_name) as file_name,
        cast(null as bigint) as line_number,
        c.org_code,
        c.period_start,
        cast(null as {{ dbt.type_string() }}) as column_name,
        case c.status
            when 'missing'
                then
                    c.source || ' for ' || e.period_label || ' from ' || c.org_code || ' has not arrived (deadline '
                    || c.deadline_date || ')'
            else
                c.file_name || ' arrived ' || c.delivered_at || ', ' || c.days_late || ' days after the deadline '
                || c.deadline_date
        end as message
    from coverage as c
    inner join expected_deliveries as e
        on c.source = e.source and c.org_code = e.org_code and c.period_start = e.period_start
    where c.status in ('missing', 'late')
)

select * from final
