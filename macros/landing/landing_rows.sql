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

    Speed (the big sources have millions of lines), without changing a single output value:
    - the header, separator and column positions are read once per file, before its lines are
      unnested (the line list is built in a sub-select: unnest() over an inline string_split()
      re-splits the whole file for every output chunk);
    - split_delimited() takes its regular expression only for lines with a double quote;
    - the missing columns are named once per file, not per line;
    - the personnummer pre-filter runs once on the whole file text: its pattern cannot cross a
      line break, so a file without a match has no line with one, and its lines skip the check;
    - a line's carriage return is trimmed only where there is one (rtrim() reads the whole line).
#}
{% macro landing_rows(source_relation, source_name, columns) -%}
    {{ return(adapter.dispatch('landing_rows', 'nara_vard')(source_relation, source_name, columns)) }}
{%- endmacro %}

{# The DuckDB implementation (string_split/unnest over the decoded file text). #}
{% macro duckdb__landing_rows(source_relation, source_name, columns) %}
with files as (
    {{ landing_files(source_relation) }}
),

file_lines as (
    select
        file_path,
        file_name,
        file_bytes,
        last_modified,
        file_encoding,
        line_list,
        rtrim(line_list[1], chr(13)) as header_text,
        {{ personnummer_shape('file_text') }} as may_hold_personnummer
    from (select *, string_split(file_text, chr(10)) as line_list from files where unreadable_reason is null)
),

headers as (
    select
        *,
        {{ split_delimited('header_text', 'field_separator') }} as header_fields
    from (select *, {{ detect_separator('header_text') }} as field_separator from file_lines)
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
        len(keys) as header_field_count,
        list_filter(
            [
                {%- for col in columns if col.required %}
                case when {{ column_position(col) }} is null then '{{ col.header }}' end{{ "," if not loop.last }}
                {%- endfor %}
            ],
            missing -> missing is not null
        ) as missing_columns,
        {%- for col in columns %}
        {{ column_position(col) }} as position__{{ col.name }}{{ "," if not loop.last }}
        {%- endfor %}
    from (select *, list_transform(header_fields, h -> {{ header_key('h') }}) as keys from headers)
),

lines as {{ materialized_cte() }} (
    -- materialised: the lines are then read in parallel (the files are a handful of rows, so
    -- everything up to here is one thread's work), and the table is written without the
    -- per-file batches that make an insert from thousands of small files slow
    select
        * exclude (line_list, raw_line),
        case when ends_with(raw_line, chr(13)) then rtrim(raw_line, chr(13)) else raw_line end as line_text
    from (
        select
            *,
            unnest(generate_series(1, len(line_list))) as line_number,
            unnest(line_list) as raw_line
        from positions
    )
),

split_data_lines as (
    select
        *,
        {{ split_delimited('line_text', 'field_separator') }} as fields,
        case when may_hold_personnummer then {{ contains_personnummer('line_text') }} else false end
            as has_personnummer
    from lines
    where line_number > 1 and not {{ is_blank_line('line_text') }}
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
    missing_columns,
    {%- for col in columns %}
    case
        when has_personnummer then {{ mask_personnummer("nullif(fields[position__" ~ col.name ~ "], '')") }}
        else nullif(fields[position__{{ col.name }}], '')
    end as {{ col.name }}{{ "," if not loop.last }}
    {%- endfor %}
from data_lines
{% endmacro %}

{# The position of one column in a file's header keys: the first of its aliases found (NULL if none).     DuckDB-only SQL: called only from the duckdb__ landing implementations (landing_files.sql,
    landing_rows.sql); other engines bring their own helpers in macros/engines/<engine>/.
#}
{% macro column_position(col) -%}
    coalesce(
        {%- for alias in col.aliases %}
        list_position(keys, '{{ alias }}'){{ "," if not loop.last }}
        {%- endfor %}
    )
{%- endmacro %}
