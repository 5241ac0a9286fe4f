{#
    regexp_contains(text, pattern): true when the pattern matches somewhere in the text (NULL for a
    NULL text). `pattern` is an SQL expression (a quoted literal or a column). DuckDB:
    regexp_matches; default__: regexp_like(), which PostgreSQL 15 and Spark 3.5 both have; spark__
    rlike with the pattern's backslashes doubled (Spark's string literals unescape them).
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

{% macro spark__regexp_contains(text, pattern) -%}
    ({{ text }} rlike {{ pattern | replace('\\', '\\\\') }})
{%- endmacro %}
