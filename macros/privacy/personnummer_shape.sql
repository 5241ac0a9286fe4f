{#
    personnummer_shape(text): the cheap pre-filter of contains_personnummer(): a text holding a
    personnummer has a run of six or eight digits, maybe '-', '+' or a space, and four digits, with no digit
    on either side (personnummer_candidates() takes maximal digit runs, so a longer run is never one). The
    boundaries matter for speed, not for the answer: without them every line with a long number (a contact id
    such as PV2023030000001) passed the filter and paid the full check, which on PostgreSQL cost 95 s for one
    source. The pattern never crosses a line break, so a file whose whole text does not match has no line
    that does (landing_rows() checks each file once before its lines). Every engine (regexp_contains()).
#}
{% macro personnummer_shape(text) -%}
    {{ regexp_contains(text, "'(^|[^0-9])([0-9]{6}|[0-9]{8})[-+ ]?[0-9]{4}([^0-9]|$)'") }}
{%- endmacro %}
