{#
    personnummer_shape(text): the cheap pre-filter of contains_personnummer(): a text holding a
    personnummer has six or eight digits, maybe '-', '+' or a space, and four digits. The pattern
    never crosses a line break, so a file whose whole text does not match has no line that does
    (landing_rows() checks each file once before its lines). Every engine (regexp_contains()).
#}
{% macro personnummer_shape(text) -%}
    {{ regexp_contains(text, "'[0-9]{6}(?:[0-9]{2})?[-+ ]?[0-9]{4}'") }}
{%- endmacro %}
