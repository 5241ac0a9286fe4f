{#
    path_file_name(path): the file name of a path, the part after the last / or \ ('' when the path
    ends in one). DuckDB: regexp_extract(); PostgreSQL: substring(.. from ..), NULL made ''; Spark:
    the last piece of split() (backslashes doubled for its literals).
#}
{% macro path_file_name(path) -%}
    {{ return(adapter.dispatch('path_file_name', 'nara_vard')(path)) }}
{%- endmacro %}

{% macro default__path_file_name(path) -%}
    {{ exceptions.raise_compiler_error('path_file_name() has no implementation for ' ~ target.type) }}
{%- endmacro %}

{% macro duckdb__path_file_name(path) -%}
    regexp_extract({{ path }}, '[^/\\]+$')
{%- endmacro %}

{% macro postgres__path_file_name(path) -%}
    coalesce(substring({{ path }} from '[^/\\]+$'), '')
{%- endmacro %}

{% macro spark__path_file_name(path) -%}
    element_at(split({{ path }}, '[/\\\\]', -1), -1)
{%- endmacro %}
