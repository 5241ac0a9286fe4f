{#
    parse_once(): the `parsed` CTE of a staging model, whose parsed columns every check reads
    again. PostgreSQL inlines a CTE read once, and then evaluates each parser once per reference
    (stg_vega__inpatient_episodes: 33 s instead of a few): `materialized` there. Nothing on DuckDB
    (its staging models are views, read by few, and it shares the expressions) and Spark.
#}
{% macro parse_once() -%}
    {{ return(adapter.dispatch('parse_once', 'nara_vard')()) }}
{%- endmacro %}

{% macro default__parse_once() -%}
{%- endmacro %}

{% macro postgres__parse_once() -%}
    materialized
{%- endmacro %}
