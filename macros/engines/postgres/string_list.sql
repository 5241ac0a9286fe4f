{# PostgreSQL version of empty_string_list(): an empty text[]. #}
{% macro postgres__empty_string_list() -%}
    cast(array[] as text [])
{%- endmacro %}
