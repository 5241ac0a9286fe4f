{#
    Split one delimited line into its fields, honouring double quotes ("79,40" is one field and
    "" inside quotes is a quote). `separator` is an SQL expression holding ',', ';' or a tab.
    Unquoted fields are trimmed of spaces, no-break spaces and tabs; quoted fields keep their inner
    text as delivered.

    Three ways to the same fields, cheapest first: a line without a quote, space, tab or no-break
    space is split at its separators as it is (nothing to trim); a line without a quote is split and
    each field trimmed; only a line with a quote goes through the regular expression, which reads
    quoted fields (and gives the same fields as the first two for lines without quotes).
    DuckDB-only SQL: called only from the duckdb__ landing implementations (landing_files.sql,
    landing_rows.sql); other engines bring their own helpers in macros/engines/<engine>/.
#}
{% macro split_delimited(line, separator) -%}
    (case
        when not (
            contains({{ line }}, '"')
            or contains({{ line }}, ' ')
            or contains({{ line }}, chr(9))
            or contains({{ line }}, chr(160))
        )
            then string_split({{ line }}, {{ separator }})
        when not contains({{ line }}, '"')
            then list_transform(string_split({{ line }}, {{ separator }}), field -> trim(field, ' ' || chr(160) || chr(9)))
        else list_transform(
            case {{ separator }}
                when ';' then regexp_extract_all({{ line }} || ';', '("(?:[^"]|"")*"|[^;"]*);', 1)
                when chr(9) then regexp_extract_all({{ line }} || chr(9), '("(?:[^"]|"")*"|[^\t"]*)\t', 1)
                else regexp_extract_all({{ line }} || ',', '("(?:[^"]|"")*"|[^,"]*),', 1)
            end,
            field -> case
                when field like '"%"' then replace(field[2:-2], '""', '"')
                else trim(field, ' ' || chr(160) || chr(9))
            end
        )
    end)
{%- endmacro %}

{# The separator of a file, detected from its header line: the most frequent of ; tab and ,     DuckDB-only SQL: called only from the duckdb__ landing implementations (landing_files.sql,
    landing_rows.sql); other engines bring their own helpers in macros/engines/<engine>/.
#}
{% macro detect_separator(header_line) -%}
    case
        when length({{ header_line }}) - length(replace({{ header_line }}, ';', ''))
            > greatest(
                length({{ header_line }}) - length(replace({{ header_line }}, ',', '')),
                length({{ header_line }}) - length(replace({{ header_line }}, chr(9), ''))
            )
            then ';'
        when length({{ header_line }}) - length(replace({{ header_line }}, chr(9), ''))
            > length({{ header_line }}) - length(replace({{ header_line }}, ',', ''))
            then chr(9)
        else ','
    end
{%- endmacro %}

{#
    A header name reduced to a comparison key: lower case, å/ä→a, ö→o, é→e, '+' → 'plus', and
    everything but letters and digits removed. "Inskrivna 65+", "PAT_65PLUS" and
    "antal_inskrivna_65_plus" become inskrivna65plus, pat65plus and antalinskrivna65plus.
    DuckDB-only SQL: called only from the duckdb__ landing implementations (landing_files.sql,
    landing_rows.sql); other engines bring their own helpers in macros/engines/<engine>/.
#}
{% macro header_key(name) -%}
    regexp_replace(
        replace(translate(lower(trim({{ name }})), 'åäöéüáàø', 'aaoeuaao'), '+', 'plus'),
        '[^a-z0-9]', '', 'g'
    )
{%- endmacro %}
