{#
    complete_extract_years(relation, extract_sources): the calendar years (`contact_year`) in which every one of the
    given patient-level extracts is delivered for all twelve months, from a relation of extract × month_start
    (int_open_care_samples). A measure over a year of contacts needs the whole year.
#}
{% macro complete_extract_years(relation, extract_sources) -%}
    select {{ extract_int('year', 'month_start') }} as contact_year
    from {{ relation }}
    group by {{ extract_int('year', 'month_start') }}
    having
    {%- for source in extract_sources %}
        {{ 'and ' if not loop.first }}count(distinct case when extract_source = '{{ source }}' then month_start end) = 12
    {%- endfor %}
{%- endmacro %}
