{#
    string_list_size(list): the number of elements of a list of text (DuckDB len(); default__
    cardinality(), which PostgreSQL and Spark both have; NULL or -1 for a NULL list: compare with > 0
    only).
#}

{% macro string_list_size(list) -%}
    {{ return(adapter.dispatch('string_list_size', 'nara_vard')(list)) }}
{%- endmacro %}

{% macro duckdb__string_list_size(list) -%}
    len({{ list }})
{%- endmacro %}

{% macro default__string_list_size(list) -%}
    cardinality({{ list }})
{%- endmacro %}
