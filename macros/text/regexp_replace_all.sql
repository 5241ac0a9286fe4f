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

{# PostgreSQL: regexp_replace with the 'g' flag, as DuckDB. #}
{% macro postgres__regexp_replace_all(text, pattern, replacement) -%}
    regexp_replace({{ text }}, {{ pattern }}, {{ replacement }}, 'g')
{%- endmacro %}

{#
    Spark: replace every match (Spark's regexp_replace always does). The pattern and replacement
    are written for DuckDB/PostgreSQL: backslashes are doubled for Spark's string literals, and
    the group references \1 .. \9 become $1 .. $9.
#}
{% macro spark__regexp_replace_all(text, pattern, replacement) -%}
    {#- a namespace: a plain `set` inside the loop would not outlive it (Jinja scoping) -#}
    {%- set spark = namespace(replacement=replacement) -%}
    {%- for n in range(1, 10) -%}
        {%- set spark.replacement = spark.replacement | replace('\\' ~ n, '$' ~ n) -%}
    {%- endfor -%}
    regexp_replace({{ text }}, {{ pattern | replace('\\', '\\\\') }}, {{ spark.replacement | replace('\\', '\\\\') }})
{%- endmacro %}
