{#
    Regular-expression tests, true/false (NULL for a NULL text):
    - regexp_contains(text, pattern): the pattern matches somewhere in the text;
    - regexp_full(text, pattern): the pattern matches the whole text.
    `pattern` is an SQL expression (a quoted literal or a column). DuckDB: regexp_matches /
    regexp_full_match. default__: regexp_like(), which PostgreSQL 15 and Spark 3.5 both have
    (the whole-text form anchors the pattern as ^(?:pattern)$).
#}
{% macro regexp_contains(text, pattern) -%}
    {{ return(adapter.dispatch('regexp_contains', 'nara_vard')(text, pattern)) }}
{%- endmacro %}

{% macro duckdb__regexp_contains(text, pattern) -%}
    regexp_matches({{ text }}, {{ pattern }})
{%- endmacro %}

{% macro default__regexp_contains(text, pattern) -%}
    regexp_like({{ text }}, {{ pattern }})
{%- endmacro %}

{% macro regexp_full(text, pattern) -%}
    {{ return(adapter.dispatch('regexp_full', 'nara_vard')(text, pattern)) }}
{%- endmacro %}

{% macro duckdb__regexp_full(text, pattern) -%}
    regexp_full_match({{ text }}, {{ pattern }})
{%- endmacro %}

{% macro default__regexp_full(text, pattern) -%}
    regexp_like({{ text }}, '^(?:' || {{ pattern }} || ')$')
{%- endmacro %}
