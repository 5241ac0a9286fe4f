{# The last day of a month, quarter or year period, given its type and first day. #}
{% macro period_end_date(period_type, period_start) -%}
    (
        {{ period_start }}
        + case {{ period_type }}
            when 'month' then interval 1 month
            when 'quarter' then interval 3 month
            else interval 1 year
        end
        - interval 1 day
    )::date
{%- endmacro %}
