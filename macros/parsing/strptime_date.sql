{#
    postgres__strptime_date(text, shape): PostgreSQL's stand-in for DuckDB's try_strptime, used by
    postgres__parse_date and postgres__parse_month: the date of a text of one of DuckDB's strptime
    shapes, else NULL. DuckDB's strptime reads %Y as 1-4 digits and %m and %d as 1-2 digits (greedy,
    left to right), so '2023-2-5' is a date, '2023021' is 2023-02-01 and '202302101' is nothing; the
    patterns below accept exactly those shapes and postgres__valid_date() rejects impossible days.
    Known differences, outside what any delivery holds: year 0 (DuckDB: 1 BC, here NULL) and numbers
    with '_' between digits (DuckDB reads '1_000' as 1000, here NULL).
#}
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
