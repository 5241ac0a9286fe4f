{#
    landing_create_relations(): the on-run-start hook that makes the landing readable as bytes where
    the engine needs help. Each landing source `landing.<folder>` is one row per file of that folder
    with filename ('<NARA_VARD_LANDING as given>/<folder>/<file>'), content, size and
    last_modified. DuckDB reads the folder itself (the source's external_location: read_blob), so
    the default does nothing; Spark creates a view per source over binaryFile
    (macros/engines/spark/landing_relations.sql); PostgreSQL's views are made by `nara-vard load`.
#}
{% macro landing_create_relations() -%}
    {{ return(adapter.dispatch('landing_create_relations', 'nara_vard')()) }}
{%- endmacro %}

{% macro default__landing_create_relations() -%}
{%- endmacro %}
