{#
    Every file in every landing folder, from each source's base_<source>__files inventory (read
    from the files' bytes, not through their rows), so an empty, header-only or unreadable file is
    listed too: size, encoding, separator, line counts,
    status and, for a readable file, the required columns its header lacks (from its base rows).
    The file list of dq_file_reconciliation and of the file-level findings.
#}
with inventory as (
    {% for landing in landing_sources() %}
        select * from {{ ref('base_' ~ landing.name ~ '__files') }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

missing_columns as (
    {% for landing in landing_sources() %}
        select
            source_name as source,
            file_name,
            -- one list per file: min() is any value (any_value is not in PostgreSQL 15)
            min(missing_columns) as missing_columns
        from {{ ref(landing.base) }}
        group by source_name, file_name
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

final as (
    select
        i.source,
        i.file_name,
        i.file_bytes,
        i.last_modified,
        i.file_encoding,
        i.field_separator,
        i.line_count,
        i.data_lines,
        i.blank_lines,
        coalesce(m.missing_columns, {{ empty_string_list() }}) as missing_columns,
        case
            when {{ string_list_size('m.missing_columns') }} > 0 then 'missing_columns' else i.file_status
        end as file_status,
        case
            when {{ string_list_size('m.missing_columns') }} > 0
                then
                    'required column(s) ' || {{ string_list_join('m.missing_columns', "', '") }} || ' missing in '
                    || i.file_name || '; the file is skipped (every row quarantined)'
            else i.status_message
        end as status_message
    from inventory as i
    left join missing_columns as m on i.source = m.source and i.file_name = m.file_name
)

select * from final
