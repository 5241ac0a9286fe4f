{#
    lower_text(text): `text` in lower case, every letter (Å → å, not only A-Z). PostgreSQL's lower()
    follows the collation of its argument, and text decoded by convert_from(.., 'LATIN1') carries
    the "C" collation, under which only A-Z change ('SÄBO' → 'sÄbo'): postgres__ lowers under the
    database's default collation (C.UTF-8 in tools/postgres_cluster.sh), as DuckDB and Spark do.
#}
{% macro lower_text(text) -%}
    {{ return(adapter.dispatch('lower_text', 'nara_vard')(text)) }}
{%- endmacro %}

{% macro default__lower_text(text) -%}
    lower({{ text }})
{%- endmacro %}

{% macro postgres__lower_text(text) -%}
    lower({{ text }} collate "default")
{%- endmacro %}
