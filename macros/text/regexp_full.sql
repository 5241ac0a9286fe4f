{#
    regexp_full(text, pattern): true when the pattern matches the whole text (NULL for a NULL
    text). DuckDB: regexp_full_match; default__: regexp_like() with the pattern anchored as
    ^(?:pattern)$ (PostgreSQL 15, Spark 3.5); spark__ rlike, backslashes doubled, anchored with \z
    (Java's `$` also matches before a final line break).
#}

{% macro regexp_full(text, pattern) -%}
    {{ return(adapter.dispatch('regexp_full', 'nara_vard')(text, pattern)) }}
{%- endmacro %}

{% macro duckdb__regexp_full(text, pattern) -%}
    regexp_full_match({{ text }}, {{ pattern }})
{%- endmacro %}

{% macro default__regexp_full(text, pattern) -%}
    regexp_like({{ text }}, '^(?:' || {{ pattern }} || ')$')
{%- endmacro %}

{% macro spark__regexp_full(text, pattern) -%}
    ({{ text }} rlike concat('^(?:', {{ pattern | replace('\\', '\\\\') }}, ')\\z'))
{%- endmacro %}
