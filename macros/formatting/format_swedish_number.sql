{#
    A number as a Swedish table prints it: space as thousands separator, decimal comma, a fixed
    number of decimals (0-3, rounded half away from zero) and '%' for percentages:
    2447 → '2 447', 87.5 → '87,5%', 79.4 with 2 decimals → '79,40%'.
#}
{% macro format_swedish_number(value, decimals, unit) -%}
    case
        when {{ value }} is not null
            then
                replace(
                    replace(
                        case {{ decimals }}
                            {%- for n in range(4) %}
                            {{ 'when ' ~ n ~ ' then' if n < 3 else 'else' }} {{ grouped_number(value, n) }}
                            {%- endfor %}
                        end,
                        ',', ' '
                    ),
                    '.', ','
                )
                || case when {{ unit }} = 'procent' then '%' else '' end
    end
{%- endmacro %}

{# A 95 % interval as a Swedish table prints it, to the value's decimals: '7,0–7,6%', '5,2–5,3'; NULL without one. #}
{% macro interval_sv(lower, upper, decimals, unit) -%}
    case
        when {{ lower }} is not null and {{ upper }} is not null
            then
                {{ format_swedish_number(lower, decimals, "'none'") }} || '–'
                || {{ format_swedish_number(upper, decimals, unit) }}
    end
{%- endmacro %}

{# A published cell's value as text: '..' where disclosure control hides it, else the Swedish number. #}
{% macro published_value_sv(value, suppression, decimals, unit) -%}
    case
        when {{ suppression }} is not null then '..'
        else {{ format_swedish_number(value, decimals, unit) }}
    end
{%- endmacro %}
