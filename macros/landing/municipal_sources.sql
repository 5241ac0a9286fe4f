{#
    The landing sources each municipality delivers for itself (an `org` expression in landing_sources(),
    today kommun_hsl) as a SQL list literal, e.g. ('kommun_hsl'): models test `source in {{ municipal_sources() }}`
    instead of naming a source, so a second municipal source needs no model changed.
#}
{% macro municipal_sources() -%}
    ({% for s in landing_sources() if s.org is defined %}'{{ s.name }}'{{ ", " if not loop.last }}{% endfor %})
{%- endmacro %}
