{#
    The last step every indicator fact model shares: its rows (`records`: indicator_id, fact_date,
    numerator, denominator and whichever of the geography columns, `sex` and `distinct_key` it has)
    summed to the fact grain indicator × month × base geography × sex × distinct key. Columns the
    source does not have are NULL, so every fact model has the same columns and the union needs no
    padding. `squares` carries Σ numerator² (means: their interval needs the spread); it is only
    meaningful when each record is one person or episode.
#}
{% macro indicator_facts(records, geography=[], sex=false, distinct_key=false, squares=false) -%}
    {%- set geography_columns = ['municipality_code', 'hospital_code', 'care_centre_code', 'team_code'] -%}
    {%- set grain = ['indicator_id', 'fact_month'] + geography_columns + ['sex', 'distinct_key'] -%}
    select
        {{ grain | join(',\n        ') }},
        {{ sum_exact('numerator') }} as numerator,
        {{ sum_exact('denominator') }} as denominator,
        {% if squares -%}
            {{ sum_exact('numerator * numerator') }}
        {%- else -%}
            cast(null as {{ type_double() }})
        {%- endif %} as numerator_squares,
        count(*) as fact_rows
    from (
        select
            cast(indicator_id as {{ dbt.type_string() }}) as indicator_id,
            cast({{ dbt.date_trunc('month', 'fact_date') }} as date) as fact_month,
            {%- for column in geography_columns %}
                {{ 'cast(' ~ column ~ ' as ' ~ dbt.type_string() ~ ')' if column in geography else 'cast(null as ' ~ dbt.type_string() ~ ')' }}
                as {{ column }},
            {%- endfor %}
            {{ 'cast(sex as ' ~ dbt.type_string() ~ ')' if sex else 'cast(null as ' ~ dbt.type_string() ~ ')' }} as sex,
            {{ 'cast(distinct_key as ' ~ dbt.type_string() ~ ')' if distinct_key else 'cast(null as ' ~ dbt.type_string() ~ ')' }} as distinct_key,
            cast(numerator as {{ type_double() }}) as numerator,
            cast(denominator as {{ type_double() }}) as denominator
        from {{ records }}
    ) as shaped
    group by
        {{ grain | join(',\n        ') }}
{%- endmacro %}
