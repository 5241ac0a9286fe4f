{#
    grant_reader_schema_usage(), an on-run-end hook: the reader role (var reader_role) may select from
    the public models (their YAML config `grants`, applied by dbt as it builds each table), but a
    PostgreSQL role must also be let into a schema to reach its tables. So after a run or build, the
    role gets USAGE on each existing schema that holds a public model (`access: public`, read from
    the graph, as `nara-vard publish` reads the manifest): marts and data_quality. Nothing else is
    granted; nothing on DuckDB and Spark, nor when reader_role is "".
#}
{% macro grant_reader_schema_usage() -%}
    {{ return(adapter.dispatch('grant_reader_schema_usage', 'nara_vard')()) }}
{%- endmacro %}

{% macro default__grant_reader_schema_usage() -%}
{%- endmacro %}

{% macro postgres__grant_reader_schema_usage() -%}
    {%- if execute and flags.WHICH in ('run', 'build') and var('reader_role') -%}
        {%- set public_schemas = [] -%}
        {%- for node in graph.nodes.values() -%}
            {%- if node.resource_type == 'model' and node.package_name == project_name
                and node.access == 'public' and node.schema not in public_schemas -%}
                {%- do public_schemas.append(node.schema) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- set existing = [] -%}
        {%- if public_schemas -%}
            {%- set found = run_query(
                "select nspname from pg_namespace where nspname in ('"
                ~ (public_schemas | sort | join("', '")) ~ "') order by nspname"
            ) -%}
            {%- set existing = found.columns[0].values() | list -%}
        {%- endif -%}
        {%- if existing -%}
            grant usage on schema {{ existing | join(', ') }} to {{ var('reader_role') }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
