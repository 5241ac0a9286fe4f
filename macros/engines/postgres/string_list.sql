{# PostgreSQL version of empty_string_list(): an empty text[]. #}
{% macro postgres__empty_string_list() -%}
    cast(array[] as text [])
{%- endmacro %}

{# PostgreSQL version of listagg_sorted(): string_agg with order by, as DuckDB. #}
{% macro postgres__listagg_sorted(value, separator, order_by, where) -%}
    string_agg(
        case when {{ where }} then {{ value }} end, {{ separator }}
        order by {{ order_by }}, case when {{ where }} then {{ value }} end
    )
{%- endmacro %}
