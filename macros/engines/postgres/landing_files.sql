{#
    PostgreSQL versions of landing_files() and landing_file_inventory() (macros/landing/): the same
    columns and values as the DuckDB versions. The source relation is a view landing.<source> over
    landing.raw_files (`nara-vard load --target postgres`) with read_blob's columns.

    Engine differences handled here:
    - the unreadable checks look at the bytes (PostgreSQL text cannot hold NUL, so NUL is found in
      the bytea), in the DuckDB order: UTF-16 mark, zip/xlsx, xls, NUL;
    - UTF-8 validity: nara_vard_utf8_text() (postgres__engine_functions) gives NULL for bytes that are
      not valid UTF-8, as DuckDB's try(decode()) does;
    - Windows-1252: postgres__decode_windows_1252 (Latin-1 + the 27 defined bytes 0x80-0x9F);
    - subqueries are pulled up into their caller by the planner, so an expression on the file text
      would be evaluated once per reference (and per line): `offset 0` keeps each file decoded once.
#}
{% macro postgres__landing_files(source_relation) -%}
    select
        file_path,
        file_name,
        file_bytes,
        last_modified,
        unreadable_reason,
        case
            when unreadable_reason is not null then null
            when utf8_text is null then 'windows-1252'
            when left(utf8_text, 1) = chr(65279) then 'utf-8-bom'
            else 'utf-8'
        end as file_encoding,
        case
            when unreadable_reason is not null then null
            when utf8_text is null then ltrim({{ nara_vard.postgres__decode_windows_1252('content') }}, chr(65279))
            when left(utf8_text, 1) = chr(65279) then ltrim(utf8_text, chr(65279))
            else utf8_text
        end as file_text
    from (
        select
            *,
            case when unreadable_reason is null then {{ target.schema }}.nara_vard_utf8_text(content) end as utf8_text
        from (
            select
                filename as file_path,
                coalesce(substring(filename from '[^/\\]+$'), '') as file_name,
                size as file_bytes,
                last_modified,
                content,
                case
                    when substring(content from 1 for 2) in ('\xfffe'::bytea, '\xfeff'::bytea)
                        then 'the file is UTF-16 text (Excel "Unicode text"); export it as CSV in UTF-8 or Windows-1252'
                    when substring(content from 1 for 4) = '\x504b0304'::bytea
                        then 'the file is a zip archive or Excel workbook (.xlsx), not a CSV text file'
                    when substring(content from 1 for 8) = '\xd0cf11e0a1b11ae1'::bytea
                        then 'the file is an Excel 97-2003 workbook (.xls), not a CSV text file'
                    when position('\x00'::bytea in content) > 0
                        then 'the file holds binary data (NUL bytes), not text'
                end as unreadable_reason
            from {{ source_relation }}
        ) as blobs
    ) as decoded
    -- a fence: without it the planner pulls this query up into its caller and decodes a file
    -- again wherever a caller's expression reads file_text (once per line in landing_rows)
    offset 0
{%- endmacro %}

{#
    Lines are counted without splitting into an array: line_count = line feeds + 1, minus one when
    the text ends with a line feed (as DuckDB's len(string_split(…)) - 1); data_lines counts the
    non-blank lines after the first.
#}
{% macro postgres__landing_file_inventory(source_relation, source_name) -%}
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
                when data_lines = 0 and (header_line is null or {{ nara_vard.postgres__is_blank_line('header_line') }})
                    then 'empty'
                when data_lines = 0 then 'header_only'
                else 'readable'
            end as file_status
        from (
            select
                *,
                case when header_line is not null then {{ detect_separator('header_line') }} end as field_separator,
                coalesce(
                    case
                        when file_text <> ''
                            then length(file_text) - length(replace(file_text, chr(10), '')) + 1
                                - case when right(file_text, 1) = chr(10) then 1 else 0 end
                    end,
                    0
                )::bigint as line_count,
                coalesce(
                    (
                        select count(*)
                        from string_to_table(file_text, chr(10)) with ordinality as lines (line, line_number)
                        where line_number > 1 and not {{ nara_vard.postgres__is_blank_line('line') }}
                    ),
                    0
                )::bigint as data_lines
            from (
                select
                    *,
                    case when file_text <> '' then split_part(file_text, chr(10), 1) end as header_line
                from ({{ nara_vard.postgres__landing_files(source_relation) }}) as files
                offset 0
            ) as file_lines
            offset 0
        ) as counted
    ) as classified
{%- endmacro %}
