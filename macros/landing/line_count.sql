{#
    line_count(lines): the number of pieces of text_lines() (line feeds + 1), NULL for NULL.
    DuckDB: len(); PostgreSQL: the line feeds counted in the text; Spark: size(), whose -1 for
    NULL is made NULL.
#}
{% macro line_count(lines) -%}
    {{ return(adapter.dispatch('line_count', 'nara_vard')(lines)) }}
{%- endmacro %}

{% macro default__line_count(lines) -%}
    {{ exceptions.raise_compiler_error('line_count() has no implementation for ' ~ target.type) }}
{%- endmacro %}

{% macro duckdb__line_count(lines) -%}
    len({{ lines }})
{%- endmacro %}

{% macro postgres__line_count(lines) -%}
    (length({{ lines }}) - length(replace({{ lines }}, chr(10), '')) + 1)
{%- endmacro %}

{% macro spark__line_count(lines) -%}
    case when {{ lines }} is not null then size({{ lines }}) end
{%- endmacro %}
