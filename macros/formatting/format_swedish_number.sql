{#
    A number as a Swedish table prints it: space as thousands separator, decimal comma, a fixed
    number of decimals (0-3, rounded half away from zero) and '%' for percentages:
    2447 → '2 447', 87.5 → '87,5%', 79.4 with 2 decimals → '79,40%'.
#}
{% macro format_swedish_number(value, decimals, unit) -%}
    {{ return(adapter.dispatch('format_swedish_number', 'nara_vard')(value, decimals, unit)) }}
{%- endmacro %}

{% macro default__format_swedish_number(value, decimals, unit) -%}
    {{ exceptions.raise_compiler_error('format_swedish_number has no implementation for ' ~ target.type) }}
{%- endmacro %}

{# DuckDB: format() with the fmt thousands separator. PostgreSQL needs round(numeric) and to_char, Spark format_number. #}
{% macro duckdb__format_swedish_number(value, decimals, unit) -%}
    case
        when {{ value }} is not null
            then
                replace(
                    replace(
                        -- + 0.0 turns a negative zero (a rounded -0.00001, or a bound computed as -0.0)
                        -- into 0.0, which PostgreSQL and Spark print as 0 too
                        case {{ decimals }}
                            when 0 then format('{:,.0f}', round({{ value }}, 0) + 0.0)
                            when 1 then format('{:,.1f}', round({{ value }}, 1) + 0.0)
                            when 2 then format('{:,.2f}', round({{ value }}, 2) + 0.0)
                            else format('{:,.3f}', round({{ value }}, 3) + 0.0)
                        end,
                        ',', ' '
                    ),
                    '.', ','
                )
                || case when {{ unit }} = 'procent' then '%' else '' end
    end
{%- endmacro %}

{# A 95 % interval as a Swedish table prints it, to the value's decimals: '7,0–7,6%', '5,2–5,3'; NULL without one. #}
{% macro interval_sv(lower, upper, decimals, unit) -%}
    case
        when {{ lower }} is not null and {{ upper }} is not null
            then
                {{ format_swedish_number(lower, decimals, "'none'") }} || '–'
                || {{ format_swedish_number(upper, decimals, unit) }}
    end
{%- endmacro %}

{# A published cell's value as text: '..' where disclosure control hides it, else the Swedish number. #}
{% macro published_value_sv(value, suppression, decimals, unit) -%}
    case
        when {{ suppression }} is not null then '..'
        else {{ format_swedish_number(value, decimals, unit) }}
    end
{%- endmacro %}
