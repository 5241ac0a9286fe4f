{# A quality flag in Swedish words, as the reports print it next to a value. #}
{% macro quality_flag_sv(flag) -%}
    case {{ flag }}
        when 'incomplete' then 'Ofullständigt: alla förväntade leveranser har inte kommit'
        when 'followup_incomplete' then 'Uppföljningstiden (30 dagar efter perioden) är inte levererad än'
        when 'not_reported' then 'Levererat, men utan denna uppgift'
        when 'not_scheduled' then 'Mäts eller rapporteras inte denna period'
        when 'no_data' then 'Inga data levererade'
        when 'zero_denominator' then 'Nämnaren är noll'
    end
{%- endmacro %}
