{#
    PostgreSQL version of landing_rows() (macros/landing/landing_rows.sql): one row per data line
    with the same columns and values as duckdb__landing_rows. Lists are text[] (missing_columns);
    counts are bigint as DuckDB's. Lines come from string_to_table(… , chr(10)) with ordinality;
    a file whose text is '' has no lines here where DuckDB has one empty header line: neither gives
    a data line. The header, separator and column positions are read once per file, as on DuckDB,
    and the personnummer pre-filter runs once on the whole file text.
#}
{% macro postgres__landing_rows(source_relation, source_name, columns) %}
with files as (
    {{ nara_vard.postgres__landing_files(source_relation) }}
),

file_lines as (
    select
        file_path,
        file_name,
        file_bytes,
        last_modified,
        file_encoding,
        file_text,
        rtrim(split_part(file_text, chr(10), 1), chr(13)) as header_text,
        {{ nara_vard.postgres__personnummer_shape('file_text') }} as may_hold_personnummer
    from files
    where unreadable_reason is null
),

headers as (
    select
        *,
        {{ nara_vard.postgres__split_delimited('header_text', 'field_separator') }} as header_fields
    from (select *, {{ detect_separator('header_text') }} as field_separator from file_lines) as separated
),

keyed as (
    select
        *,
        array(
            select {{ nara_vard.postgres__header_key('header_field') }}
            from unnest(header_fields) with ordinality as parts (header_field, field_number)
            order by field_number
        ) as keys
    from headers
),

positions as materialized (
    -- materialized: one row per file, read once (inlined, its expressions on the file text would run per line)
    select
        file_path,
        file_name,
        file_bytes,
        last_modified,
        file_encoding,
        file_text,
        may_hold_personnummer,
        field_separator,
        header_fields,
        cardinality(keys)::bigint as header_field_count,
        array_remove(
            array[
                {%- for col in columns if col.required %}
                case when {{ postgres__column_position(col) }} is null then '{{ col.header }}' end{{ "," if not loop.last }}
                {%- endfor %}
            ]::text[],
            null
        ) as missing_columns,
        {%- for col in columns %}
        {{ postgres__column_position(col) }} as position__{{ col.name }}{{ "," if not loop.last }}
        {%- endfor %}
    from keyed
),

lines as (
    select
        positions.file_path,
        positions.file_name,
        positions.file_bytes,
        positions.last_modified,
        positions.file_encoding,
        positions.may_hold_personnummer,
        positions.field_separator,
        positions.header_fields,
        positions.header_field_count,
        positions.missing_columns,
        {%- for col in columns %}
        positions.position__{{ col.name }},
        {%- endfor %}
        lines.line_number,
        case when right(lines.raw_line, 1) = chr(13) then rtrim(lines.raw_line, chr(13)) else lines.raw_line end
            as line_text
    from positions
    cross join lateral string_to_table(positions.file_text, chr(10)) with ordinality as lines (raw_line, line_number)
),

split_data_lines as materialized (
    -- materialized: inlined, the planner would split a line again for every column that reads a field
    select
        *,
        {{ nara_vard.postgres__split_delimited('line_text', 'field_separator') }} as fields,
        case when may_hold_personnummer then {{ nara_vard.postgres__contains_personnummer('line_text') }} else false end
            as has_personnummer
    from lines
    where line_number > 1 and not {{ nara_vard.postgres__is_blank_line('line_text') }}
),

data_lines as (
    -- where a personnummer is, by the header of its field (or 'field N' beyond the header)
    select
        *,
        case
            when has_personnummer
                then coalesce(
                    (
                        select min(field_number)::integer
                        from unnest(fields) with ordinality as parts (field, field_number)
                        where {{ nara_vard.postgres__contains_personnummer('field') }}
                    ),
                    0
                )
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
    case when has_personnummer then {{ nara_vard.postgres__mask_personnummer('line_text') }} else line_text end
        as line_text,
    case
        when personnummer_position = 0 then 'the line'
        when personnummer_position > 0
            then coalesce(
                {{ nara_vard.postgres__mask_personnummer('header_fields[personnummer_position]') }},
                'field ' || personnummer_position
            )
    end as personnummer_column,
    cardinality(fields)::bigint as field_count,
    header_field_count,
    missing_columns,
    {%- for col in columns %}
    case
        when has_personnummer then {{ nara_vard.postgres__mask_personnummer("nullif(fields[position__" ~ col.name ~ "], '')") }}
        else nullif(fields[position__{{ col.name }}], '')
    end as {{ col.name }}{{ "," if not loop.last }}
    {%- endfor %}
from data_lines
{% endmacro %}

{# The position of one column in a file's header keys: the first of its aliases found (NULL if none). #}
{% macro postgres__column_position(col) -%}
    coalesce(
        {%- for alias in col.aliases %}
        array_position(keys, '{{ alias }}'){{ "," if not loop.last }}
        {%- endfor %}
    )
{%- endmacro %}
