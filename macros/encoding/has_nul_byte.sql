{#
    has_nul_byte(blob, utf8_text): true when the bytes hold a NUL byte (binary data, or UTF-16
    without a byte-order mark). `utf8_text` is decode_utf8(blob), NULL when the bytes are not UTF-8.
    DuckDB: in the decoded text where there is one (cheaper), else in the BLOB cast to text, which
    shows each non-printable byte as \xHH and a backslash as \x5C, so '\x00' there can only be a
    NUL byte. PostgreSQL: in the bytea (its text cannot hold NUL). Spark: a NUL byte is U+0000 in
    any decoding (it is never part of a UTF-8 sequence).
#}
{% macro has_nul_byte(blob, utf8_text) -%}
    {{ return(adapter.dispatch('has_nul_byte', 'nara_vard')(blob, utf8_text)) }}
{%- endmacro %}

{% macro default__has_nul_byte(blob, utf8_text) -%}
    {{ exceptions.raise_compiler_error('has_nul_byte() has no implementation for ' ~ target.type) }}
{%- endmacro %}

{% macro duckdb__has_nul_byte(blob, utf8_text) -%}
    case when {{ utf8_text }} is null then contains({{ blob }}::varchar, '\x00') else contains({{ utf8_text }}, chr(0)) end
{%- endmacro %}

{% macro postgres__has_nul_byte(blob, utf8_text) -%}
    (position('\x00'::bytea in {{ blob }}) > 0)
{%- endmacro %}

{% macro spark__has_nul_byte(blob, utf8_text) -%}
    (instr(decode({{ blob }}, 'UTF-8'), chr(0)) > 0)
{%- endmacro %}
