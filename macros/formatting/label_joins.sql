{#
    label_joins(joins): a left join to the CTE `labels` (dim_label) per (alias, domain, code expression), so a
    model gives each code its Swedish word as `<alias>.label_sv`, `<alias>.label_long_sv` and its order as
    `<alias>.sort_order`; a code without a word keeps NULLs there.
#}
{% macro label_joins(joins) -%}
    {%- for alias, domain, code in joins %}
    left join labels as {{ alias }} on {{ alias }}.domain = '{{ domain }}' and {{ code }} = {{ alias }}.code
    {%- endfor %}
{%- endmacro %}
