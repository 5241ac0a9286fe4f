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

{# round_double(): DuckDB's round(double, n), std::round (half away from zero) of x * 10^n, divided by 10^n #}
{% macro postgres__round_double(value, decimals) -%}
    {%- set scaled = "(cast(" ~ value ~ " as double precision) * " ~ (10 ** decimals) ~ "::double precision)" -%}
    ((trunc({{ scaled }}) + case when abs({{ scaled }} - trunc({{ scaled }})) >= 0.5 then sign({{ scaled }}) else 0 end)
        / {{ 10 ** decimals }}::double precision)
{%- endmacro %}

{# Spark version of round_double(): the scaled double rounded half away from zero (round(x, 0) on a double). #}
{% macro spark__round_double(value, decimals) -%}
    (round(cast({{ value }} as double) * {{ 10 ** decimals }}.0D, 0) / {{ 10 ** decimals }}.0D)
{%- endmacro %}
