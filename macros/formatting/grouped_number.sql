{#
    grouped_number(value, n): a number as English prints it with n decimals (n a Jinja integer 0-3),
    ',' between thousands and '.' before the decimals ('2,447.50'), rounded as DuckDB's round(double,
    n): half away from zero on the binary value (0.285 -> 0.28). format_swedish_number() turns it
    into Swedish.
#}
{% macro grouped_number(value, n) -%}
    {{ return(adapter.dispatch('grouped_number', 'nara_vard')(value, n)) }}
{%- endmacro %}

{% macro default__grouped_number(value, n) -%}
    {{ exceptions.raise_compiler_error('grouped_number() has no implementation for ' ~ target.type) }}
{%- endmacro %}

{#
    DuckDB: format() with the fmt thousands separator. + 0.0 turns a negative zero (a rounded
    -0.00001, or a bound computed as -0.0) into 0.0.
#}
{% macro duckdb__grouped_number(value, n) -%}
    format('{:,.{{ n }}f}', round({{ value }}, {{ n }}) + 0.0)
{%- endmacro %}

{#
    PostgreSQL: round(double) rounds half to even and round(numeric) starts from a 15-digit decimal
    copy, so DuckDB's rounding is written out in double precision (round_double()) and printed with
    to_char (',' and '.' in the picture are fixed characters, not the locale's); the sign apart, so
    a negative value that rounds to zero prints as '-0'.
#}
{% macro postgres__grouped_number(value, n) -%}
    (case when cast({{ value }} as double precision) < 0 then '-' else '' end)
    || to_char(abs({{ round_double(value, n) }})::numeric, 'FM999,999,999,999,990{{ '.' ~ '0' * n if n }}')
{%- endmacro %}

{#
    Spark: format_number() of a double rounded the DuckDB way (Spark's round() starts from the
    shortest decimal form: 0.285 -> 0.29), with the '-' of a double rounded to zero put back
    (format_number() drops it); other types through round().
#}
{% macro spark__grouped_number(value, n) -%}
    case
        when typeof({{ value }}) in ('double', 'float')
            then
                case
                    when {{ value }} < 0 and {{ round_double(value, n) }} = 0 then '-'
                    else ''
                end
                || format_number({{ round_double(value, n) }}, {{ n }})
        else format_number(round({{ value }}, {{ n }}), {{ n }})
    end
{%- endmacro %}
