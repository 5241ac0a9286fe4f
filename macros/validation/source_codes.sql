{#
    The values a coded column of a source may take (var `source_codes` in dbt_project.yml, the one
    place they are written; quality.py's Great Expectations suites read the same var).
#}
{% macro source_codes(source, column) -%}
    {%- set codes = var('source_codes').get(source, {}).get(column) -%}
    {%- if codes is none -%}
        {{ exceptions.raise_compiler_error("var source_codes has no " ~ source ~ "." ~ column) }}
    {%- endif -%}
    {{ return(codes) }}
{%- endmacro %}
