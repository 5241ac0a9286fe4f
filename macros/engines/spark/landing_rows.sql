{#
    Spark's landing_rows(): the same columns and values as duckdb__landing_rows (one row per data
    line of every readable file of one landing source: file, encoding, separator, line number, the
    line as delivered or masked, then every column as text; see that macro for the rules). Spark's
    arrays: element_at() and array_position() count from 1, array_position() gives 0 (not NULL)
    for a missing value, and the lines are numbered with posexplode() (from 0).
#}
{% macro spark__landing_rows(source_relation, source_name, columns) %}
with files as (
    {{ spark__landing_files(source_relation) }}
),

file_lines as (
    select
        file_path,
        file_name,
        file_bytes,
        last_modified,
        file_encoding,
        line_list,
        trim(trailing chr(13) from element_at(line_list, 1)) as header_text,
        {{ spark__personnummer_shape('file_text') }} as may_hold_personnummer
    from (select *, split(file_text, '\n', -1) as line_list from files where unreadable_reason is null) as split_files
),

headers as (
    select
        *,
        {{ spark__split_delimited('header_text', 'field_separator') }} as header_fields
    from (select *, {{ detect_separator('header_text') }} as field_separator from file_lines) as separated
),

positions as (
    select
        file_path,
        file_name,
        file_bytes,
        last_modified,
        file_encoding,
        line_list,
        may_hold_personnummer,
        field_separator,
        header_fields,
        cast(size(keys) as bigint) as header_field_count,
        {%- set required = columns | selectattr('required') | list %}
        {%- if required %}
        filter(
            array(
                {%- for col in required %}
                case when {{ spark_column_position(col) }} is null then '{{ col.header }}' end{{ "," if not loop.last }}
                {%- endfor %}
            ),
            missing -> missing is not null
        ) as missing_columns,
        {%- else %}
        cast(array() as array<string>) as missing_columns,
        {%- endif %}
        {%- for col in columns %}
        {{ spark_column_position(col) }} as position__{{ col.name }}{{ "," if not loop.last }}
        {%- endfor %}
    from (select *, transform(header_fields, h -> {{ spark__header_key('h') }}) as keys from headers) as keyed
),

lines as (
    select
        file_path,
        file_name,
        file_bytes,
        last_modified,
        file_encoding,
        may_hold_personnummer,
        field_separator,
        header_fields,
        header_field_count,
        missing_columns,
        {%- for col in columns %}
        position__{{ col.name }},
        {%- endfor %}
        cast(line_index + 1 as bigint) as line_number,
        trim(trailing chr(13) from raw_line) as line_text
    from positions
        lateral view posexplode(line_list) exploded as line_index, raw_line
),

split_data_lines as (
    select
        *,
        {{ spark__split_delimited('line_text', 'field_separator') }} as fields,
        case when may_hold_personnummer then {{ spark__contains_personnummer('line_text') }} else false end
            as has_personnummer
    from lines
    where line_number > 1 and not {{ spark__is_blank_line('line_text') }}
),

data_lines as (
    -- where a personnummer is, by the header of its field (or 'field N' beyond the header)
    select
        *,
        case
            when has_personnummer
                then cast(array_position(transform(fields, f -> {{ spark__contains_personnummer('f') }}), true) as int)
        end as personnummer_position
    from split_data_lines
)

select
    '{{ source_name }}' as source_name,
    file_name,
    file_path,
    file_bytes,
    last_modified,
    file_encoding,
    field_separator,
    line_number,
    case when has_personnummer then {{ spark__mask_personnummer('line_text') }} else line_text end as line_text,
    case
        when personnummer_position = 0 then 'the line'
        when personnummer_position > 0
            then coalesce(
                {{ spark__mask_personnummer('element_at(header_fields, personnummer_position)') }},
                'field ' || personnummer_position
            )
    end as personnummer_column,
    cast(size(fields) as bigint) as field_count,
    header_field_count,
    missing_columns,
    {%- for col in columns %}
    case
        when has_personnummer
            then {{ spark__mask_personnummer("nullif(element_at(fields, position__" ~ col.name ~ "), '')") }}
        else nullif(element_at(fields, position__{{ col.name }}), '')
    end as {{ col.name }}{{ "," if not loop.last }}
    {%- endfor %}
from data_lines
{% endmacro %}

{# The position (from 1) of one column in a file's header keys: the first of its aliases found, else NULL. #}
{% macro spark_column_position(col) -%}
    cast(coalesce(
        {%- for alias in col.aliases %}
        nullif(array_position(keys, '{{ alias }}'), 0){{ "," if not loop.last }}
        {%- endfor %}
    ) as int)
{%- endmacro %}
