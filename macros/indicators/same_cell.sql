{# Join condition: two relations' rows are the same mart cell (indicator × geography × period × sex). #}
{% macro same_cell(left, right) -%}
    {{ left }}.indicator_id = {{ right }}.indicator_id
    and {{ left }}.geo_level = {{ right }}.geo_level
    and {{ left }}.geo_code = {{ right }}.geo_code
    and {{ left }}.period_type = {{ right }}.period_type
    and {{ left }}.period_start = {{ right }}.period_start
    and {{ left }}.sex = {{ right }}.sex
{%- endmacro %}
