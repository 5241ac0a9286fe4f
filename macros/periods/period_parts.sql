{#
    extract_int(part, date): year, quarter, month or day of a date as an integer. Standard
    extract(), which DuckDB, PostgreSQL and Spark share (DuckDB's year()/quarter()/month() are not in
    PostgreSQL); cast because PostgreSQL's extract gives numeric and DuckDB's bigint.
#}
{% macro extract_int(part, date) -%}
    cast(extract({{ part }} from {{ date }}) as integer)
{%- endmacro %}

{#
    period_code(period_type, date): Statistics Sweden's period code, '2025M01', '2025K1' or '2025', the
    one convention of the exports, the report and the reviewer's page (Swedish Excel does not read it
    as a date). period_type is an expression ('month', 'quarter', 'year').
#}
{% macro period_code(period_type, date) -%}
    {{ format_date(date, '%Y') }}
    || case {{ period_type }}
        when 'month' then 'M' || right({{ format_date(date, '%Y-%m') }}, 2)
        when 'quarter' then 'K' || cast({{ extract_int('quarter', date) }} as {{ dbt.type_string() }})
        else ''
    end
{%- endmacro %}

{# A quarter as VGR's published tables label it: 'Q1 2025'. #}
{% macro quarter_label_sv(date) -%}
    'Q' || cast({{ extract_int('quarter', date) }} as {{ dbt.type_string() }}) || ' ' || {{ format_date(date, '%Y') }}
{%- endmacro %}

{# A month as Swedish text spells it out: 'januari 2025'. #}
{% macro month_label_long_sv(date) -%}
    {{ swedish_month_name_of(date) }} || ' ' || {{ format_date(date, '%Y') }}
{%- endmacro %}
