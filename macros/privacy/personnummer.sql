{#
    Detection of Swedish personnummer and samordningsnummer in free text: 10 or 12 digits, written
    together (YYMMDDNNNC, YYYYMMDDNNNC) or with '-', '+' or a space before the last four, whose
    last ten digits pass the Luhn check. Samordningsnummer (day + 60) have the same form and check.
    The text is cut into maximal digit runs and the text between them, so a number inside a longer
    digit string is never taken for a personnummer. Lines without ten digits in a row (or six or
    eight, a separator and four) are rejected by a cheap pre-filter before any list work.
#}
{% macro contains_personnummer(text) -%}
    case
        when {{ personnummer_shape(text) }}
            then list_bool_or(
                list_transform({{ personnummer_candidates(text) }}, candidate -> {{ luhn_valid('candidate') }})
            )
        else false
    end
{%- endmacro %}

{#
    The cheap pre-filter: a text holding a personnummer has six or eight digits, maybe '-', '+' or a
    space, and four digits. The pattern never crosses a line break, so a file whose whole text does
    not match has no line that does (landing_rows() checks each file once before its lines).
#}
{% macro personnummer_shape(text) -%}
    regexp_matches({{ text }}, '[0-9]{6}(?:[0-9]{2})?[-+ ]?[0-9]{4}')
{%- endmacro %}

{# The last ten digits of every personnummer-shaped number in a text (NULL where a piece is not one). #}
{% macro personnummer_candidates(text) -%}
    list_transform(
        list_zip(
            regexp_extract_all({{ text }}, '[0-9]+|[^0-9]+'),
            regexp_extract_all({{ text }}, '[0-9]+|[^0-9]+')[2:],
            regexp_extract_all({{ text }}, '[0-9]+|[^0-9]+')[3:]
        ),
        piece -> case
            when regexp_full_match(piece[1], '[0-9]{10}|[0-9]{12}') then right(piece[1], 10)
            when
                regexp_full_match(piece[1], '[0-9]{6}|[0-9]{8}')
                and piece[2] in ('-', '+', ' ')
                and regexp_full_match(piece[3], '[0-9]{4}')
                then right(piece[1], 6) || piece[3]
        end
    )
{%- endmacro %}

{# The Luhn (mod 10) check of a ten-digit text: every other digit from the first doubled, digit sums added. #}
{% macro luhn_valid(digits) -%}
    coalesce(
        list_sum(
            list_transform(
                range(10),
                k -> case
                    when k % 2 = 0 then [0, 2, 4, 6, 8, 1, 3, 5, 7, 9][{{ digits }}[k + 1]::integer + 1]
                    else {{ digits }}[k + 1]::integer
                end
            )
        ) % 10 = 0,
        false
    )
{%- endmacro %}
