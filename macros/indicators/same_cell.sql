{# Join condition: two relations' rows are the same mart cell (indicator × geography × period × sex);
   with_sex=false: the same cell whatever the sex (T, K, M and U of one indicator × geography × period). #}
{% macro same_cell(left, right, with_sex=true) -%}
    {{ left }}.indicator_id = {{ right }}.indicator_id
    and {{ left }}.geo_level = {{ right }}.geo_level
    and {{ left }}.geo_code = {{ right }}.geo_code
    and {{ left }}.period_type = {{ right }}.period_type
    and {{ left }}.period_start = {{ right }}.period_start
    {%- if with_sex %}
    and {{ left }}.sex = {{ right }}.sex
    {%- endif %}
{%- endmacro %}
