{#
    Spark's helpers for reading the landing as text, each giving what the DuckDB macro of the same
    name (without spark__) gives. Spark SQL string literals take backslash escapes, so a regular
    expression's backslash is written twice; Java's `$` also matches before a final line break, so
    patterns end in \z.
#}

{#
    Windows-1252 text of a file's bytes: decode as Latin-1 (byte n -> U+00nn), then the 27 bytes
    0x80-0x9F that Windows-1252 defines become their characters. The five it leaves undefined
    (0x81 0x8D 0x8F 0x90 0x9D) stay U+0081 ... U+009D, as DuckDB's decode_windows_1252 gives them
    (Java's own windows-1252 decoder would give U+FFFD).
#}
{% macro spark__decode_windows_1252(blob_column) -%}
    translate(
        decode({{ blob_column }}, 'ISO-8859-1'),
        decode(unhex('C280C282C283C284C285C286C287C288C289C28AC28BC28CC28EC291C292C293C294C295C296C297C298C299C29AC29BC29CC29EC29F'), 'UTF-8'),
        decode(unhex('E282ACE2809AC692E2809EE280A6E280A0E280A1CB86E280B0C5A0E280B9C592C5BDE28098E28099E2809CE2809DE280A2E28093E28094CB9CE284A2C5A1E280BAC593C5BEC5B8'), 'UTF-8')
    )
{%- endmacro %}

{# A line with no data: only spaces, tabs, no-break spaces, ; , " and carriage returns (is_blank_line). #}
{% macro spark__is_blank_line(line) -%}
    ({{ line }} rlike '^[ \\t;,"\\x{A0}\\r]*\\z')
{%- endmacro %}

{#
    The fields of one delimited line (split_delimited): the separator is ',', ';' or a tab, none
    of them special in a regular expression, so split() takes it as it is.
#}
{% macro spark__split_delimited(line, separator) -%}
    (case
        when not (
            instr({{ line }}, '"') > 0
            or instr({{ line }}, ' ') > 0
            or instr({{ line }}, chr(9)) > 0
            or instr({{ line }}, chr(160)) > 0
        )
            then split({{ line }}, {{ separator }}, -1)
        when instr({{ line }}, '"') = 0
            then transform(split({{ line }}, {{ separator }}, -1), field -> trim(both ' \u00A0\t' from field))
        else transform(
            case {{ separator }}
                when ';' then regexp_extract_all({{ line }} || ';', '("(?:[^"]|"")*"|[^;"]*);', 1)
                when chr(9) then regexp_extract_all({{ line }} || chr(9), '("(?:[^"]|"")*"|[^\\t"]*)\\t', 1)
                else regexp_extract_all({{ line }} || ',', '("(?:[^"]|"")*"|[^,"]*),', 1)
            end,
            field -> case
                when field like '"%"' then replace(substr(field, 2, length(field) - 2), '""', '"')
                else trim(both ' \u00A0\t' from field)
            end
        )
    end)
{%- endmacro %}

{# A header name as a comparison key (header_key). #}
{% macro spark__header_key(name) -%}
    regexp_replace(
        replace(translate(lower(trim({{ name }})), 'åäöéüáàø', 'aaoeuaao'), '+', 'plus'),
        '[^a-z0-9]', ''
    )
{%- endmacro %}
