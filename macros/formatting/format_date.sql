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

{# PostgreSQL: to_char() with the pattern translated (%Y → YYYY, %m → MM, %d → DD). #}
{% macro postgres__format_date(date_expr, pattern) -%}
    to_char({{ date_expr }}, '{{ pattern | replace('%Y', 'YYYY') | replace('%m', 'MM') | replace('%d', 'DD') }}')
{%- endmacro %}

{# Spark: a date as text in the strftime patterns the project uses ('%Y', '%Y-%m', '%Y-%m-%d'). #}
{% macro spark__format_date(date_expr, pattern) -%}
    {%- set patterns = {'%Y': 'yyyy', '%Y-%m': 'yyyy-MM', '%Y-%m-%d': 'yyyy-MM-dd'} -%}
    {%- if pattern not in patterns -%}
        {{ exceptions.raise_compiler_error('spark__format_date: no Spark pattern for ' ~ pattern) }}
    {%- endif -%}
    date_format({{ date_expr }}, '{{ patterns[pattern] }}')
{%- endmacro %}
