{#
    Landing files that give no rows at all as findings: unreadable, empty or header only (a missing
    column is a row finding, in dq_invalid_row_findings). One row per such file.
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
)

select * from final
