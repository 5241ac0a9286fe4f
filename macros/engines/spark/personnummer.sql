{#
    Spark's personnummer detection and masking, the same results as the DuckDB macros in
    macros/privacy (contains_personnummer, personnummer_shape, mask_personnummer): 10 or 12 digits,
    or 6/8 digits, '-', '+' or space and 4 digits, whose last ten digits pass the Luhn check.
#}
{% macro spark__contains_personnummer(text) -%}
    case
        when {{ spark__personnummer_shape(text) }}
            then exists({{ spark__personnummer_candidates(text) }}, candidate -> {{ spark__luhn_valid('candidate') }})
        else false
    end
{%- endmacro %}

{% macro spark__personnummer_shape(text) -%}
    ({{ text }} rlike '[0-9]{6}(?:[0-9]{2})?[-+ ]?[0-9]{4}')
{%- endmacro %}

{# The last ten digits of every personnummer-shaped number (NULL where a piece is not one). #}
{% macro spark__personnummer_candidates(text) -%}
    element_at(
        transform(
            -- the maximal runs of digits and of other characters: split where one kind meets the other
            array(split({{ text }}, '(?<=[0-9])(?=[^0-9])|(?<=[^0-9])(?=[0-9])', -1)),
            pieces -> transform(
                pieces,
                (piece, i) -> case
                    when piece rlike '^(?:[0-9]{10}|[0-9]{12})$' then right(piece, 10)
                    when
                        piece rlike '^(?:[0-9]{6}|[0-9]{8})$'
                        and pieces[i + 1] in ('-', '+', ' ')
                        and pieces[i + 2] rlike '^[0-9]{4}$'
                        then right(piece, 6) || pieces[i + 2]
                end
            )
        ),
        1
    )
{%- endmacro %}

{# The Luhn (mod 10) check of a ten-digit text. #}
{% macro spark__luhn_valid(digits) -%}
    coalesce(
        aggregate(
            sequence(0, 9),
            0,
            (total, k) -> total + case
                when k % 2 = 0 then array(0, 2, 4, 6, 8, 1, 3, 5, 7, 9)[cast(substr({{ digits }}, k + 1, 1) as int)]
                else cast(substr({{ digits }}, k + 1, 1) as int)
            end
        ) % 10 = 0,
        false
    )
{%- endmacro %}

{# Mask anything shaped like a personnummer (two passes, as mask_personnummer). #}
{% macro spark__mask_personnummer(text) -%}
    {%- set pattern = "'(^|[^0-9])([0-9]{2})?[0-9]{6}[-+ ]?[0-9]{4}([^0-9]|$)'" -%}
    regexp_replace(
        regexp_replace({{ text }}, {{ pattern }}, '$1******-****$3'), {{ pattern }}, '$1******-****$3'
    )
{%- endmacro %}
