{#
    sum_exact(expression): the sum of a floating-point expression, the same whatever order the rows
    arrive in. A parallel aggregate adds doubles in the order its threads happen to meet them, and
    a sum of fractional amounts of kronor in the hundreds of millions then differs in its last bits
    from one build to the next, so a published figure would change with nothing changed. Each value
    is taken to a 38-digit decimal with 10 decimals (every double from 1e-10 to 1e28 keeps its
    significant digits), summed exactly there and returned as a double.
#}
{% macro sum_exact(expression) -%}
    cast(sum(cast({{ expression }} as decimal(38, 10))) as {{ type_double() }})
{%- endmacro %}
