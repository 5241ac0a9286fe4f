{#
    windows_1252_chars(): the characters (code points, a Jinja list) of the bytes 0x80-0x9F in
    Windows-1252, the encoding of Swedish spreadsheet exports; the other bytes are Latin-1 (byte n
    is U+00nn). The five bytes Windows-1252 leaves undefined (0x81 0x8D 0x8F 0x90 0x9D) stay the C1
    controls U+0081 .., on every engine (Java's and PostgreSQL's own decoders differ there). The
    one table decode_windows_1252() reads on every engine.
#}
{% macro windows_1252_chars() -%}
    {{ return([
        8364, 129, 8218, 402, 8222, 8230, 8224, 8225, 710, 8240, 352, 8249, 338, 141, 381, 143,
        144, 8216, 8217, 8220, 8221, 8226, 8211, 8212, 732, 8482, 353, 8250, 339, 157, 382, 376
    ]) }}
{%- endmacro %}

{# The 27 bytes that Windows-1252 reads otherwise than Latin-1, as [byte, code point] pairs. #}
{% macro windows_1252_defined() -%}
    {%- set pairs = [] -%}
    {%- for char in windows_1252_chars() -%}
        {%- if char != 128 + loop.index0 -%}
            {%- do pairs.append([128 + loop.index0, char]) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(pairs) }}
{%- endmacro %}
