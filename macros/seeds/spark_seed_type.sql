{#
    spark_seed_type(type): a seed column type for Spark. The seeds' column_types are written for
    DuckDB and PostgreSQL (`varchar`); Spark 3.5 rejects a varchar without a length: varchar / text
    -> string. Used by spark__create_csv_table and spark__load_csv_rows.
#}

{% macro spark_seed_type(type) -%}
    {%- if type | lower in ('varchar', 'text', 'character varying') -%}
        string
    {%- else -%}
        {{ type }}
    {%- endif -%}
{%- endmacro %}
