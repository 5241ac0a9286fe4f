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
