{#
    decode_windows_1252(blob): a file's bytes as Windows-1252 text (windows_1252_chars()). The
    landing reads a file so only when it is not valid UTF-8 (landing_files()): the encoding is
    detected per file, never guessed per row. The caller passes only bytes without NUL (a file with
    NUL bytes is unreadable).
    - DuckDB renders the bytes of a BLOB cast to text as \xHH escapes; each escape is mapped back
      to its character.
    - PostgreSQL: convert_from(.., 'WIN1252') raises on the five undefined bytes, so the bytes are
      read as Latin-1 (never an error) and the 27 defined bytes 0x80-0x9F translated. convert_from()
      gives its text the "C" collation of its encoding-name argument: put back to the database
      default, as UTF-8 text has, so lower() and comparisons treat both alike.
    - Spark: the same as PostgreSQL, with '\uXXXX' literals (Spark's chr() takes the code modulo 256).
#}
{% macro decode_windows_1252(blob) -%}
    {{ return(adapter.dispatch('decode_windows_1252', 'nara_vard')(blob)) }}
{%- endmacro %}

{% macro default__decode_windows_1252(blob) -%}
    {{ exceptions.raise_compiler_error('decode_windows_1252() has no implementation for ' ~ target.type) }}
{%- endmacro %}

{% macro duckdb__decode_windows_1252(blob) -%}
    list_aggregate(
            list_transform(
                regexp_extract_all({{ blob }}::varchar, '\\x[0-9A-F]{2}|[^\\]+|\\', 0),
                token -> case
                    when token like '\x__' then {{ windows_1252_char("('0x' || token[3:4])::integer") }}
                    else token
                end
            ),
            'string_agg', ''
        )
{%- endmacro %}

{# DuckDB: the character for one Windows-1252 byte value (0-255). #}
{% macro windows_1252_char(byte_expr) -%}
    case
        when {{ byte_expr }} between 128 and 159
            then chr([{{ windows_1252_chars() | join(', ') }}][{{ byte_expr }} - 127])
        else chr({{ byte_expr }})
    end
{%- endmacro %}

{% macro postgres__decode_windows_1252(blob) -%}
    translate(
        convert_from({{ blob }}, 'LATIN1'),
        {% for byte, _ in windows_1252_defined() %}chr({{ byte }}){{ " || " if not loop.last }}{% endfor %},
        {% for _, char in windows_1252_defined() %}chr({{ char }}){{ " || " if not loop.last }}{% endfor %}
    ) collate "default"
{%- endmacro %}

{% macro spark__decode_windows_1252(blob) -%}
    translate(
        decode({{ blob }}, 'ISO-8859-1'),
        '{% for byte, _ in windows_1252_defined() %}\u{{ '%04X' % byte }}{% endfor %}',
        '{% for _, char in windows_1252_defined() %}\u{{ '%04X' % char }}{% endfor %}'
    )
{%- endmacro %}
