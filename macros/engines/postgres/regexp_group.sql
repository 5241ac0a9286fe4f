{# PostgreSQL version of regexp_group(): regexp_match gives NULL for no match and for a group that did not take part. #}
{% macro postgres__regexp_group(text, pattern, group) -%}
    nullif((regexp_match({{ text }}, {{ pattern }}))[{{ group }}], '')
{%- endmacro %}
