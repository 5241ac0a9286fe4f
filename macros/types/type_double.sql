{#
    The 64-bit floating point type: `double` on DuckDB (the marts' public contracts say double),
    `double precision` in standard SQL (PostgreSQL); Spark spells it `double` (spark__type_double).
    Not dbt.type_float(): on DuckDB that is `float`, a 32-bit REAL.
#}
{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double', 'nara_vard')()) }}
{%- endmacro %}

{% macro duckdb__type_double() -%}
    double
{%- endmacro %}

{% macro default__type_double() -%}
    double precision
{%- endmacro %}

{# Spark spells the 64-bit floating point type `double` (it has no `double precision`). #}
{% macro spark__type_double() -%}
    double
{%- endmacro %}
