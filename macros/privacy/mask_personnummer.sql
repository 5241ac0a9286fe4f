{#
    Mask anything in a text that looks like a Swedish personnummer or samordningsnummer (6 or 8
    digits of date, optional - or +, 4 digits), so no published message can identify a person.
    It masks on the pattern alone (no Luhn check): masking a harmless number is the safe error.
#}
{% macro mask_personnummer(text) -%}
    regexp_replace({{ text }}, '(^|[^0-9])([0-9]{2})?[0-9]{6}[-+ ]?[0-9]{4}([^0-9]|$)', '\1******-****\3', 'g')
{%- endmacro %}
