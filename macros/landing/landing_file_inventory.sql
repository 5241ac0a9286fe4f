{#
    landing_file_inventory(source_relation, source_name): every file of one landing source with what
    can be said about it before its rows are read: size, encoding, separator, line counts and a
    status (unreadable, empty, header_only or readable) with the reason in words. Rows read from a
    readable file = data_lines. One body for every engine (text_lines, line_count, count_data_lines).
#}
{% macro landing_file_inventory(source_relation, source_name) -%}
    select
        '{{ source_name }}' as source,
        file_name,
        file_path,
        file_bytes,
        last_modified,
        file_encoding,
        field_separator,
        line_count,
        data_lines,
        greatest(line_count - 1, 0) - data_lines as blank_lines,
        file_status,
        case file_status
            when 'unreadable' then unreadable_reason
            when 'empty' then 'the file is empty'
            when 'header_only' then 'the file has a header line but no data rows'
        end as status_message
    from (
        select
            *,
            case
                when unreadable_reason is not null then 'unreadable'
                when data_lines = 0 and (header_line is null or {{ is_blank_line('header_line') }}) then 'empty'
                when data_lines = 0 then 'header_only'
                else 'readable'
            end as file_status
        from (
            select
                *,
                case when header_line is not null then {{ detect_separator('header_line') }} end as field_separator,
                -- the line feed that ends the last line does not start another one (its empty
                -- piece is blank, so it is not a data line either)
                cast(
                    coalesce(
                        {{ line_count('line_list') }}
                        - case when {{ text_ends_with('file_text', 'chr(10)') }} then 1 else 0 end,
                        0
                    ) as bigint
                ) as line_count,
                cast(coalesce({{ count_data_lines('line_list') }}, 0) as bigint) as data_lines
            from (
                select
                    *,
                    {{ first_line('line_list') }} as header_line
                from (
                    select
                        *,
                        case when file_text <> '' then {{ text_lines('file_text') }} end as line_list
                    from ({{ landing_files(source_relation) }}) as files
                ) as split_files
                {{ optimization_fence() }}
            ) as file_lines
            {{ optimization_fence() }}
        ) as counted
    ) as classified
{%- endmacro %}
