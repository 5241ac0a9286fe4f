{# Spark version of empty_string_list(): an empty array<string>. #}
{% macro spark__empty_string_list() -%}
    cast(array() as array<string>)
{%- endmacro %}

{# Spark version of string_list_join(): array_join. #}
{% macro spark__string_list_join(list, separator) -%}
    array_join({{ list }}, {{ separator }})
{%- endmacro %}
