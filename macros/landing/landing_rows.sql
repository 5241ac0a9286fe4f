{#
    landing_rows(source_relation, source_name, columns): the rows of every file of one landing
    source, parsed but not interpreted.

    `source_relation` is the landing source (see landing_files()); `columns` is a list of
    {name, header, aliases, required}, by default the source's contract (contract_columns(), from the
    `contract` meta of its table in _<group>__sources.yml): `name` is our column name, `header` the name the
    contract uses (for messages), `aliases` the header_key() forms a delivery may use. Columns are found by header
    name, so reordered or extra columns are harmless and a missing one is named in `missing_columns`.

    One output row per data line (a line after the header that is not blank, see is_blank_line),
    carrying file name, encoding, separator, line number and the line as delivered, then every
    column as text. Nothing is cast or dropped here, with two exceptions: files that are not text
    (landing_files() gives the reason; int_landing_files reports them) have no lines, and a line
    holding a personnummer or samordningsnummer is stored masked, with `personnummer_column` naming
    where it was, so staging quarantines it and no table outside the quarantine ever holds it.

    One body for every engine: what differs is in dispatched building blocks (text_lines,
    explode_lines, array_map, array_find, ...), each with its engine variants
    side by side in a file named after it.

    Speed (the big sources have millions of lines), without changing a single output value:
    - the header, separator and column positions are read once per file, before its lines are
      exploded;
    - split_delimited() takes its regular expression only for lines with a double quote;
    - the missing columns are named once per file, not per line;
    - the personnummer pre-filter runs once on the whole file text: its pattern cannot cross a
      line break, so a file without a match has no line with one, and its lines skip the check;
    - a line's carriage return is trimmed only where there is one (trimming reads the whole line);
    - landing_materialized() names the CTEs each engine should compute once.
#}
{% macro landing_rows(source_relation, source_name, columns=none) -%}
{%- set columns = columns if columns is not none else contract_columns(source_name) -%}
{%- set missing = [] -%}
{%- for col in columns if col.required -%}
    {%- do missing.append("case when " ~ column_position(col) ~ " is null then '" ~ col.header ~ "' end") -%}
{%- endfor -%}
{%- set file_columns = ['file_path', 'file_name', 'file_bytes', 'last_modified', 'file_encoding'] -%}
{%- set carried = file_columns + [
    'may_hold_personnummer', 'field_separator', 'header_fields', 'header_field_count', 'missing_columns'
] -%}
{%- for col in columns -%}
    {%- do carried.append('position__' ~ col.name) -%}
{%- endfor -%}
with files as (
    {{ landing_files(source_relation) }}
),

file_lines as (
    select
        {{ file_columns | join(',\n        ') }},
        line_list,
        {{ trim_chars(first_line('line_list'), 'chr(13)', 'trailing') }} as header_text,
        {{ personnummer_shape('file_text') }} as may_hold_personnummer
    from (
        select
            *,
            {{ text_lines('file_text') }} as line_list
        from files
        where unreadable_reason is null
    ) as split_files
),

headers as (
    select
        *,
        {{ split_delimited('header_text', 'field_separator') }} as header_fields
    from (select *, {{ detect_separator('header_text') }} as field_separator from file_lines) as separated
),

positions as {{ landing_materialized('positions') }} (
    select
        {{ file_columns | join(',\n        ') }},
        line_list,
        may_hold_personnummer,
        field_separator,
        header_fields,
        cast({{ string_list_size('keys') }} as bigint) as header_field_count,
        {{ array_of_non_null(missing) }} as missing_columns,
        {%- for col in columns %}
        {{ column_position(col) }} as position__{{ col.name }}{{ "," if not loop.last }}
        {%- endfor %}
    from (select *, {{ array_map('header_fields', 'h', header_key('h')) }} as keys from headers) as keyed
),

lines as {{ landing_materialized('lines') }} (
    select
        {{ carried | join(',\n        ') }},
        line_number,
        case
            when {{ text_ends_with('raw_line', 'chr(13)') }} then {{ trim_chars('raw_line', 'chr(13)', 'trailing') }}
            else raw_line
        end as line_text
    from ({{ explode_lines('positions', 'line_list', carried) }}) as exploded
),

split_data_lines as {{ landing_materialized('split_data_lines') }} (
    select
        *,
        {{ split_delimited('line_text', 'field_separator') }} as fields,
        case when may_hold_personnummer then {{ contains_personnummer('line_text') }} else false end
            as has_personnummer
    from lines
    where line_number > 1 and not {{ is_blank_line('line_text') }}
),

data_lines as (
    -- where a personnummer is, by the header of its field (or 'field N' beyond the header)
    select
        *,
        case
            when has_personnummer
                then coalesce(
                    cast({{ array_find(array_map('fields', 'f', contains_personnummer('f')), 'true') }} as integer),
                    0
                )
        end as personnummer_position
    from split_data_lines
)

select
    '{{ source_name }}' as source_name,
    file_name,
    file_path,
    -- with file_path, what an incremental build compares with the landing (landing_source())
    file_bytes,
    last_modified,
    file_encoding,
    field_separator,
    line_number,
    case when has_personnummer then {{ mask_personnummer('line_text') }} else line_text end as line_text,
    case
        when personnummer_position = 0 then 'the line'
        when personnummer_position > 0
            then coalesce(
                {{ mask_personnummer(array_item('header_fields', 'personnummer_position')) }},
                'field ' || personnummer_position
            )
    end as personnummer_column,
    cast({{ string_list_size('fields') }} as bigint) as field_count,
    header_field_count,
    missing_columns,
    {%- for col in columns %}
    {%- set field = "nullif(" ~ array_item('fields', 'position__' ~ col.name) ~ ", '')" %}
    case
        when has_personnummer then {{ mask_personnummer(field) }}
        else {{ field }}
    end as {{ col.name }}{{ "," if not loop.last }}
    {%- endfor %}
from data_lines
{%- endmacro %}

{# The position of one column in a file's header keys: the first of its aliases found (NULL if none). #}
{% macro column_position(col) -%}
    coalesce(
        {%- for alias in col.aliases %}
        {{ array_find('keys', "'" ~ alias ~ "'") }}{{ "," if not loop.last }}
        {%- endfor %}
    )
{%- endmacro %}
