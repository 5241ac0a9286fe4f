{#
    has_valid_personnummer(text): true when one of the personnummer-shaped numbers of the text
    (personnummer_candidates()) passes the Luhn check (luhn_valid()); no pre-filter (that is
    contains_personnummer()). DuckDB: list_bool_or() over the candidates; Spark: exists(); PostgreSQL:
    the function nara_vard_contains_personnummer (engine_functions()), the same rule in SQL.
#}
{% macro has_valid_personnummer(text) -%}
    {{ return(adapter.dispatch('has_valid_personnummer', 'nara_vard')(text)) }}
{%- endmacro %}

{% macro default__has_valid_personnummer(text) -%}
    {{ exceptions.raise_compiler_error('has_valid_personnummer() has no implementation for ' ~ target.type) }}
{%- endmacro %}

{% macro duckdb__has_valid_personnummer(text) -%}
    list_bool_or(
        list_transform({{ personnummer_candidates(text) }}, candidate -> {{ luhn_valid('candidate') }})
    )
{%- endmacro %}

{% macro postgres__has_valid_personnummer(text) -%}
    {{ target.schema }}.nara_vard_contains_personnummer({{ text }})
{%- endmacro %}

{% macro spark__has_valid_personnummer(text) -%}
    exists({{ personnummer_candidates(text) }}, candidate -> {{ luhn_valid('candidate') }})
{%- endmacro %}
