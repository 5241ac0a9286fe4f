{#
    text_lines(text): a file's text in the form the line macros read (first_line(), explode_lines(),
    line_count(), count_data_lines()): the pieces between line feeds. DuckDB and Spark: a list of
    them (split_text). PostgreSQL: the text itself, cut where it is read: string_to_table() when
    the lines are exploded is ~3x faster than an array, and a file's header is split_part(); a text
    '' has no lines there where DuckDB has one empty line (neither gives a data line).
#}
{% macro text_lines(text) -%}
    {{ return(adapter.dispatch('text_lines', 'nara_vard')(text)) }}
{%- endmacro %}

{% macro default__text_lines(text) -%}
    {{ split_text(text, 'chr(10)') }}
{%- endmacro %}

{% macro postgres__text_lines(text) -%}
    {{ text }}
{%- endmacro %}
