{#
    array_of_non_null(items): a list of text of the SQL expressions `items` (a Jinja list), in
    order, without those that are NULL; an empty (typed) list when none is left or `items` is empty.
    DuckDB: list_filter() of a list literal; PostgreSQL: array_remove(array[..]::text[], null);
    Spark: filter() of array(..), empty_string_list() for no items (array() has no element type).
#}
{% macro array_of_non_null(items) -%}
    {{ return(adapter.dispatch('array_of_non_null', 'nara_vard')(items)) }}
{%- endmacro %}

{% macro default__array_of_non_null(items) -%}
    {{ exceptions.raise_compiler_error('array_of_non_null() has no implementation for ' ~ target.type) }}
{%- endmacro %}

{% macro duckdb__array_of_non_null(items) -%}
    list_filter(
        [
            {%- for item in items %}
            {{ item }}{{ "," if not loop.last }}
            {%- endfor %}
        ],
        item -> item is not null
    )
{%- endmacro %}

{% macro postgres__array_of_non_null(items) -%}
    array_remove(array[{{ items | join(', ') }}]::text [], null)
{%- endmacro %}

{% macro spark__array_of_non_null(items) -%}
    {%- if items -%}
        filter(array({{ items | join(', ') }}), item -> item is not null)
    {%- else -%}
        {{ empty_string_list() }}
    {%- endif -%}
{%- endmacro %}
