{#
    decode_utf8(blob): the bytes as text when they are valid UTF-8, else NULL. DuckDB:
    try(decode()). PostgreSQL: convert_from() raises on invalid bytes, so the function
    nara_vard_utf8_text (engine_functions()) catches it. Spark's decoder puts U+FFFD where a byte
    sequence is invalid: the bytes are valid when encoding the text again gives them back.
#}
{% macro decode_utf8(blob) -%}
    {{ return(adapter.dispatch('decode_utf8', 'nara_vard')(blob)) }}
{%- endmacro %}

{% macro default__decode_utf8(blob) -%}
    {{ exceptions.raise_compiler_error('decode_utf8() has no implementation for ' ~ target.type) }}
{%- endmacro %}

{% macro duckdb__decode_utf8(blob) -%}
    try(decode({{ blob }}))
{%- endmacro %}

{% macro postgres__decode_utf8(blob) -%}
    {{ target.schema }}.nara_vard_utf8_text({{ blob }})
{%- endmacro %}

{% macro spark__decode_utf8(blob) -%}
    case when encode(decode({{ blob }}, 'UTF-8'), 'UTF-8') = {{ blob }} then decode({{ blob }}, 'UTF-8') end
{%- endmacro %}
