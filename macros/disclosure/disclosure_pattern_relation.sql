{#
    The suppression pattern of this engine: the dbt Python model int_disclosure_pattern_solved on
    DuckDB, what `nara-vard protect` wrote (int_disclosure_pattern_loaded) on PostgreSQL and Spark,
    which cannot run Python models.
#}
{% macro disclosure_pattern_relation() -%}
    {%- if target.type == 'duckdb' -%}
        {{ ref('int_disclosure_pattern_solved') }}
    {%- else -%}
        {{ ref('int_disclosure_pattern_loaded') }}
    {%- endif -%}
{%- endmacro %}
