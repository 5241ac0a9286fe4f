{#
    clean_number_text(text): a number's text without its thousands separators (space, no-break
    space, narrow no-break space), without '%', and with a decimal point for a decimal comma: what
    the parse_* macros cast. default__: standard SQL (replace/trim/chr), DuckDB and PostgreSQL.
    Spark's chr() takes the code modulo 256, so chr(8239) would be '/': spark__ writes the
    character with unicode_char().
#}
{% macro clean_number_text(text) -%}
    {{ return(adapter.dispatch('clean_number_text', 'nara_vard')(text)) }}
{%- endmacro %}

{% macro default__clean_number_text(text) -%}
    replace(replace(replace(replace(replace(trim({{ text }}), ' ', ''), chr(160), ''), chr(8239), ''), '%', ''), ',', '.')
{%- endmacro %}

{% macro spark__clean_number_text(text) -%}
    replace(replace(replace(replace(replace(trim({{ text }}), ' ', ''), chr(160), ''), {{ unicode_char(8239) }}, ''), '%', ''), ',', '.')
{%- endmacro %}
