{#
    publication_history(file_name): a DuckDB read_parquet() of every `history/<publication_id>/<file_name>` that
    `nara-vard publish` has kept beside the published copy (env NARA_VARD_PUBLISHED, else published/ next to
    the build database, as nara_vard.paths.published_dir), or none when there is no such file yet or the
    engine is not DuckDB (PostgreSQL and Spark do not read the publisher's folder).
#}
{% macro publication_history(file_name) -%}
    {%- if not execute or target.type != 'duckdb' -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set database = env_var('NARA_VARD_DB', 'warehouse/nara_vard.duckdb') -%}
    {%- set folder = env_var('NARA_VARD_PUBLISHED', '') or (
        (database.rsplit('/', 1)[0] if '/' in database else '.') ~ '/published') -%}
    {%- set pattern = (folder ~ '/history/*/' ~ file_name) | replace("'", "''") -%}
    {%- set found = run_query("select count(*) from glob('" ~ pattern ~ "')").columns[0].values()[0] -%}
    {{ return("read_parquet('" ~ pattern ~ "', union_by_name = true)" if found > 0 else none) }}
{%- endmacro %}
