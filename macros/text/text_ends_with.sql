{#
    text_ends_with(text, suffix): true when `text` ends with `suffix` (SQL expressions). DuckDB:
    ends_with(); default__: right(text, length(suffix)) = suffix (PostgreSQL has no ends_with;
    Spark reads the same).
#}
{% macro text_ends_with(text, suffix) -%}
    {{ return(adapter.dispatch('text_ends_with', 'nara_vard')(text, suffix)) }}
{%- endmacro %}

{% macro default__text_ends_with(text, suffix) -%}
    (right({{ text }}, length({{ suffix }})) = {{ suffix }})
{%- endmacro %}

{% macro duckdb__text_ends_with(text, suffix) -%}
    ends_with({{ text }}, {{ suffix }})
{%- endmacro %}
