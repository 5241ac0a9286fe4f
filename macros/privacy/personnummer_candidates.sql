{#
    personnummer_candidates(text): the last ten digits of every personnummer-shaped number in a text
    (NULL where a piece is not one): the text cut into maximal runs of digits and of other
    characters; a run of 10 or 12 digits, or a run of 6 or 8 digits followed by '-', '+' or a space
    and a run of 4 digits. DuckDB: regexp_extract_all() of the runs, zipped with themselves shifted
    by one and two; Spark: split() where one kind meets the other (lookarounds, which RE2 lacks).
    PostgreSQL does this inside nara_vard_contains_personnummer (has_valid_personnummer()).
#}
{% macro personnummer_candidates(text) -%}
    {{ return(adapter.dispatch('personnummer_candidates', 'nara_vard')(text)) }}
{%- endmacro %}

{% macro default__personnummer_candidates(text) -%}
    {{ exceptions.raise_compiler_error('personnummer_candidates() has no implementation for ' ~ target.type) }}
{%- endmacro %}

{% macro duckdb__personnummer_candidates(text) -%}
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

{% macro spark__personnummer_candidates(text) -%}
    element_at(
        transform(
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
