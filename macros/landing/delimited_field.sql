{#
    delimited_field(line, separator, n): field n (1-based) of a delimited line, read with the same
    rules as the landing layer's split_delimited() (quotes, trimming). For models that need one field
    of `line_text` (e.g. the first cell of a total row). Every engine (array_item()).
#}
{% macro delimited_field(line, separator, n) -%}
    {{ array_item(split_delimited(line, separator), n) }}
{%- endmacro %}
