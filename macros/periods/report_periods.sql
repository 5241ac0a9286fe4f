{#
    The columns of the overview report for its reporting window (vars report_period_start ..
    report_period_end, a reporting setting apart from the mart's rolling follow-up window): every whole
    quarter, then the months after the last whole quarter. For 2022-01-01 .. 2024-01-31: Q1 2022 …
    Q4 2023, jan-24.
    Returns a list of {period_type, period_start (ISO), column}.
#}
{% macro report_periods() %}
    {% set start = modules.datetime.date.fromisoformat(var('report_period_start')) %}
    {% set end = modules.datetime.date.fromisoformat(var('report_period_end')) %}
    {% set months_sv = swedish_months() %}
    {% set columns = [] %}
    {% set state = {'year': start.year, 'month': start.month} %}
    {% for _ in range(600) %}
        {% set y = state.year %}
        {% set m = state.month %}
        {% set quarter_end_month = ((m - 1) // 3) * 3 + 3 %}
        {% if modules.datetime.date(y, m, 1) > end %}
            {% break %}
        {% endif %}
        {% set next_quarter = modules.datetime.date(y + (1 if quarter_end_month == 12 else 0), (quarter_end_month % 12) + 1, 1) %}
        {% if (m - 1) % 3 == 0 and next_quarter - modules.datetime.timedelta(days=1) <= end %}
            {% do columns.append({'period_type': 'quarter', 'period_start': modules.datetime.date(y, m, 1).isoformat(),
                                  'column': 'q' ~ ((m - 1) // 3 + 1) ~ '_' ~ y}) %}
            {% do state.update({'year': next_quarter.year, 'month': next_quarter.month}) %}
        {% else %}
            {% do columns.append({'period_type': 'month', 'period_start': modules.datetime.date(y, m, 1).isoformat(),
                                  'column': months_sv[m - 1] ~ '_' ~ (y % 100)}) %}
            {% do state.update({'year': y + (1 if m == 12 else 0), 'month': (m % 12) + 1}) %}
        {% endif %}
    {% endfor %}
    {% do return(columns) %}
{% endmacro %}
