{#
    explode_lines(relation, lines, columns): a select of one row per line of text_lines() `lines`
    of every row of `relation`, with the columns named in `columns` (a Jinja list), the line number
    `line_number` (from 1, bigint) and the line `raw_line` as it is (a carriage return included).
    DuckDB: unnest() in the select list (the line list is built once per file: unnest() over an
    inline string_split() would split the whole file again for every output chunk); PostgreSQL:
    string_to_table() with ordinality; Spark: posexplode() (from 0).
#}
{% macro explode_lines(relation, lines, columns) -%}
    {{ return(adapter.dispatch('explode_lines', 'nara_vard')(relation, lines, columns)) }}
{%- endmacro %}

{% macro default__explode_lines(relation, lines, columns) -%}
    {{ exceptions.raise_compiler_error('explode_lines() has no implementation for ' ~ target.type) }}
{%- endmacro %}

{% macro duckdb__explode_lines(relation, lines, columns) -%}
    select
        {{ columns | join(',\n        ') }},
        unnest(generate_series(1, len({{ lines }}))) as line_number,
        unnest({{ lines }}) as raw_line
    from {{ relation }}
{%- endmacro %}

{% macro postgres__explode_lines(relation, lines, columns) -%}
    select
        {{ columns | join(',\n        ') }},
        exploded.line_number,
        exploded.raw_line
    from {{ relation }}
    cross join lateral string_to_table({{ lines }}, chr(10)) with ordinality as exploded (raw_line, line_number)
{%- endmacro %}

{% macro spark__explode_lines(relation, lines, columns) -%}
    select
        {{ columns | join(',\n        ') }},
        cast(line_index + 1 as bigint) as line_number,
        raw_line
    from {{ relation }}
        lateral view posexplode({{ lines }}) exploded as line_index, raw_line
{%- endmacro %}
