{# A stable code from a Swedish name: 'Göteborgsregionen' → 'goteborgsregionen', 'Närsjukvårdsteam Borås' → 'narsjukvardsteam_boras'. #}
{% macro geo_slug(name) -%}
    regexp_replace(lower(strip_accents(trim({{ name }}))), '[^a-z0-9]+', '_', 'g')
{%- endmacro %}
