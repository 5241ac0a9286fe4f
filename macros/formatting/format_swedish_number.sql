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

{#
    PostgreSQL: DuckDB rounds a double half away from zero (round(x * 10^n) / 10^n) and prints it
    with fmt; PostgreSQL's round(double) rounds half to even and round(numeric) starts from a
    15-digit decimal copy, so the same rounding is written out in double precision (round_double())
    and printed with to_char (',' and '.' in the picture are fixed characters, not the locale's). A
    negative value that rounds to zero prints as '-0' on DuckDB, and here too.
#}
{% macro postgres__format_swedish_number(value, decimals, unit) -%}
    case
        when {{ value }} is not null
            then
                (case when cast({{ value }} as double precision) < 0 then '-' else '' end)
                || replace(
                    replace(
                        case {{ decimals }}
                            when 0 then to_char(abs({{ postgres__round_double(value, 0) }})::numeric, 'FM999,999,999,999,990')
                            when 1 then to_char(abs({{ postgres__round_double(value, 1) }})::numeric, 'FM999,999,999,999,990.0')
                            when 2 then to_char(abs({{ postgres__round_double(value, 2) }})::numeric, 'FM999,999,999,999,990.00')
                            else to_char(abs({{ postgres__round_double(value, 3) }})::numeric, 'FM999,999,999,999,990.000')
                        end,
                        ',', ' '
                    ),
                    '.', ','
                )
                || case when {{ unit }} = 'procent' then '%' else '' end
    end
{%- endmacro %}

{#
    Spark: a number as a Swedish table prints it (format_swedish_number), character for character
    as DuckDB's format('{:,.Nf}', round(value, N)):
    - DuckDB rounds a double as round(x * 10^N) / 10^N on the binary value (0.285 -> 0.28), Spark's
      round() the shortest decimal form (0.285 -> 0.29): for doubles the DuckDB way;
    - DuckDB keeps the sign of a double rounded to zero and prints it ('-0', '-0,0'), Spark's
      format_number() does not: the '-' is put back;
    - format_number() then writes '2,447.50' as fmt does.
#}
{% macro spark__format_swedish_number(value, decimals, unit) -%}
    case
        when {{ value }} is not null
            then
                replace(
                    replace(
                        case {{ decimals }}
                            {%- for n in range(4) %}
                            {{ 'when ' ~ n if n < 3 else 'else' }} {{ 'then ' if n < 3 }}{{ spark_swedish_number_digits(value, n) }}
                            {%- endfor %}
                        end,
                        ',', ' '
                    ),
                    '.', ','
                )
                || case when {{ unit }} = 'procent' then '%' else '' end
    end
{%- endmacro %}

{# The number with n decimals, with ',' grouping and '.' decimal point (see spark__format_swedish_number). #}
{% macro spark_swedish_number_digits(value, n) -%}
    case
        when typeof({{ value }}) in ('double', 'float')
            then
                case
                    when {{ value }} < 0 and {{ spark__round_double(value, n) }} = 0 then '-'
                    else ''
                end
                || format_number({{ spark__round_double(value, n) }}, {{ n }})
        else format_number(round({{ value }}, {{ n }}), {{ n }})
    end
{%- endmacro %}
