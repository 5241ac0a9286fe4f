{#
    The rows of every file of one landing source, parsed but not interpreted.

    `source_relation` is a dbt source over read_blob('<landing>/<source>/*'); `columns` is a list of
    {name, header, aliases, required}: `name` is our column name, `header` the name the contract uses
    (for messages), `aliases` the header_key() forms a delivery may use. Columns are found by header
    name, so reordered or extra columns are harmless and a missing one is named in `missing_columns`.

    One output row per non-blank line after the header, carrying file name, encoding, separator,
    line number and the line as delivered, then every column as text. Nothing is cast or dropped here.
#}
{% macro landing_rows(source_relation, source_name, columns) %}
with blobs as (
    select
        filename as file_path,
        regexp_extract(filename, '[^/\\]+$') as file_name,
        content,
        try(decode(content)) as utf8_text
    from {{ source_relation }}
),

files as (
    select
        file_path,
        file_name,
        case
            when utf8_text is null then 'windows-1252'
            when starts_with(utf8_text, chr(65279)) then 'utf-8-bom'
            else 'utf-8'
        end as file_encoding,
        ltrim(
            case when utf8_text is null then {{ decode_windows_1252('content') }} else utf8_text end,
            chr(65279)
        ) as file_text
    from blobs
),

split_lines as (
    select
        file_path,
        file_name,
        file_encoding,
        unnest(generate_series(1, len(line_list))) as line_number,
        unnest(line_list) as raw_line
    from (select *, string_split(file_text, chr(10)) as line_list from files)
),

lines as (
    select
        file_path,
        file_name,
        file_encoding,
        line_number,
        rtrim(raw_line, chr(13)) as line_text
    from split_lines
),

headers as (
    select
        file_path,
        {{ detect_separator('line_text') }} as field_separator,
        line_text as header_text
    from lines
    where line_number = 1
),

header_keys as (
    select
        file_path,
        field_separator,
        list_transform({{ split_delimited('header_text', 'field_separator') }}, h -> {{ header_key('h') }}) as keys
    from headers
),

positions as (
    select
        file_path,
        field_separator,
        len(keys) as header_field_count,
        {%- for col in columns %}
        coalesce(
            {%- for alias in col.aliases %}
            list_position(keys, '{{ alias }}'){{ "," if not loop.last }}
            {%- endfor %}
        ) as position__{{ col.name }}{{ "," if not loop.last }}
        {%- endfor %}
    from header_keys
),

data_lines as (
    select
        l.file_path,
        l.file_name,
        l.file_encoding,
        l.line_number,
        l.line_text,
        p.*,
        {{ split_delimited('l.line_text', 'p.field_separator') }} as fields
    from lines as l
    inner join positions as p on l.file_path = p.file_path
    where l.line_number > 1 and trim(l.line_text) <> ''
)

select
    '{{ source_name }}' as source_name,
    file_name,
    file_path,
    file_encoding,
    field_separator,
    line_number,
    line_text,
    len(fields) as field_count,
    header_field_count,
    list_filter(
        [
            {%- for col in columns if col.required %}
            case when position__{{ col.name }} is null then '{{ col.header }}' end{{ "," if not loop.last }}
            {%- endfor %}
        ],
        missing -> missing is not null
    ) as missing_columns,
    {%- for col in columns %}
    nullif(fields[position__{{ col.name }}], '') as {{ col.name }}{{ "," if not loop.last }}
    {%- endfor %}
from data_lines
{% endmacro %}
