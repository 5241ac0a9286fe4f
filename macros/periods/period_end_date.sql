{# The last day of a month, quarter or year period, given its type and first day. #}
{% macro period_end_date(period_type, period_start) -%}
    cast(
        {{ dbt.dateadd(
            'day', -1,
            dbt.dateadd(
                'month',
                "case " ~ period_type ~ " when 'month' then 1 when 'quarter' then 3 else 12 end",
                period_start
            )
        ) }} as date
    )
{%- endmacro %}
