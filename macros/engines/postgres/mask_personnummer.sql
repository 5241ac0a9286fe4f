{#
    PostgreSQL version of macros/privacy/mask_personnummer.sql. PostgreSQL's regular expressions
    prefer the longest match where DuckDB's (RE2) take the first alternative, but this pattern has
    one match at each position on both (the optional parts are fixed by the digits around them),
    so the masked text is the same.
#}
{% macro postgres__mask_personnummer(text) -%}
    {%- set pattern = "'(^|[^0-9])([0-9]{2})?[0-9]{6}[-+ ]?[0-9]{4}([^0-9]|$)'" -%}
    regexp_replace(
        regexp_replace({{ text }}, {{ pattern }}, '\1******-****\3', 'g'), {{ pattern }}, '\1******-****\3', 'g'
    )
{%- endmacro %}
