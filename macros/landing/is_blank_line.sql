{#
    is_blank_line(line): a line with no data: empty, or only spaces, tabs, no-break spaces,
    separators, quotes and a carriage return (a spreadsheet's trailing ";;;;" rows). Such lines are
    counted per file, never read as rows. One body for every engine (trim_chars()).
#}
{% macro is_blank_line(line) -%}
    ({{ trim_chars(line, "' ' || chr(9) || ';,\"' || chr(160) || chr(13)") }} = '')
{%- endmacro %}
