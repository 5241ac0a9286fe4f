{#
    count_data_lines(lines): how many lines of text_lines() after the first (the header) are not
    blank (is_blank_line()): the rows landing_rows() reads from the file. NULL or 0 for NULL.
    DuckDB: list_filter() of the list from its second element; PostgreSQL: count(*) over
    string_to_table() with ordinality; Spark: filter() with the element's index (from 0).
#}
{% macro count_data_lines(lines) -%}
    {{ return(adapter.dispatch('count_data_lines', 'nara_vard')(lines)) }}
{%- endmacro %}

{% macro default__count_data_lines(lines) -%}
    {{ exceptions.raise_compiler_error('count_data_lines() has no implementation for ' ~ target.type) }}
{%- endmacro %}

{% macro duckdb__count_data_lines(lines) -%}
    len(list_filter({{ lines }}[2:], l -> not {{ is_blank_line('l') }}))
{%- endmacro %}

{% macro postgres__count_data_lines(lines) -%}
    (
        select count(*)
        from string_to_table({{ lines }}, chr(10)) with ordinality as lines (line, line_number)
        where lines.line_number > 1 and not {{ is_blank_line('lines.line') }}
    )
{%- endmacro %}

{% macro spark__count_data_lines(lines) -%}
    case when {{ lines }} is not null then size(filter({{ lines }}, (l, i) -> i > 0 and not {{ is_blank_line('l') }})) end
{%- endmacro %}
