{#
    PostgreSQL: a file's bytes as Windows-1252 text. convert_from(…, 'WIN1252') raises on the five
    bytes Windows-1252 leaves undefined (0x81 0x8D 0x8F 0x90 0x9D), so the bytes are read as Latin-1
    (every byte is a character, never an error) and the 27 defined bytes 0x80-0x9F are translated
    to their Windows-1252 characters. The five undefined bytes stay the C1 controls U+0081 …, which
    is what duckdb__decode_windows_1252 gives for them: the same text on both engines.
    convert_from() gives its text the "C" collation of its encoding-name argument; the result is put
    back to the database default, as UTF-8 text has, so lower() and comparisons treat both alike.
    The caller passes only bytes without NUL (a file with NUL bytes is unreadable).
#}
{% macro postgres__decode_windows_1252(blob_column) -%}
    {%- set defined = [
        (128, 8364), (130, 8218), (131, 402), (132, 8222), (133, 8230), (134, 8224), (135, 8225), (136, 710),
        (137, 8240), (138, 352), (139, 8249), (140, 338), (142, 381), (145, 8216), (146, 8217), (147, 8220),
        (148, 8221), (149, 8226), (150, 8211), (151, 8212), (152, 732), (153, 8482), (154, 353), (155, 8250),
        (156, 339), (158, 382), (159, 376)
    ] -%}
    translate(
        convert_from({{ blob_column }}, 'LATIN1'),
        {% for byte, _ in defined %}chr({{ byte }}){{ " || " if not loop.last }}{% endfor %},
        {% for _, char in defined %}chr({{ char }}){{ " || " if not loop.last }}{% endfor %}
    ) collate "default"
{%- endmacro %}
