{#
    PostgreSQL versions of the tolerant parsers (macros/parsing/parse_values.sql): NULL where the
    text cannot be read, as DuckDB's try_cast and try_strptime. DuckDB's strptime reads %Y as 1-4
    digits and %m and %d as 1-2 digits (greedy, left to right), so '2023-2-5' is a date, '2023021'
    is 2023-02-01 and '202302101' is nothing; the patterns below accept exactly those shapes and
    postgres__valid_date() rejects impossible days. Known differences, outside what any delivery
    holds: year 0 (DuckDB: 1 BC, here NULL) and numbers with '_' between digits (DuckDB reads
    '1_000' as 1000, here NULL).
#}
{#
    A plpgsql function with an exception handler runs a subtransaction per call (~30 s on the
    500 000 inpatient lines), so the try-functions are only the fallback: text of the ordinary
    shapes is cast directly (it cannot fail), only the rest (inf, nan, exponents, 19 digits and
    more) goes through nara_vard_try_double / nara_vard_try_bigint.
#}
{% macro postgres__parse_decimal(text) -%}
    {%- set cleaned = clean_number_text(text) -%}
    case
        when {{ cleaned }} ~ '^[-+]?([0-9]{1,20}[.]?[0-9]{0,20}|[.][0-9]{1,20})$' then cast({{ cleaned }} as double precision)
        when {{ cleaned }} ~ '[0-9]|[iI][nN][fF]|[nN][aA][nN]' then {{ target.schema }}.nara_vard_try_double({{ cleaned }})
    end
{%- endmacro %}

{% macro postgres__parse_integer(text) -%}
    {%- set cleaned = clean_number_text(text) -%}
    case
        when {{ cleaned }} ~ '^-?[0-9]{1,18}$' then cast({{ cleaned }} as bigint)
        when {{ cleaned }} ~ '^-?[0-9]+$' then {{ target.schema }}.nara_vard_try_bigint({{ cleaned }})
    end
{%- endmacro %}

{#
    make_date(y, m, d) where that is a date (year 1-9999), else NULL, without an exception handler.
    The day is checked in an inner case: PostgreSQL does not promise to evaluate `and` left to right.
#}
{% macro postgres__valid_date(year, month, day) -%}
    case
        when {{ year }} between 1 and 9999 and {{ month }} between 1 and 12 and {{ day }} >= 1
            then case
                when {{ day }} <= extract(day from make_date({{ year }}, {{ month }}, 1) + interval '1 month' - interval '1 day')
                    then make_date({{ year }}, {{ month }}, {{ day }})
            end
    end
{%- endmacro %}

{# the date of a text of one of DuckDB's strptime shapes, else NULL #}
{% macro postgres__strptime_date(text, shape) -%}
    {%- if shape == '%Y-%m-%d' -%}
    case
        when {{ text }} ~ '^[0-9]{1,4}-[0-9]{1,2}-[0-9]{1,2}$'
            then {{ postgres__valid_date(
                "split_part(" ~ text ~ ", '-', 1)::integer", "split_part(" ~ text ~ ", '-', 2)::integer",
                "split_part(" ~ text ~ ", '-', 3)::integer"
            ) }}
    end
    {%- elif shape == '%Y%m%d' -%}
    case
        when {{ text }} ~ '^[0-9]{7,8}$'
            then {{ postgres__valid_date(
                "substr(" ~ text ~ ", 1, 4)::integer", "substr(" ~ text ~ ", 5, 2)::integer",
                "substr(" ~ text ~ ", 7)::integer"
            ) }}
    end
    {%- elif shape == '%Y-%m' -%}
    case
        when {{ text }} ~ '^[0-9]{1,4}-[0-9]{1,2}$'
            then {{ postgres__valid_date(
                "split_part(" ~ text ~ ", '-', 1)::integer", "split_part(" ~ text ~ ", '-', 2)::integer", "1"
            ) }}
    end
    {%- elif shape == '%Y%m' -%}
    case
        when {{ text }} ~ '^[0-9]{5,6}$'
            then {{ postgres__valid_date("substr(" ~ text ~ ", 1, 4)::integer", "substr(" ~ text ~ ", 5)::integer", "1") }}
    end
    {%- else -%}
    {{ exceptions.raise_compiler_error('postgres__strptime_date: no shape ' ~ shape) }}
    {%- endif -%}
{%- endmacro %}

{% macro postgres__parse_date(text) -%}
    coalesce(
        {{ postgres__strptime_date('btrim(' ~ text ~ ')', '%Y-%m-%d') }},
        {{ postgres__strptime_date('btrim(' ~ text ~ ')', '%Y%m%d') }}
    )
{%- endmacro %}

{% macro postgres__parse_month(text) -%}
    cast(date_trunc('month', coalesce(
        {{ postgres__strptime_date('btrim(' ~ text ~ ')', '%Y-%m') }},
        {{ postgres__strptime_date('btrim(' ~ text ~ ')', '%Y%m') }},
        {{ postgres__strptime_date('btrim(' ~ text ~ ')', '%Y-%m-%d') }},
        {{ postgres__parse_swedish_month_name(text) }}
    )) as date)
{%- endmacro %}

{# 'januari 2023', 'jan 2023': the month from the first three letters, the year from the last four digits #}
{% macro postgres__parse_swedish_month_name(text) -%}
    {{ postgres__valid_date(
        "substring(btrim(" ~ text ~ ") from '([0-9]{4})$')::integer",
        "array_position(array['" ~ swedish_months() | join("', '") ~ "']::text[], left(lower(btrim(" ~ text ~ ") collate \"default\"), 3))",
        "1"
    ) }}
{%- endmacro %}
