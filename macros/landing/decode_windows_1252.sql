{#
    Decode a file's bytes as Windows-1252, the encoding of Swedish spreadsheet exports (a superset
    of Latin-1 for the bytes 0x80-0x9F). landing_rows() uses it only for files that are not valid
    UTF-8, so the encoding is detected per file, never guessed per row. DuckDB renders the bytes of
    a BLOB cast to text as \xHH escapes; each escape is mapped back to its Windows-1252 character.
    DuckDB-only SQL: called only from the duckdb__ landing implementations (landing_files.sql,
    landing_rows.sql); other engines bring their own helpers in macros/engines/<engine>/.
#}
{% macro decode_windows_1252(blob_column) -%}
    list_aggregate(
            list_transform(
                regexp_extract_all({{ blob_column }}::varchar, '\\x[0-9A-F]{2}|[^\\]+|\\', 0),
                token -> case
                    when token like '\x__' then {{ windows_1252_char("('0x' || token[3:4])::integer") }}
                    else token
                end
            ),
            'string_agg', ''
        )
{%- endmacro %}

{# The character for one Windows-1252 byte value (0-255). #}
{% macro windows_1252_char(byte_expr) -%}
    case
        when {{ byte_expr }} between 128 and 159
            then chr([8364, 129, 8218, 402, 8222, 8230, 8224, 8225, 710, 8240, 352, 8249, 338, 141, 381, 143,
                      144, 8216, 8217, 8220, 8221, 8226, 8211, 8212, 732, 8482, 353, 8250, 339, 157, 382, 376
                     ][{{ byte_expr }} - 127])
        else chr({{ byte_expr }})
    end
{%- endmacro %}
