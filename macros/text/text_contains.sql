{#
    text_contains(text, needle): true when `needle` occurs in `text` (NULL for a NULL text). Both are
    SQL expressions. DuckDB: contains(); default__: position(.. in ..), standard SQL that
    PostgreSQL and Spark both read.
#}
{% macro text_contains(text, needle) -%}
    {{ return(adapter.dispatch('text_contains', 'nara_vard')(text, needle)) }}
{%- endmacro %}

{% macro default__text_contains(text, needle) -%}
    (position({{ needle }} in {{ text }}) > 0)
{%- endmacro %}

{% macro duckdb__text_contains(text, needle) -%}
    contains({{ text }}, {{ needle }})
{%- endmacro %}
