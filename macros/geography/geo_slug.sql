{# A stable code from a Swedish name: 'Göteborgsregionen' → 'goteborgsregionen', 'Närsjukvårdsteam Borås' → 'narsjukvardsteam_boras'. #}
{% macro geo_slug(name) -%}
    {{ return(adapter.dispatch('geo_slug', 'nara_vard')(name)) }}
{%- endmacro %}

{% macro default__geo_slug(name) -%}
    {{ exceptions.raise_compiler_error('geo_slug has no implementation for ' ~ target.type) }}
{%- endmacro %}

{# DuckDB: strip_accents() and regexp_replace with the 'g' flag. #}
{% macro duckdb__geo_slug(name) -%}
    regexp_replace(lower(strip_accents(trim({{ name }}))), '[^a-z0-9]+', '_', 'g')
{%- endmacro %}
