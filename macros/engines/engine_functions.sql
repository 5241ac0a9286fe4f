{#
    Functions an engine needs before the models run (on-run-start): nothing on DuckDB or by
    default; PostgreSQL creates its UTF-8 check and personnummer test (macros/engines/postgres/).
#}
{% macro engine_functions() -%}
    {{ return(adapter.dispatch('engine_functions', 'nara_vard')()) }}
{%- endmacro %}

{% macro default__engine_functions() -%}
{%- endmacro %}
