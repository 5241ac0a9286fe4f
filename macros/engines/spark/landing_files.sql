{#
    Spark's landing_files(): the same columns and values as duckdb__landing_files (one row per file:
    path, name, size, modification time, encoding, text or the reason it is unreadable). A file is
    valid UTF-8 when decoding and encoding it again gives its bytes back (Java's decoder puts U+FFFD
    where a byte sequence is invalid); else it is Windows-1252 (spark__decode_windows_1252).
#}
{% macro spark__landing_files(source_relation) -%}
    {%- set bom = "decode(unhex('EFBBBF'), 'UTF-8')" -%}
    select
        file_path,
        file_name,
        file_bytes,
        last_modified,
        unreadable_reason,
        case
            when unreadable_reason is not null then null
            when utf8_text is null then 'windows-1252'
            when substr(utf8_text, 1, 1) = {{ bom }} then 'utf-8-bom'
            else 'utf-8'
        end as file_encoding,
        case
            when unreadable_reason is not null then null
            -- Windows-1252 text has no U+FEFF to remove
            when utf8_text is null then {{ spark__decode_windows_1252('content') }}
            when substr(utf8_text, 1, 1) = {{ bom }} then trim(leading {{ bom }} from utf8_text)
            else utf8_text
        end as file_text
    from (
        select
            *,
            case
                when substr(content, 1, 2) in (unhex('FFFE'), unhex('FEFF'))
                    then 'the file is UTF-16 text (Excel "Unicode text"); export it as CSV in UTF-8 or Windows-1252'
                when substr(content, 1, 4) = unhex('504B0304')
                    then 'the file is a zip archive or Excel workbook (.xlsx), not a CSV text file'
                when substr(content, 1, 8) = unhex('D0CF11E0A1B11AE1')
                    then 'the file is an Excel 97-2003 workbook (.xls), not a CSV text file'
                -- a NUL byte is U+0000 in any decoding (it is never part of a UTF-8 sequence)
                when instr(decoded, chr(0)) > 0
                    then 'the file holds binary data (NUL bytes), not text'
            end as unreadable_reason
        from (
            select
                file_path,
                file_name,
                file_bytes,
                last_modified,
                content,
                decoded,
                case when encode(decoded, 'UTF-8') = content then decoded end as utf8_text
            from (
                select
                    filename as file_path,
                    element_at(split(filename, '[/\\\\]', -1), -1) as file_name,
                    size as file_bytes,
                    last_modified,
                    content,
                    decode(content, 'UTF-8') as decoded
                from {{ source_relation }}
            ) as read_files
        ) as decoded
    ) as blobs
{%- endmacro %}

{#
    Spark's landing_file_inventory(): the same columns and values as duckdb__landing_file_inventory
    (size, encoding, separator, line counts and status of every file of one landing source).
#}
{% macro spark__landing_file_inventory(source_relation, source_name) -%}
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
                when data_lines = 0 and (header_line is null or {{ spark__is_blank_line('header_line') }}) then 'empty'
                when data_lines = 0 then 'header_only'
                else 'readable'
            end as file_status
        from (
            select
                *,
                case when header_line is not null then {{ detect_separator('header_line') }} end as field_separator,
                -- the line feed that ends the last line does not start another one (size() of
                -- NULL is -1 on Spark: no lines is 0 here)
                case
                    when line_list is null then cast(0 as bigint)
                    else cast(size(line_list) as bigint) - case when right(file_text, 1) = chr(10) then 1 else 0 end
                end as line_count,
                case
                    when line_list is null then cast(0 as bigint)
                    else cast(size(filter(line_list, (l, i) -> i > 0 and not {{ spark__is_blank_line('l') }})) as bigint)
                end as data_lines
            from (
                select
                    *,
                    element_at(line_list, 1) as header_line
                from (
                    select
                        *,
                        case when file_text <> '' then split(file_text, '\n', -1) end as line_list
                    from ({{ spark__landing_files(source_relation) }}) as files
                ) as split_files
            ) as file_lines
        ) as counted
    ) as classified
{%- endmacro %}
