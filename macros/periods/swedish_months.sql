{#
    The Swedish month names, once for the whole project: the full names (`swedish_month_names()`,
    `januari` … `december`) and the abbreviations, their first three letters (`swedish_months()`,
    `jan` … `dec`), each as a Jinja list and as a SQL list literal (`…_sql()`), for period labels
    (`jan-24`, `januari 2024`), report columns and reading month names in deliveries (`januari 2023`
    → its first three letters). The names are var `swedish_month_names` (dbt_project.yml), which Python
    reads too (nara_vard.project_vars), so there is no copy.
#}
{% macro swedish_month_names() -%}
    {% do return(var('swedish_month_names')) %}
{%- endmacro %}

{% macro swedish_months() -%}
    {% set abbreviations = [] %}
    {% for name in swedish_month_names() %}{% do abbreviations.append(name[:3]) %}{% endfor %}
    {% do return(abbreviations) %}
{%- endmacro %}

{% macro swedish_months_sql() -%}
    [{%- for m in swedish_months() %}'{{ m }}'{{ ", " if not loop.last }}{% endfor -%}]
{%- endmacro %}

{% macro swedish_month_names_sql() -%}
    [{%- for m in swedish_month_names() %}'{{ m }}'{{ ", " if not loop.last }}{% endfor -%}]
{%- endmacro %}

{#
    The Swedish month abbreviation ('jan') and name ('januari') of a date: a case over
    extract(month ...), standard SQL on DuckDB, PostgreSQL and Spark (in place of indexing
    swedish_months_sql(), a DuckDB list).
#}
{% macro swedish_month_abbreviation_of(date_expr) -%}
    case extract(month from {{ date_expr }})
        {%- for m in swedish_months() %}
        when {{ loop.index }} then '{{ m }}'
        {%- endfor %}
    end
{%- endmacro %}

{% macro swedish_month_name_of(date_expr) -%}
    case extract(month from {{ date_expr }})
        {%- for m in swedish_month_names() %}
        when {{ loop.index }} then '{{ m }}'
        {%- endfor %}
    end
{%- endmacro %}
