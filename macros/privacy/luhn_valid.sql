{#
    luhn_valid(digits): the Luhn (mod 10) check of a ten-digit text, one body for every engine: the
    digits at odd positions (1st, 3rd, ...) count doubled with their digit sum (0 2 4 6 8 1 3 5 7 9 for
    0..9, looked up by position in '0246813579'), the others as they are; the sum must end in 0. Only
    substr() and casts, so DuckDB, PostgreSQL (inside nara_vard_contains_personnummer) and Spark read
    the same expression. false (never NULL) for NULL.
#}
{% macro luhn_valid(digits) -%}
    coalesce((
        {%- for k in range(10) %}
        {{ '+ ' if not loop.first }}
        {%- if k % 2 == 0 -%}
            cast(substr('0246813579', cast(substr({{ digits }}, {{ k + 1 }}, 1) as integer) + 1, 1) as integer)
        {%- else -%}
            cast(substr({{ digits }}, {{ k + 1 }}, 1) as integer)
        {%- endif -%}
        {%- endfor %}
    ) % 10 = 0, false)
{%- endmacro %}
