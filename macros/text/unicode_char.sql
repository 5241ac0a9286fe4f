{#
    unicode_char(code): the character of a Unicode code point (a Jinja integer) as an SQL text
    expression. DuckDB and PostgreSQL: chr(code). Spark's chr() takes the code modulo 256
    (chr(65279) would be 'ÿ'): spark__ writes a '\uXXXX' literal, which Spark's parser unescapes.
#}
{% macro unicode_char(code) -%}
    {{ return(adapter.dispatch('unicode_char', 'nara_vard')(code)) }}
{%- endmacro %}

{% macro default__unicode_char(code) -%}
    chr({{ code }})
{%- endmacro %}

{% macro spark__unicode_char(code) -%}
    '\u{{ '%04X' % code }}'
{%- endmacro %}
