{#
    The region's own code as a SQL string literal ('14': Västra Götalandsregionen's county code at
    Statistics Sweden, var `region_code`). The region is a geography (geo_level 'region') and the
    delivering organisation of every regional source; models write this, never the code itself.
#}
{% macro region_code() -%}
    '{{ var("region_code") }}'
{%- endmacro %}
