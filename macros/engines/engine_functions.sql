{#
    Functions an engine needs before the models run (on-run-start): nothing on DuckDB or by
    default; PostgreSQL creates its UTF-8 check and personnummer test (macros/engines/postgres/).
#}
{% macro engine_functions() -%}
    {{ return(adapter.dispatch('engine_functions', 'nara_vard')()) }}
{%- endmacro %}

{% macro default__engine_functions() -%}
{%- endmacro %}

{#
    analyze_relation(), a post-hook of every model: PostgreSQL plans the next model's joins from
    table statistics, which a table created by `create table as` lacks until autovacuum gets to it;
    without them it estimates one row for a join on six columns and nests loops (the disclosure
    relations ran for more than 10 minutes). So a table is analysed as soon as it is built. Nothing
    on DuckDB and Spark.
#}
{% macro analyze_relation() -%}
    {{ return(adapter.dispatch('analyze_relation', 'nara_vard')()) }}
{%- endmacro %}

{% macro default__analyze_relation() -%}
{%- endmacro %}

{% macro postgres__analyze_relation() -%}
    {%- if model.config.materialized in ('table', 'incremental', 'seed') -%}
        analyze {{ this }}
    {%- endif -%}
{%- endmacro %}

{#
    engine_model_settings(), a pre-hook of every model, inside its transaction: PostgreSQL plans a
    CTE that a model reads more than once (the disclosure cells: six times) without column
    statistics, estimates one row for a join on several columns and nests loops over tens of
    thousands of rows. The warehouse has no indexes, so a nested loop is never the better plan:
    `set local enable_nestloop = off` for the model's transaction. Nothing elsewhere.
#}
{% macro engine_model_settings() -%}
    {{ return(adapter.dispatch('engine_model_settings', 'nara_vard')()) }}
{%- endmacro %}

{% macro default__engine_model_settings() -%}
{%- endmacro %}

{% macro postgres__engine_model_settings() -%}
    set local enable_nestloop = off
{%- endmacro %}
