{#
    split_text(text, separator): the pieces of `text` between occurrences of `separator` (a one-
    character SQL expression), as a list of text; '' gives one empty piece, a separator at the end
    an empty last piece. DuckDB: string_split(). PostgreSQL: string_to_array(), whose '' is an empty
    array: one '' piece there. Spark: split(.., -1) (its separator is a regular expression: ',', ';'
    and a tab are not special in one; limit -1 keeps trailing empty pieces).
#}
{% macro split_text(text, separator) -%}
    {{ return(adapter.dispatch('split_text', 'nara_vard')(text, separator)) }}
{%- endmacro %}

{% macro default__split_text(text, separator) -%}
    {{ exceptions.raise_compiler_error('split_text() has no implementation for ' ~ target.type) }}
{%- endmacro %}

{% macro duckdb__split_text(text, separator) -%}
    string_split({{ text }}, {{ separator }})
{%- endmacro %}

{% macro postgres__split_text(text, separator) -%}
    (case when {{ text }} = '' then array[''] else string_to_array({{ text }}, {{ separator }}) end)
{%- endmacro %}

{% macro spark__split_text(text, separator) -%}
    split({{ text }}, {{ separator }}, -1)
{%- endmacro %}
