{# PostgreSQL versions of macros/privacy/personnummer.sql: the same patterns, the same answers. #}
{% macro postgres__personnummer_shape(text) -%}
    ({{ text }} ~ '[0-9]{6}(?:[0-9]{2})?[-+ ]?[0-9]{4}')
{%- endmacro %}

{% macro postgres__contains_personnummer(text) -%}
    case
        when {{ nara_vard.postgres__personnummer_shape(text) }}
            then {{ target.schema }}.nara_vard_contains_personnummer({{ text }})
        else false
    end
{%- endmacro %}
