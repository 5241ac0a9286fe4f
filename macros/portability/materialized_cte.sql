{#
    materialized_cte(): the `materialized` keyword for a CTE where the engine has it (DuckDB,
    PostgreSQL), nothing elsewhere. Long chains of CTEs that each read the one before (the
    disclosure rounds) make DuckDB's filter pushdown exponential when they are inlined (12 rounds:
    42 s of planning, 2 s when each round is materialized).
#}
{% macro materialized_cte() -%}
    {{ return(adapter.dispatch('materialized_cte', 'nara_vard')()) }}
{%- endmacro %}

{% macro default__materialized_cte() -%}
{%- endmacro %}

{% macro duckdb__materialized_cte() -%}
    materialized
{%- endmacro %}

{% macro postgres__materialized_cte() -%}
    materialized
{%- endmacro %}
