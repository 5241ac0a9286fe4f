{#
    text_starts_with(text, prefix): true when `text` begins with `prefix` (SQL expressions). DuckDB:
    starts_with(); default__: left(text, length(prefix)) = prefix, which PostgreSQL and Spark read.
#}
{% macro text_starts_with(text, prefix) -%}
    {{ return(adapter.dispatch('text_starts_with', 'nara_vard')(text, prefix)) }}
{%- endmacro %}

{% macro default__text_starts_with(text, prefix) -%}
    (left({{ text }}, length({{ prefix }})) = {{ prefix }})
{%- endmacro %}

{% macro duckdb__text_starts_with(text, prefix) -%}
    starts_with({{ text }}, {{ prefix }})
{%- endmacro %}
