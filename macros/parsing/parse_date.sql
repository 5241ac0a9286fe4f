{# ISO (2023-02-10) or compact (20230210) dates. #}
{% macro parse_date(text) -%}
    {{ return(adapter.dispatch('parse_date', 'nara_vard')(text)) }}
{%- endmacro %}

{% macro default__parse_date(text) -%}
    {{ exceptions.raise_compiler_error('parse_date has no implementation for ' ~ target.type) }}
{%- endmacro %}

{# DuckDB: try_cast/try_strptime give NULL for text that is not a date. #}
{% macro duckdb__parse_date(text) -%}
    coalesce(
        try_strptime(trim({{ text }}), '%Y-%m-%d'),
        try_strptime(trim({{ text }}), '%Y%m%d')
    )::date
{%- endmacro %}

{% macro postgres__parse_date(text) -%}
    coalesce(
        {{ postgres__strptime_date('btrim(' ~ text ~ ')', '%Y-%m-%d') }},
        {{ postgres__strptime_date('btrim(' ~ text ~ ')', '%Y%m%d') }}
    )
{%- endmacro %}

{% macro spark__parse_date(text) -%}
    coalesce(
        case when trim({{ text }}) rlike '^[0-9]{1,4}-' then to_date(trim({{ text }}), 'y-M-d') end,
        to_date(trim({{ text }}), 'yyyyMMdd')
    )
{%- endmacro %}
