{#
    landing_materialized(cte): the keyword before one CTE of landing_rows(), which each engine
    plans differently (nothing changes in the results):
    - DuckDB materializes `lines`: the lines are then read in parallel (the files are a handful of
      rows, so everything before is one thread's work), and the table is written without the
      per-file batches that make an insert from thousands of small files slow;
    - PostgreSQL materializes `positions` (one row per file, read once: inlined, its expressions on
      the file text would run per line) and `split_data_lines` (inlined, the planner would split a
      line again for every column that reads a field);
    - Spark has no such keyword.
#}
{% macro landing_materialized(cte) -%}
    {{ return(adapter.dispatch('landing_materialized', 'nara_vard')(cte)) }}
{%- endmacro %}

{% macro default__landing_materialized(cte) -%}
{%- endmacro %}

{% macro duckdb__landing_materialized(cte) -%}
    {{ 'materialized' if cte == 'lines' }}
{%- endmacro %}

{% macro postgres__landing_materialized(cte) -%}
    {{ 'materialized' if cte in ('positions', 'split_data_lines') }}
{%- endmacro %}
