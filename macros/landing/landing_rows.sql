{#
    The rows of every file of one landing source, parsed but not interpreted.

    `source_relation` is a dbt source over read_blob('<landing>/<source>/*'); `columns` is a list of
    {name, header, aliases, required}: `name` is our column name, `header` the name the contract uses
    (for messages), `aliases` the header_key() forms a delivery may use. Columns are found by header
    name, so reordered or extra columns are harmless and a missing one is named in `missing_columns`.

    One output row per data line (a line after the header that is not blank, see is_blank_line),
    carrying file name, encoding, separator, line number and the line as delivered, then every
    column as text. Nothing is cast or dropped here, with two exceptions: files that are not text
    (landing_files() gives the reason; int_landing_files reports them) have no lines, and a line
    holding a personnummer or samordningsnummer is stored masked, with `personnummer_column` naming
    where it was, so staging quarantines it and no table outside the quarantine ever holds it.
#}
{% macro landing_rows(source_relation, source_name, columns) %}
with files as (
    {{ landing_files(source_relation) }}
),

split_lines as (
    select
        file_path,
        file_name,
        file_bytes,
        last_modified,
        file_encoding,
        unnest(generate_series(1, len(line_list))) as line_number,
        unnest(line_list) as raw_line
    from (select *, string_split(file_text, chr(10)) as line_list from files where unreadable_reason is null)
),

lines as (
    select
        file_path,
        file_name,
        file_bytes,
        last_modified,
        file_encoding,
        line_number,
        rtrim(raw_line, chr(13)) as line_text
    from split_lines
),

headers as (
    select
        file_path,
        {{ detect_separator('line_text') }} as field_separator,
        line_text as header_text,
        {{ split_delimited('line_text', detect_separator('line_text')) }} as header_fields
    from lines
    where line_number = 1
),

header_keys as (
    select
        file_path,
        field_separator,
        header_fields,
        list_transform(header_fields, h -> {{ header_key('h') }}) as keys
    from headers
),

positions as (
    select
        file_path,
        field_separator,
        header_fields,
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

split_data_lines as (
    select
        l.file_path,
        l.file_name,
        l.file_bytes,
        l.last_modified,
        l.file_encoding,
        l.line_number,
        l.line_text,
        p.*,
        {{ split_delimited('l.line_text', 'p.field_separator') }} as fields,
        {{ contains_personnummer('l.line_text') }} as has_personnummer
    from lines as l
    inner join positions as p on l.file_path = p.file_path
    where l.line_number > 1 and not {{ is_blank_line('l.line_text') }}
),

data_lines as (
    -- where a personnummer is, by the header of its field (or 'field N' beyond the header)
    select
        *,
        case
            when has_personnummer
                then coalesce(
                    list_position(list_transform(fields, f -> {{ contains_personnummer('f') }}), true)::integer,
                    0
                )
        end as personnummer_position
    from split_data_lines
)

select
    '{{ source_name }}' as source_name,
    file_name,
    file_path,
    -- with file_path, what an incremental build compares with the landing (landing_source())
    file_bytes,
    last_modified,
    file_encoding,
    field_separator,
    line_number,
    case when has_personnummer then {{ mask_personnummer('line_text') }} else line_text end as line_text,
    case
        when personnummer_position = 0 then 'the line'
        when personnummer_position > 0
            then coalesce(
                {{ mask_personnummer('header_fields[personnummer_position]') }}, 'field ' || personnummer_position
            )
    end as personnummer_column,
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
    case
        when has_personnummer then {{ mask_personnummer("nullif(fields[position__" ~ col.name ~ "], '')") }}
        else nullif(fields[position__{{ col.name }}], '')
    end as {{ col.name }}{{ "," if not loop.last }}
    {%- endfor %}
from data_lines
{% endmacro %}
