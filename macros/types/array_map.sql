{#
    array_map(list, element, expression): a list of the same length, each element replaced by
    `expression`, an SQL expression in which the name `element` stands for it (a lambda). DuckDB:
    list_transform(); Spark: transform(); PostgreSQL has no lambdas: the list is unnested with its
    positions and collected again in order.
#}
{% macro array_map(list, element, expression) -%}
    {{ return(adapter.dispatch('array_map', 'nara_vard')(list, element, expression)) }}
{%- endmacro %}

{% macro default__array_map(list, element, expression) -%}
    {{ exceptions.raise_compiler_error('array_map() has no implementation for ' ~ target.type) }}
{%- endmacro %}

{% macro duckdb__array_map(list, element, expression) -%}
    list_transform({{ list }}, {{ element }} -> {{ expression }})
{%- endmacro %}

{% macro postgres__array_map(list, element, expression) -%}
    array(
        select {{ expression }}
        from unnest({{ list }}) with ordinality as elements ({{ element }}, element_number)
        order by elements.element_number
    )
{%- endmacro %}

{% macro spark__array_map(list, element, expression) -%}
    transform({{ list }}, {{ element }} -> {{ expression }})
{%- endmacro %}
