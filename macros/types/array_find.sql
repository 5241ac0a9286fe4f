{#
    array_find(list, value): the position (1-based, an integer) of the first element of `list`
    equal to `value`, NULL when there is none. DuckDB: list_position(); PostgreSQL:
    array_position(); Spark's array_position() gives 0 for none (made NULL) and a bigint.
#}
{% macro array_find(list, value) -%}
    {{ return(adapter.dispatch('array_find', 'nara_vard')(list, value)) }}
{%- endmacro %}

{% macro default__array_find(list, value) -%}
    {{ exceptions.raise_compiler_error('array_find() has no implementation for ' ~ target.type) }}
{%- endmacro %}

{% macro duckdb__array_find(list, value) -%}
    list_position({{ list }}, {{ value }})
{%- endmacro %}

{% macro postgres__array_find(list, value) -%}
    array_position({{ list }}, {{ value }})
{%- endmacro %}

{% macro spark__array_find(list, value) -%}
    cast(nullif(array_position({{ list }}, {{ value }}), 0) as int)
{%- endmacro %}
