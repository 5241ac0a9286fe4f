{#
    landing_create_relations(): the on-run-start hook that makes the landing readable as bytes where
    the engine needs help. Each landing source `landing.<folder>` is one row per file of that folder
    with filename ('<NARA_VARD_LANDING as given>/<folder>/<file>'), content, size and
    last_modified. DuckDB reads the folder itself (the source's external_location: read_blob), so
    the default does nothing; Spark creates a view per source over binaryFile (spark__, below);
    PostgreSQL's views are made by `nara-vard load`.
#}
{% macro landing_create_relations() -%}
    {{ return(adapter.dispatch('landing_create_relations', 'nara_vard')()) }}
{%- endmacro %}

{% macro default__landing_create_relations() -%}
{%- endmacro %}

{#
    Spark: one view `landing.<folder>` per landing source over Spark's binaryFile reader of the
    folder, with the four columns DuckDB's read_blob gives (filename, content, size, last_modified)
    and the same values:
    - filename: '<NARA_VARD_LANDING as given>/<folder>/<file>' (binaryFile's path is an absolute
      file: URI; only its file name is kept);
    - last_modified: binaryFile's modificationTime has milliseconds, read_blob whole seconds: cut to
      the second (a UTC timestamp: the session time zone is UTC);
    - a folder that is missing or holds no file is an empty relation, as read_blob of an empty glob
      (binaryFile fails on a missing path): the folders holding files are listed first, once.
    Spark's file listing skips names starting with '.' or '_' (read_blob reads them): such files are
    not landing deliveries (docs/engines-spark.md).
    The views are made at the start of every run, so a new folder or file is seen by the next run.
    On a cluster (Databricks, Fabric) NARA_VARD_LANDING is the storage URL of the landing folder
    (abfss://…, dbfs:/…, s3a://…) and the same views read it.
#}
{% macro spark__landing_create_relations() -%}
    {#- a seed reads no landing: spare it the listing #}
    {%- if not execute or flags.WHICH == 'seed' -%}
        {{ return('') }}
    {%- endif -%}
    {%- set landing = env_var('NARA_VARD_LANDING', 'data/landing') | replace("'", "\\'") -%}
    {%- do run_query('create database if not exists landing') -%}
    {%- do run_query(
        "create or replace temporary view nara_vard_landing_listing using binaryFile"
        ~ " options (path '" ~ landing ~ "', recursiveFileLookup 'true')"
    ) -%}
    {%- set folders = run_query(
        "select distinct regexp_extract(path, '([^/]+)/[^/]+$', 1) as folder from nara_vard_landing_listing"
    ).columns[0].values() -%}
    {%- for entry in landing_sources() -%}
        {%- if entry.name in folders -%}
            {%- do run_query(
                "create or replace view landing." ~ entry.name ~ " as select"
                ~ " '" ~ landing ~ "/" ~ entry.name ~ "/' || regexp_extract(path, '[^/]+$', 0) as filename,"
                ~ " content, length as size,"
                ~ " date_trunc('second', modificationTime) as last_modified"
                ~ " from binaryFile.`" ~ landing ~ "/" ~ entry.name ~ "`"
            ) -%}
        {%- else -%}
            {%- do run_query(
                "create or replace view landing." ~ entry.name ~ " as select"
                ~ " cast(null as string) as filename, cast(null as binary) as content,"
                ~ " cast(null as bigint) as size, cast(null as timestamp) as last_modified where false"
            ) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- do run_query('drop view if exists nara_vard_landing_listing') -%}
{%- endmacro %}
