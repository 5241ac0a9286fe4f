{#
    regexp_group(text, pattern, group): the text of capture group `group` (1-based) of the first
    match of `pattern` in `text`; NULL when nothing matches or the group is empty or did not take
    part. `pattern` is a quoted literal in RE2/ARE/Java syntax common to the three engines (no
    backslashes; (?i) at the start is fine). DuckDB: regexp_extract, which gives '' for no match.
    There is no standard form: default__ raises, postgres__ (regexp_match(..))[group] and spark__
    regexp_extract live in macros/engines/<engine>/.
#}
{% macro regexp_group(text, pattern, group) -%}
    {{ return(adapter.dispatch('regexp_group', 'nara_vard')(text, pattern, group)) }}
{%- endmacro %}

{% macro duckdb__regexp_group(text, pattern, group) -%}
    nullif(regexp_extract({{ text }}, {{ pattern }}, {{ group }}), '')
{%- endmacro %}

{% macro default__regexp_group(text, pattern, group) -%}
    {{ exceptions.raise_compiler_error('regexp_group() has no implementation for ' ~ target.type) }}
{%- endmacro %}

{# PostgreSQL version of regexp_group(): regexp_match gives NULL for no match and for a group that did not take part. #}
{% macro postgres__regexp_group(text, pattern, group) -%}
    nullif((regexp_match({{ text }}, {{ pattern }}))[{{ group }}], '')
{%- endmacro %}

{# Spark version of regexp_group(): regexp_extract gives '' for no match (backslashes doubled: Spark literals unescape). #}
{% macro spark__regexp_group(text, pattern, group) -%}
    nullif(regexp_extract({{ text }}, {{ pattern | replace('\\', '\\\\') }}, {{ group }}), '')
{%- endmacro %}
