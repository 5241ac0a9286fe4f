{# A month as its first day: 2023-01, 202301, januari 2023, jan 2023, 2023-01-01. #}
{% macro parse_month(text) -%}
    {{ return(adapter.dispatch('parse_month', 'nara_vard')(text)) }}
{%- endmacro %}

{% macro default__parse_month(text) -%}
    {{ exceptions.raise_compiler_error('parse_month has no implementation for ' ~ target.type) }}
{%- endmacro %}

{# DuckDB: try_cast/try_strptime give NULL for text that is not a month. #}
{% macro duckdb__parse_month(text) -%}
    date_trunc('month', coalesce(
        try_strptime(trim({{ text }}), '%Y-%m')::date,
        try_strptime(trim({{ text }}), '%Y%m')::date,
        try_strptime(trim({{ text }}), '%Y-%m-%d')::date,
        {{ parse_swedish_month_name(text) }}
    ))::date
{%- endmacro %}

{% macro postgres__parse_month(text) -%}
    cast(date_trunc('month', coalesce(
        {{ postgres__strptime_date('btrim(' ~ text ~ ')', '%Y-%m') }},
        {{ postgres__strptime_date('btrim(' ~ text ~ ')', '%Y%m') }},
        {{ postgres__strptime_date('btrim(' ~ text ~ ')', '%Y-%m-%d') }},
        {{ parse_swedish_month_name(text) }}
    )) as date)
{%- endmacro %}

{% macro spark__parse_month(text) -%}
    trunc(coalesce(
        case when trim({{ text }}) rlike '^[0-9]{1,4}-' then to_date(trim({{ text }}), 'y-M') end,
        to_date(trim({{ text }}), 'yyyyMM'),
        case when trim({{ text }}) rlike '^[0-9]{1,4}-' then to_date(trim({{ text }}), 'y-M-d') end,
        {{ parse_swedish_month_name(text) }}
    ), 'MM')
{%- endmacro %}
