{#
    blob_starts_with(blob, prefixes): true when the bytes begin with one of `prefixes`, a Jinja
    list of hexadecimal strings of one length ('FFFE'). DuckDB: a slice of the BLOB; PostgreSQL:
    substring() of the bytea and '\x..' literals; Spark: substr() of the binary and unhex().
#}
{% macro blob_starts_with(blob, prefixes) -%}
    {{ return(adapter.dispatch('blob_starts_with', 'nara_vard')(blob, prefixes)) }}
{%- endmacro %}

{% macro default__blob_starts_with(blob, prefixes) -%}
    {{ exceptions.raise_compiler_error('blob_starts_with() has no implementation for ' ~ target.type) }}
{%- endmacro %}

{% macro duckdb__blob_starts_with(blob, prefixes) -%}
    {{ blob }}[1:{{ prefixes[0] | length // 2 }}] in ({% for hex in prefixes %}unhex('{{ hex }}'){{ ", " if not loop.last }}{% endfor %})
{%- endmacro %}

{% macro postgres__blob_starts_with(blob, prefixes) -%}
    substring({{ blob }} from 1 for {{ prefixes[0] | length // 2 }})
        in ({% for hex in prefixes %}'\x{{ hex | lower }}'::bytea{{ ", " if not loop.last }}{% endfor %})
{%- endmacro %}

{% macro spark__blob_starts_with(blob, prefixes) -%}
    substr({{ blob }}, 1, {{ prefixes[0] | length // 2 }}) in ({% for hex in prefixes %}unhex('{{ hex }}'){{ ", " if not loop.last }}{% endfor %})
{%- endmacro %}
