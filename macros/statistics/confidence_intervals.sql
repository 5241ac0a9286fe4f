{#
    95 % intervals and tests, as SQL expressions. z = 1.959964, the two-sided 5 % point of the
    normal distribution.
#}
{% macro z_95() -%}1.959964{%- endmacro %}

{#
    Wilson score interval for a share x / n (x successes out of n), scaled by `scale`; `bound` is
    'lower' or 'upper'. Unlike p ± z·√(p(1−p)/n) it stays within 0..1 and works for p = 0 or 1.
#}
{% macro wilson_bound(x, n, bound, scale=1) -%}
    {%- set z = z_95() -%}
    {%- set p = '(cast(' ~ x ~ ' as ' ~ type_double() ~ ') / ' ~ n ~ ')' -%}
    {{ scale }} * (
        ({{ p }} + {{ z }} * {{ z }} / (2 * {{ n }}))
        {{ '-' if bound == 'lower' else '+' }} {{ z }} * sqrt(
            {{ p }} * (1 - {{ p }}) / {{ n }} + {{ z }} * {{ z }} / (4 * {{ n }} * {{ n }})
        )
    ) / (1 + {{ z }} * {{ z }} / {{ n }})
{%- endmacro %}

{# Sample variance from n, Σx and Σx² (NULL for n < 2). #}
{% macro sample_variance(n, total, squares) -%}
    case
        when {{ n }} >= 2
            then greatest(
                ({{ squares }} - {{ total }} * {{ total }} / {{ n }}) / ({{ n }} - 1), 0
            )
    end
{%- endmacro %}

{# mean ± z·s/√n from n, Σx and Σx², scaled by `scale`; `bound` is 'lower' or 'upper'. #}
{% macro mean_bound(n, total, squares, bound, scale=1) -%}
    {{ scale }} * (
        {{ total }} / {{ n }}
        {{ '-' if bound == 'lower' else '+' }} {{ z_95() }} * sqrt({{ sample_variance(n, total, squares) }} / {{ n }})
    )
{%- endmacro %}

{#
    The two-sided 5 % critical value of Student's t with `df` degrees of freedom (non-integer allowed,
    as Welch's are), from the Cornish–Fisher expansion around z: 3.159 for 3 (exact 3.182), 2.568 for 5
    (2.571), 2.228 for 10; closer still for the hundreds of episodes our means have.
#}
{% macro t_critical_95(df) -%}
    {%- set z = z_95() -%}
    (
        {{ z }}
        + (power({{ z }}, 3) + {{ z }}) / (4 * {{ df }})
        + (5 * power({{ z }}, 5) + 16 * power({{ z }}, 3) + 3 * {{ z }}) / (96 * power({{ df }}, 2))
        + (3 * power({{ z }}, 7) + 19 * power({{ z }}, 5) + 17 * power({{ z }}, 3) - 15 * {{ z }})
        / (384 * power({{ df }}, 3))
    )
{%- endmacro %}
