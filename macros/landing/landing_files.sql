{#
    landing_files(source_relation): the files of one landing source as text: one row per file with
    its size, modification time, detected encoding and decoded text, or the reason it is not a text
    file at all. `source_relation` has read_blob's columns (filename, content, size, last_modified):
    DuckDB's read_blob, PostgreSQL's landing.<source> view over landing.raw_files (`nara-vard load`),
    Spark's binaryFile view (landing_create_relations()).

    The encoding is detected once per file: valid UTF-8 (with or without byte-order mark), else
    Windows-1252, which also reads Latin-1 (they differ only in rarely used bytes 0x80-0x9F). A file
    is unreadable when it is UTF-16, a workbook or other binary (it has NUL bytes); it then has no
    text and no lines. One body for every engine, over dispatched building blocks (decode_utf8,
    decode_windows_1252, blob_starts_with, has_nul_byte, path_file_name, ...).
#}
{% macro landing_files(source_relation) -%}
    {%- set bom = unicode_char(65279) -%}
    select
        file_path,
        file_name,
        file_bytes,
        last_modified,
        unreadable_reason,
        case
            when unreadable_reason is not null then null
            when utf8_text is null then 'windows-1252'
            when {{ text_starts_with('utf8_text', bom) }} then 'utf-8-bom'
            else 'utf-8'
        end as file_encoding,
        case
            when unreadable_reason is not null then null
            when utf8_text is null then {{ trim_chars(decode_windows_1252('content'), bom, 'leading') }}
            -- trimming copies the whole text: only where there is a byte-order mark to remove
            when {{ text_starts_with('utf8_text', bom) }} then {{ trim_chars('utf8_text', bom, 'leading') }}
            else utf8_text
        end as file_text
    from (
        select
            *,
            case
                when {{ blob_starts_with('content', ['FFFE', 'FEFF']) }}
                    then 'the file is UTF-16 text (Excel "Unicode text"); export it as CSV in UTF-8 or Windows-1252'
                when {{ blob_starts_with('content', ['504B0304']) }}
                    then 'the file is a zip archive or Excel workbook (.xlsx), not a CSV text file'
                when {{ blob_starts_with('content', ['D0CF11E0A1B11AE1']) }}
                    then 'the file is an Excel 97-2003 workbook (.xls), not a CSV text file'
                when {{ has_nul_byte('content', 'utf8_text') }}
                    then 'the file holds binary data (NUL bytes), not text'
            end as unreadable_reason
        from (
            select
                filename as file_path,
                {{ path_file_name('filename') }} as file_name,
                size as file_bytes,
                last_modified,
                content,
                {{ decode_utf8('content') }} as utf8_text
            from {{ source_relation }}
        ) as decoded
    ) as blobs
    {#- PostgreSQL: a fence, without which the planner pulls this query up into its caller and
        decodes a file again wherever a caller's expression reads file_text (once per line) #}
    {{ optimization_fence() }}
{%- endmacro %}
