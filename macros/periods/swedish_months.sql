{#
    The Swedish month abbreviations, once for the whole project: as a Jinja list (`swedish_months()`)
    and as a SQL list literal (`swedish_months_sql()`), for period labels (`jan-24`), report
    columns and reading month names in deliveries (`januari 2023` → its first three letters).
#}
{% macro swedish_months() -%}
    {% do return(['jan', 'feb', 'mar', 'apr', 'maj', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec']) %}
{%- endmacro %}

{% macro swedish_months_sql() -%}
    [{%- for m in swedish_months() %}'{{ m }}'{{ ", " if not loop.last }}{% endfor -%}]
{%- endmacro %}
