{# Spark version of regexp_group(): regexp_extract gives '' for no match (backslashes doubled: Spark literals unescape). #}
{% macro spark__regexp_group(text, pattern, group) -%}
    nullif(regexp_extract({{ text }}, {{ pattern | replace('\\', '\\\\') }}, {{ group }}), '')
{%- endmacro %}

{# Spark version of delimited_field(): element_at counts from 1. #}
{% macro spark__delimited_field(line, separator, n) -%}
    element_at({{ nara_vard.spark__split_delimited(line, separator) }}, {{ n }})
{%- endmacro %}
