{#
    string_list_join(list, separator): the elements of a list of text joined (DuckDB and PostgreSQL
    array_to_string; spark__ array_join).
#}

{% macro string_list_join(list, separator) -%}
    {{ return(adapter.dispatch('string_list_join', 'nara_vard')(list, separator)) }}
{%- endmacro %}

{% macro duckdb__string_list_join(list, separator) -%}
    array_to_string({{ list }}, {{ separator }})
{%- endmacro %}

{% macro default__string_list_join(list, separator) -%}
    array_to_string({{ list }}, {{ separator }})
{%- endmacro %}

{# Spark version of string_list_join(): array_join. #}
{% macro spark__string_list_join(list, separator) -%}
    array_join({{ list }}, {{ separator }})
{%- endmacro %}
