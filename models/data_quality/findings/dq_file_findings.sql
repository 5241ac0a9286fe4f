{#
    Landing files that give no rows at all as findings: unreadable, empty or header only (a missing
    column is a row finding, in dq_invalid_row_findings). One row per such file. And accrual correction
    files (`_korr`, version 0 in int_landing_files_parsed): their rows are data and add to their month, but
    the month's costs changed after its first delivery, which a reviewer should see (an info finding).
#}
with landing_files as (
    select * from {{ ref('int_landing_files') }}
),

parsed_files as (
    select * from {{ ref('int_landing_files_parsed') }}
),

final as (
    select
        f.source || '.' || case f.file_status
            when 'unreadable' then 'unreadable_file'
            when 'empty' then 'empty_file'
            else 'header_only_file'
        end || '.file' as check_id,
        f.source,
        f.file_name,
        cast(null as bigint) as line_number,
        -- organisation and period as the file name gives them (NULL when it follows no pattern)
        coalesce(
            p.org_code, case when f.source not in {{ municipal_sources() }} then {{ region_code() }} end
        ) as org_code,
        p.period_start,
        cast(null as {{ dbt.type_string() }}) as column_name,
        f.file_name || ': ' || f.status_message as message
    from landing_files as f
    left join parsed_files as p on f.source = p.source and f.file_name = p.file_name
    where f.file_status in ('unreadable', 'empty', 'header_only')

    union all

    select
        p.source || '.correction.accrual_correction' as check_id,
        p.source,
        p.file_name,
        cast(null as bigint) as line_number,
        p.org_code,
        p.period_start,
        cast(null as {{ dbt.type_string() }}) as column_name,
        p.file_name || ': an accrual correction of ' || {{ format_date('p.period_start', '%Y-%m') }} || ', '
        || p.valid_row_count || ' valid rows added to the month after its first delivery' as message
    from parsed_files as p
    where p.version = 0
)

select * from final
