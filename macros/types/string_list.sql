{#
    Lists of text (DuckDB varchar[], PostgreSQL text[], Spark array<string>):
    - empty_string_list(): an empty list, typed (DuckDB `[]`);
    - string_list_size(list): its number of elements (DuckDB len(); default__ cardinality(), which
      PostgreSQL and Spark both have; NULL or -1 for a NULL list: compare with > 0 only);
    - string_list_join(list, separator): the elements joined (DuckDB/PostgreSQL array_to_string;
      spark__ array_join).
#}
{% macro empty_string_list() -%}
    {{ return(adapter.dispatch('empty_string_list', 'nara_vard')()) }}
{%- endmacro %}

{% macro duckdb__empty_string_list() -%}
    []
{%- endmacro %}

{% macro default__empty_string_list() -%}
    {{ exceptions.raise_compiler_error('empty_string_list() has no implementation for ' ~ target.type) }}
{%- endmacro %}

{% macro string_list_size(list) -%}
    {{ return(adapter.dispatch('string_list_size', 'nara_vard')(list)) }}
{%- endmacro %}

{% macro duckdb__string_list_size(list) -%}
    len({{ list }})
{%- endmacro %}

{% macro default__string_list_size(list) -%}
    cardinality({{ list }})
{%- endmacro %}

{% macro string_list_join(list, separator) -%}
    {{ return(adapter.dispatch('string_list_join', 'nara_vard')(list, separator)) }}
{%- endmacro %}

{% macro duckdb__string_list_join(list, separator) -%}
    array_to_string({{ list }}, {{ separator }})
{%- endmacro %}

{% macro default__string_list_join(list, separator) -%}
    array_to_string({{ list }}, {{ separator }})
{%- endmacro %}
