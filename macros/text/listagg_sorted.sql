{#
    listagg_sorted(value, separator, order_by, where): an aggregate joining the text values of a group
    in the order of order_by (ties by the value itself, so every engine gives the same text), only the
    rows where `where` holds, NULL values skipped; NULL when nothing is left (as string_agg).
    duckdb__ string_agg(.. order by ..); postgres__ the same; spark__ (3.5 has no string_agg) sorts
    collect_list of (order_by, value) structs and joins them.
#}
{% macro listagg_sorted(value, separator, order_by, where="true") -%}
    {{ return(adapter.dispatch('listagg_sorted', 'nara_vard')(value, separator, order_by, where)) }}
{%- endmacro %}

{% macro default__listagg_sorted(value, separator, order_by, where) -%}
    {{ exceptions.raise_compiler_error('listagg_sorted() has no implementation for ' ~ target.type) }}
{%- endmacro %}

{% macro duckdb__listagg_sorted(value, separator, order_by, where) -%}
    string_agg(
        case when {{ where }} then {{ value }} end, {{ separator }}
        order by {{ order_by }}, case when {{ where }} then {{ value }} end
    )
{%- endmacro %}

{# PostgreSQL version of listagg_sorted(): string_agg with order by, as DuckDB. #}
{% macro postgres__listagg_sorted(value, separator, order_by, where) -%}
    string_agg(
        case when {{ where }} then {{ value }} end, {{ separator }}
        order by {{ order_by }}, case when {{ where }} then {{ value }} end
    )
{%- endmacro %}

{#
    Spark version of listagg_sorted(): collect_list skips NULL structs (the rows filtered out),
    array_sort orders the (k, v) structs by k then v, NULL when the group kept nothing.
#}
{% macro spark__listagg_sorted(value, separator, order_by, where) -%}
    {%- set pairs -%}
        collect_list(case when ({{ where }}) and ({{ value }}) is not null then named_struct('k', {{ order_by }}, 'v', {{ value }}) end)
    {%- endset -%}
    case when size({{ pairs }}) > 0 then array_join(transform(array_sort({{ pairs }}), p -> p.v), {{ separator }}) end
{%- endmacro %}
