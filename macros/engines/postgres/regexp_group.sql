{# PostgreSQL version of regexp_group(): regexp_match gives NULL for no match and for a group that did not take part. #}
{% macro postgres__regexp_group(text, pattern, group) -%}
    nullif((regexp_match({{ text }}, {{ pattern }}))[{{ group }}], '')
{%- endmacro %}

{# PostgreSQL version of delimited_field(): text[] from postgres__split_delimited, 1-based. #}
{% macro postgres__delimited_field(line, separator, n) -%}
    ({{ nara_vard.postgres__split_delimited(line, separator) }})[{{ n }}]
{%- endmacro %}
