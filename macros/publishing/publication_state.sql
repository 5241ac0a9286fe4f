{#
    publication_state(file_name): a DuckDB read_parquet() of `publication_state/<file_name>` beside the build
    database (env NARA_VARD_DB), where `nara-vard publish` keeps what the next build must know about the
    last publication made from this warehouse (disclosure_cells.parquet: each disclosure cell's true counts
    and whether it was hidden). Private: it sits with the build database, never in the published folder.
    None when there is no such file or the engine is not DuckDB.
#}
{% macro publication_state(file_name) -%}
    {%- if not execute or target.type != 'duckdb' -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set database = env_var('NARA_VARD_DB', 'warehouse/nara_vard.duckdb') -%}
    {%- set path = ((database.rsplit('/', 1)[0] if '/' in database else '.') ~ '/publication_state/'
        ~ file_name) | replace("'", "''") -%}
    {%- set found = run_query("select count(*) from glob('" ~ path ~ "')").columns[0].values()[0] -%}
    {{ return("read_parquet('" ~ path ~ "')" if found > 0 else none) }}
{%- endmacro %}
