{# The 256 two-digit upper-case hex strings `00` .. `FF`, as a select of one column `patient_id_ending`. #}
{% macro hex_byte_endings() -%}
    {%- set digits = '0123456789ABCDEF' -%}
    {%- for high in digits %}
    select '{{ high }}' || d.digit as patient_id_ending from (
        {%- for low in digits %}
        select '{{ low }}' as digit{{ ' union all' if not loop.last }}
        {%- endfor %}
    ) as d
    {{- ' union all' if not loop.last }}
    {%- endfor %}
{%- endmacro %}
