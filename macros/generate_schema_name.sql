{#
    Schemas are named plainly (staging, marts, data_quality …), not prefixed with the target
    schema (main_marts), so BI users see the names the documentation uses.
#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
