{#
    PostgreSQL version of macros/landing/split_delimited.sql: the same three ways to the same fields
    (text[] in place of a DuckDB list). Two engine differences are taken care of:
    - string_to_array('', sep) is an empty array where DuckDB's string_split gives one empty field;
    - the quoted-field pattern is read with regexp_matches(…, 'g'); PostgreSQL prefers the longest
      match and RE2 the first alternative, but at each position only one alternative can match here
      (a field starting with a quote, or one without quotes up to the separator), so the fields agree.
#}
{% macro postgres__split_delimited(line, separator) -%}
    (case
        when {{ line }} = '' then array['']
        when not (
            strpos({{ line }}, '"') > 0
            or strpos({{ line }}, ' ') > 0
            or strpos({{ line }}, chr(9)) > 0
            or strpos({{ line }}, chr(160)) > 0
        )
            then string_to_array({{ line }}, {{ separator }})
        when strpos({{ line }}, '"') = 0
            then array(
                select btrim(field, ' ' || chr(160) || chr(9))
                from unnest(string_to_array({{ line }}, {{ separator }})) with ordinality as parts (field, field_number)
                order by field_number
            )
        else array(
            select
                case
                    when match[1] like '"%"' then replace(substr(match[1], 2, length(match[1]) - 2), '""', '"')
                    else btrim(match[1], ' ' || chr(160) || chr(9))
                end
            from regexp_matches(
                {{ line }} || {{ separator }},
                case {{ separator }}
                    when ';' then '("(?:[^"]|"")*"|[^;"]*);'
                    when chr(9) then '("(?:[^"]|"")*"|[^\t"]*)\t'
                    else '("(?:[^"]|"")*"|[^,"]*),'
                end,
                'g'
            ) with ordinality as matches (match, match_number)
            order by match_number
        )
    end)
{%- endmacro %}

{#
    PostgreSQL version of header_key(): the same key. lower() follows the collation of its argument,
    and text decoded by convert_from(…, 'LATIN1') carries the "C" collation of its `name` argument,
    under which lower() changes only A-Z ('SÄBO' → 'sÄbo'): the database default collation (C.UTF-8
    in tools/postgres_cluster.sh) lowers every letter as DuckDB does.
#}
{% macro postgres__header_key(name) -%}
    regexp_replace(
        replace(translate(lower(btrim({{ name }}) collate "default"), 'åäöéüáàø', 'aaoeuaao'), '+', 'plus'),
        '[^a-z0-9]', '', 'g'
    )
{%- endmacro %}

{# PostgreSQL version of is_blank_line(): nothing left after trimming spaces, tabs, separators, quotes, NBSP and CR. #}
{% macro postgres__is_blank_line(line) -%}
    (btrim({{ line }}, ' ' || chr(9) || ';,"' || chr(160) || chr(13)) = '')
{%- endmacro %}
