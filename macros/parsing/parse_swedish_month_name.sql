{#
    parse_swedish_month_name(text): 'januari 2023', 'jan 2023': the month from the first three
    letters (swedish_months()), the year from the last four digits, as the month's first day; NULL
    otherwise. Called by parse_month().
#}
{% macro parse_swedish_month_name(text) -%}
    {{ return(adapter.dispatch('parse_swedish_month_name', 'nara_vard')(text)) }}
{%- endmacro %}

{% macro default__parse_swedish_month_name(text) -%}
    {{ exceptions.raise_compiler_error('parse_swedish_month_name has no implementation for ' ~ target.type) }}
{%- endmacro %}

{% macro duckdb__parse_swedish_month_name(text) -%}
    make_date(
        try_cast(regexp_extract(trim({{ text }}), '([0-9]{4})$', 1) as integer),
        list_position(
            {{ swedish_months_sql() }},
            left(lower(trim({{ text }})), 3)
        ),
        1
    )
{%- endmacro %}

{% macro postgres__parse_swedish_month_name(text) -%}
    {{ postgres__valid_date(
        "substring(btrim(" ~ text ~ ") from '([0-9]{4})$')::integer",
        "array_position(array['" ~ swedish_months() | join("', '") ~ "']::text[], left(lower(btrim(" ~ text ~ ") collate \"default\"), 3))",
        "1"
    ) }}
{%- endmacro %}

{% macro spark__parse_swedish_month_name(text) -%}
    make_date(
        cast(nullif(regexp_extract(trim({{ text }}), '([0-9]{4})$', 1), '') as int),
        nullif(array_position(array({%- for m in swedish_months() %}'{{ m }}'{{ ", " if not loop.last }}{% endfor -%}), left(lower(trim({{ text }})), 3)), 0),
        1
    )
{%- endmacro %}
