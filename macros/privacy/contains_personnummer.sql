{#
    contains_personnummer(text): true when the text holds a Swedish personnummer or
    samordningsnummer: 10 or 12 digits, written together (YYMMDDNNNC, YYYYMMDDNNNC) or with '-', '+'
    or a space before the last four, whose last ten digits pass the Luhn check. Samordningsnummer
    (day + 60) have the same form and check. The text is cut into maximal digit runs and the text
    between them, so a number inside a longer digit string is never taken for a personnummer. Texts
    that fail the cheap pre-filter personnummer_shape() are rejected before any list work. One body
    for every engine; the check itself is has_valid_personnummer().
#}
{% macro contains_personnummer(text) -%}
    case
        when {{ personnummer_shape(text) }} then {{ has_valid_personnummer(text) }}
        else false
    end
{%- endmacro %}
