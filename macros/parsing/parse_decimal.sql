{#
    Tolerant, explicit parsers for Swedish exports (parse_decimal, parse_integer, parse_date,
    parse_month): each returns NULL when the text cannot be read; staging turns a NULL from a
    non-empty input into a named validation failure.

    parse_decimal(text): digits with optional space / no-break-space / thin-space thousands
    separators and a decimal comma (clean_number_text()) as a double.
#}
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

{#
    A plpgsql function with an exception handler runs a subtransaction per call (~30 s on the
    500 000 inpatient lines), so the try-functions are only the fallback: text of the ordinary
    shapes is cast directly (it cannot fail), only the rest (inf, nan, exponents, 19 digits and
    more) goes through nara_vard_try_double / nara_vard_try_bigint.
#}
{% macro postgres__parse_decimal(text) -%}
    {%- set cleaned = clean_number_text(text) -%}
    case
        when {{ cleaned }} ~ '^[-+]?([0-9]{1,20}[.]?[0-9]{0,20}|[.][0-9]{1,20})$' then cast({{ cleaned }} as double precision)
        when {{ cleaned }} ~ '[0-9]|[iI][nN][fF]|[nN][aA][nN]' then {{ target.schema }}.nara_vard_try_double({{ cleaned }})
    end
{%- endmacro %}

{% macro spark__parse_decimal(text) -%}
    case
        when {{ clean_number_text(text) }} rlike '^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?\\z'
            or lower({{ clean_number_text(text) }}) in ('inf', '+inf', '-inf', 'infinity', '+infinity', '-infinity', 'nan')
            then cast({{ clean_number_text(text) }} as double)
    end
{%- endmacro %}
