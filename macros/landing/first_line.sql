{#
    first_line(lines): the first line of text_lines(), with its carriage return if it has one.
    default__: the first element of the list; PostgreSQL: split_part() of the text.
#}
{% macro first_line(lines) -%}
    {{ return(adapter.dispatch('first_line', 'nara_vard')(lines)) }}
{%- endmacro %}

{% macro default__first_line(lines) -%}
    {{ array_item(lines, 1) }}
{%- endmacro %}

{% macro postgres__first_line(lines) -%}
    split_part({{ lines }}, chr(10), 1)
{%- endmacro %}
