{#
    A series of months without generate_series()/unnest() (DuckDB-only in the select list) and
    without dbt's date_spine (it renders a `with` nested in a subquery): a join to the numbers
    0..999 (month_numbers(), union all of digits: standard SQL on DuckDB, PostgreSQL and Spark).

        from t
        {{ month_series('t.start_month', 't.end_month', 'm') }}
        select {{ month_series_start('t.start_month', 'm') }} as month_start

    month_series(start, end, alias, step_months) joins one row per month from `start` to `end`
    (both first days of a month; inclusive; every step_months-th month from `start`);
    month_series_start(start, alias) is that row's month as a date.
#}
{% macro month_numbers() -%}
    (
        select d0.n + 10 * d1.n + 100 * d2.n as month_offset
        from {{ digits() }} as d0
        cross join {{ digits() }} as d1
        cross join {{ digits() }} as d2
    )
{%- endmacro %}

{% macro digits() -%}
    (
        {%- for i in range(10) %}
        select {{ i }} as n{{ " union all" if not loop.last }}
        {%- endfor %}
    )
{%- endmacro %}

{% macro month_series(start_date, end_date, alias='month_series', step_months=1) -%}
    inner join {{ month_numbers() }} as {{ alias }}
        on {{ alias }}.month_offset <= {{ dbt.datediff(start_date, end_date, 'month') }}
        {%- if step_months != 1 %} and {{ alias }}.month_offset % ({{ step_months }}) = 0{% endif %}
{%- endmacro %}

{% macro month_series_start(start_date, alias='month_series') -%}
    cast({{ dbt.dateadd('month', alias ~ '.month_offset', start_date) }} as date)
{%- endmacro %}
