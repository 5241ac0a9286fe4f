{#
    optimization_fence(): written after a subquery's last clause, it keeps the engine from merging
    the subquery into its caller. PostgreSQL pulls a simple subquery up into the query that reads
    it, and then evaluates an expression of it once per reference (landing_files(): a file decoded
    again for every line that reads its text): `offset 0` stops that. Nothing elsewhere.
#}
{% macro optimization_fence() -%}
    {{ return(adapter.dispatch('optimization_fence', 'nara_vard')()) }}
{%- endmacro %}

{% macro default__optimization_fence() -%}
{%- endmacro %}

{% macro postgres__optimization_fence() -%}
    offset 0
{%- endmacro %}
