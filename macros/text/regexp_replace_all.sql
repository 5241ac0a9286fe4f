{#
    Replace every match of a regular expression. `replacement` refers to groups as \1, \2 (DuckDB
    and PostgreSQL syntax; Spark's implementation turns them into $1, $2). DuckDB and PostgreSQL
    replace only the first match unless given the 'g' flag; Spark always replaces all.
#}
{% macro regexp_replace_all(text, pattern, replacement) -%}
    {{ return(adapter.dispatch('regexp_replace_all', 'nara_vard')(text, pattern, replacement)) }}
{%- endmacro %}

{% macro duckdb__regexp_replace_all(text, pattern, replacement) -%}
    regexp_replace({{ text }}, {{ pattern }}, {{ replacement }}, 'g')
{%- endmacro %}

{% macro default__regexp_replace_all(text, pattern, replacement) -%}
    {{ exceptions.raise_compiler_error('regexp_replace_all has no implementation for ' ~ target.type) }}
{%- endmacro %}
