{#
    round_double(value, decimals): a double rounded as DuckDB's round(double, n) does, half away from
    zero on the binary value times 10^n (0.285 -> 0.28). postgres__ writes that out (PostgreSQL has no
    round(double precision, integer)); spark__ rounds the scaled double (Spark's round(x, n) would start
    from the shortest decimal form: 0.285 -> 0.29).
#}
{% macro round_double(value, decimals) -%}
    {{ return(adapter.dispatch('round_double', 'nara_vard')(value, decimals)) }}
{%- endmacro %}

{% macro default__round_double(value, decimals) -%}
    {{ exceptions.raise_compiler_error('round_double() has no implementation for ' ~ target.type) }}
{%- endmacro %}

{% macro duckdb__round_double(value, decimals) -%}
    round(cast({{ value }} as double), {{ decimals }})
{%- endmacro %}
