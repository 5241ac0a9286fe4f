{#
    A date as text in a strftime-style pattern: '%Y', '%Y-%m' or '%Y-%m-%d' (the only ones the
    project uses). DuckDB: strftime. PostgreSQL (to_char 'YYYY-MM') and Spark (date_format
    'yyyy-MM') translate the pattern in their own postgres__/spark__ implementation.
#}
{% macro format_date(date_expr, pattern) -%}
    {{ return(adapter.dispatch('format_date', 'nara_vard')(date_expr, pattern)) }}
{%- endmacro %}

{% macro duckdb__format_date(date_expr, pattern) -%}
    strftime({{ date_expr }}, '{{ pattern }}')
{%- endmacro %}

{% macro default__format_date(date_expr, pattern) -%}
    {{ exceptions.raise_compiler_error('format_date has no implementation for ' ~ target.type) }}
{%- endmacro %}
