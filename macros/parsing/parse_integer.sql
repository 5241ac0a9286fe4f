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

{% macro postgres__parse_integer(text) -%}
    {%- set cleaned = clean_number_text(text) -%}
    case
        when {{ cleaned }} ~ '^-?[0-9]{1,18}$' then cast({{ cleaned }} as bigint)
        when {{ cleaned }} ~ '^-?[0-9]+$' then {{ target.schema }}.nara_vard_try_bigint({{ cleaned }})
    end
{%- endmacro %}

{% macro spark__parse_integer(text) -%}
    case
        when {{ clean_number_text(text) }} rlike '^-?[0-9]+\\z'
            then cast({{ clean_number_text(text) }} as bigint)
    end
{%- endmacro %}
