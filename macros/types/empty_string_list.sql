{# empty_string_list(): an empty list of text, typed (DuckDB varchar[] `[]`, PostgreSQL text[], Spark array<string>). #}

{% macro empty_string_list() -%}
    {{ return(adapter.dispatch('empty_string_list', 'nara_vard')()) }}
{%- endmacro %}

{% macro duckdb__empty_string_list() -%}
    []
{%- endmacro %}

{% macro default__empty_string_list() -%}
    {{ exceptions.raise_compiler_error('empty_string_list() has no implementation for ' ~ target.type) }}
{%- endmacro %}

{# PostgreSQL version of empty_string_list(): an empty text[]. #}
{% macro postgres__empty_string_list() -%}
    cast(array[] as text [])
{%- endmacro %}

{# Spark version of empty_string_list(): an empty array<string>. #}
{% macro spark__empty_string_list() -%}
    cast(array() as array<string>)
{%- endmacro %}
