{#
    regexp_extract_groups(text, pattern, group): capture group `group` of every match of `pattern`
    in `text`, left to right, as a list of text. `pattern` is a quoted literal in RE2/ARE/Java
    syntax common to the three engines, backslashes as DuckDB and PostgreSQL read them ('\t').
    DuckDB and Spark: regexp_extract_all (spark__ doubles the backslashes: Spark's literals
    unescape them). PostgreSQL: regexp_matches(.., 'g') in order; it prefers the longest match
    where RE2 and Java take the first alternative, so a pattern must have one match at each
    position for the engines to agree (the quoted-field patterns of split_delimited() have).
#}
{% macro regexp_extract_groups(text, pattern, group) -%}
    {{ return(adapter.dispatch('regexp_extract_groups', 'nara_vard')(text, pattern, group)) }}
{%- endmacro %}

{% macro default__regexp_extract_groups(text, pattern, group) -%}
    {{ exceptions.raise_compiler_error('regexp_extract_groups() has no implementation for ' ~ target.type) }}
{%- endmacro %}

{% macro duckdb__regexp_extract_groups(text, pattern, group) -%}
    regexp_extract_all({{ text }}, {{ pattern }}, {{ group }})
{%- endmacro %}

{% macro postgres__regexp_extract_groups(text, pattern, group) -%}
    array(
        select matches.groups[{{ group }}]
        from regexp_matches({{ text }}, {{ pattern }}, 'g') with ordinality as matches (groups, match_number)
        order by matches.match_number
    )
{%- endmacro %}

{% macro spark__regexp_extract_groups(text, pattern, group) -%}
    regexp_extract_all({{ text }}, {{ pattern | replace('\\', '\\\\') }}, {{ group }})
{%- endmacro %}
