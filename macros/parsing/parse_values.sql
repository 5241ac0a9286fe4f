{#
    Tolerant, explicit parsers for Swedish exports. Each returns NULL when the text cannot be read;
    staging turns a NULL from a non-empty input into a named validation failure.
#}

{# Digits with optional space / no-break-space / thin-space thousands separators and a decimal comma. #}
{# Standard SQL (replace/trim/chr): DuckDB, PostgreSQL and Spark. #}
{% macro clean_number_text(text) -%}
    replace(replace(replace(replace(replace(trim({{ text }}), ' ', ''), chr(160), ''), chr(8239), ''), '%', ''), ',', '.')
{%- endmacro %}

{% macro parse_decimal(text) -%}
    {{ return(adapter.dispatch('parse_decimal', 'nara_vard')(text)) }}
{%- endmacro %}

{% macro default__parse_decimal(text) -%}
    {{ exceptions.raise_compiler_error('parse_decimal has no implementation for ' ~ target.type) }}
{%- endmacro %}

{# DuckDB: try_cast/try_strptime give NULL for text that is not a decimal. #}
{% macro duckdb__parse_decimal(text) -%}
    try_cast({{ clean_number_text(text) }} as double)
{%- endmacro %}

{# A whole number: '2 447' → 2447; '12,5' → NULL (not a whole number). #}
{% macro parse_integer(text) -%}
    {{ return(adapter.dispatch('parse_integer', 'nara_vard')(text)) }}
{%- endmacro %}

{% macro default__parse_integer(text) -%}
    {{ exceptions.raise_compiler_error('parse_integer has no implementation for ' ~ target.type) }}
{%- endmacro %}

{# DuckDB: try_cast/try_strptime give NULL for text that is not a integer. #}
{% macro duckdb__parse_integer(text) -%}
    case
        when regexp_full_match({{ clean_number_text(text) }}, '-?[0-9]+')
            then try_cast({{ clean_number_text(text) }} as bigint)
    end
{%- endmacro %}

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

{# DuckDB-only helper of duckdb__parse_month (list_position over the month abbreviations). #}
{% macro parse_swedish_month_name(text) -%}
    make_date(
        try_cast(regexp_extract(trim({{ text }}), '([0-9]{4})$', 1) as integer),
        list_position(
            {{ swedish_months_sql() }},
            left(lower(trim({{ text }})), 3)
        ),
        1
    )
{%- endmacro %}
