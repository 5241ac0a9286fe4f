{#
    The files of one landing source as text: one row per file with its size, modification time,
    detected encoding and decoded text, or the reason it is not a text file at all. The encoding is
    detected once per file: valid UTF-8 (with or without byte-order mark), else Windows-1252, which
    also reads Latin-1 (they differ only in rarely used bytes 0x80-0x9F). A file is unreadable when
    it is UTF-16, a workbook or other binary (it has NUL bytes); it then has no text and no lines.
    A BLOB cast to text shows each non-printable byte as \xHH and a backslash as \x5C, so '\x00'
    in that text can only be a NUL byte.
#}
{% macro landing_files(source_relation) -%}
    {{ return(adapter.dispatch('landing_files', 'nara_vard')(source_relation)) }}
{%- endmacro %}

{# The DuckDB implementation (read_blob content as BLOB; the helpers below are DuckDB-only). #}
{% macro duckdb__landing_files(source_relation) -%}
    select
        file_path,
        file_name,
        file_bytes,
        last_modified,
        unreadable_reason,
        case
            when unreadable_reason is not null then null
            when utf8_text is null then 'windows-1252'
            when starts_with(utf8_text, chr(65279)) then 'utf-8-bom'
            else 'utf-8'
        end as file_encoding,
        case
            when unreadable_reason is not null then null
            when utf8_text is null then ltrim({{ decode_windows_1252('content') }}, chr(65279))
            -- ltrim() copies the whole text: only where there is a byte-order mark to remove
            when starts_with(utf8_text, chr(65279)) then ltrim(utf8_text, chr(65279))
            else utf8_text
        end as file_text
    from (
        select
            *,
            case
                when content[1:2] in (unhex('FFFE'), unhex('FEFF'))
                    then 'the file is UTF-16 text (Excel "Unicode text"); export it as CSV in UTF-8 or Windows-1252'
                when content[1:4] = unhex('504B0304')
                    then 'the file is a zip archive or Excel workbook (.xlsx), not a CSV text file'
                when content[1:8] = unhex('D0CF11E0A1B11AE1')
                    then 'the file is an Excel 97-2003 workbook (.xls), not a CSV text file'
                -- the same test on the decoded text where there is one (cheaper than the \xHH rendering)
                when case when utf8_text is null then contains(content::varchar, '\x00') else contains(utf8_text, chr(0)) end
                    then 'the file holds binary data (NUL bytes), not text'
            end as unreadable_reason
        from (
            select
                filename as file_path,
                regexp_extract(filename, '[^/\\]+$') as file_name,
                size as file_bytes,
                last_modified,
                content,
                try(decode(content)) as utf8_text
            from {{ source_relation }}
        ) as decoded
    ) as blobs
{%- endmacro %}

{#
    A line with no data: empty, or only spaces, tabs, no-break spaces, separators and quotes (a
    spreadsheet's trailing ";;;;" rows). Such lines are counted per file, never read as rows.
    DuckDB-only SQL: used only from the duckdb__ landing implementations.
#}
{% macro is_blank_line(line) -%}
    regexp_full_match({{ line }}, '[ \t;,"' || chr(160) || chr(13) || ']*')
{%- endmacro %}

{#
    Every file of one landing source with what can be said about it before its rows are read:
    size, encoding, separator, line counts and a status (unreadable, empty, header_only or
    readable) with the reason in words. Rows read from a readable file = data_lines.
#}
{% macro landing_file_inventory(source_relation, source_name) -%}
    {{ return(adapter.dispatch('landing_file_inventory', 'nara_vard')(source_relation, source_name)) }}
{%- endmacro %}

{# The DuckDB implementation. #}
{% macro duckdb__landing_file_inventory(source_relation, source_name) -%}
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
                coalesce(len(line_list) - case when ends_with(file_text, chr(10)) then 1 else 0 end, 0)
                    as line_count,
                coalesce(len(list_filter(line_list[2:], l -> not {{ is_blank_line('l') }})), 0) as data_lines
            from (
                select
                    *,
                    line_list[1] as header_line
                from (
                    select
                        *,
                        case when file_text <> '' then string_split(file_text, chr(10)) end as line_list
                    from ({{ landing_files(source_relation) }}) as files
                ) as split_files
            ) as file_lines
        ) as counted
    ) as classified
{%- endmacro %}
