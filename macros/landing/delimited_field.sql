{#
    delimited_field(line, separator, n): field n (1-based) of a delimited line, read with the same
    rules as the landing layer's split_delimited() (quotes, trimming). For models that need one field
    of `line_text` (e.g. the first cell of a total row). DuckDB: split_delimited(..)[n]; postgres__ and
    spark__ (macros/engines/<engine>/) index their own split_delimited; there is no standard form.
#}
{% macro delimited_field(line, separator, n) -%}
    {{ return(adapter.dispatch('delimited_field', 'nara_vard')(line, separator, n)) }}
{%- endmacro %}

{% macro duckdb__delimited_field(line, separator, n) -%}
    {{ split_delimited(line, separator) }}[{{ n }}]
{%- endmacro %}

{% macro default__delimited_field(line, separator, n) -%}
    {{ exceptions.raise_compiler_error('delimited_field() has no implementation for ' ~ target.type) }}
{%- endmacro %}
