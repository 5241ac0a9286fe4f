{# Spark version of regexp_group(): regexp_extract gives '' for no match (backslashes doubled: Spark literals unescape). #}
{% macro spark__regexp_group(text, pattern, group) -%}
    nullif(regexp_extract({{ text }}, {{ pattern | replace('\\', '\\\\') }}, {{ group }}), '')
{%- endmacro %}
