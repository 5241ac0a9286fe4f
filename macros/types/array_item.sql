{#
    array_item(list, n): element n (1-based) of a list; NULL when n is NULL or beyond the list.
    DuckDB: list[n]; PostgreSQL: (list)[n] (an expression must be parenthesised to be indexed);
    Spark: element_at() (never called with 0 here, which Spark refuses).
#}
{% macro array_item(list, n) -%}
    {{ return(adapter.dispatch('array_item', 'nara_vard')(list, n)) }}
{%- endmacro %}

{% macro default__array_item(list, n) -%}
    {{ exceptions.raise_compiler_error('array_item() has no implementation for ' ~ target.type) }}
{%- endmacro %}

{% macro duckdb__array_item(list, n) -%}
    {{ list }}[{{ n }}]
{%- endmacro %}

{% macro postgres__array_item(list, n) -%}
    ({{ list }})[{{ n }}]
{%- endmacro %}

{% macro spark__array_item(list, n) -%}
    element_at({{ list }}, {{ n }})
{%- endmacro %}
