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
