{#
    Mask anything in a text that looks like a Swedish personnummer or samordningsnummer (6 or 8
    digits of date, optional - + or space, 4 digits), so no published message can identify a
    person. It masks on the pattern alone (no Luhn check): masking a harmless number is the safe
    error. The pattern consumes the character before and after a number, so two numbers one
    character apart need a second pass.
#}
{% macro mask_personnummer(text) -%}
    {%- set pattern = "'(^|[^0-9])([0-9]{2})?[0-9]{6}[-+ ]?[0-9]{4}([^0-9]|$)'" -%}
    {{ regexp_replace_all(regexp_replace_all(text, pattern, "'\\1******-****\\3'"), pattern, "'\\1******-****\\3'") }}
{%- endmacro %}
