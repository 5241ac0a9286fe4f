{#
    trim_chars(text, characters, side='both'): `text` without the characters of the set
    `characters` (an SQL expression) at both ends, or only the 'leading' or 'trailing' one.
    default__: standard SQL trim(both|leading|trailing .. from ..), which PostgreSQL and Spark read;
    DuckDB: trim() / ltrim() / rtrim() with a character set.
#}
{% macro trim_chars(text, characters, side='both') -%}
    {%- if side not in ('both', 'leading', 'trailing') -%}
        {{ exceptions.raise_compiler_error("trim_chars(): side is 'both', 'leading' or 'trailing', not " ~ side) }}
    {%- endif -%}
    {{ return(adapter.dispatch('trim_chars', 'nara_vard')(text, characters, side)) }}
{%- endmacro %}

{% macro default__trim_chars(text, characters, side) -%}
    trim({{ side }} {{ characters }} from {{ text }})
{%- endmacro %}

{% macro duckdb__trim_chars(text, characters, side) -%}
    {{ {'both': 'trim', 'leading': 'ltrim', 'trailing': 'rtrim'}[side] }}({{ text }}, {{ characters }})
{%- endmacro %}
