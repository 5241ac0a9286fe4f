{#
    luhn_valid(digits): the Luhn (mod 10) check of a ten-digit text: every other digit from the
    first doubled, digit sums added; false (never NULL) for NULL. DuckDB: list_sum() over range();
    Spark: aggregate() over sequence(). PostgreSQL checks inside nara_vard_contains_personnummer.
#}
{% macro luhn_valid(digits) -%}
    {{ return(adapter.dispatch('luhn_valid', 'nara_vard')(digits)) }}
{%- endmacro %}

{% macro default__luhn_valid(digits) -%}
    {{ exceptions.raise_compiler_error('luhn_valid() has no implementation for ' ~ target.type) }}
{%- endmacro %}

{% macro duckdb__luhn_valid(digits) -%}
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
