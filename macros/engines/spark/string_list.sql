{# Spark version of empty_string_list(): an empty array<string>. #}
{% macro spark__empty_string_list() -%}
    cast(array() as array<string>)
{%- endmacro %}

{# Spark version of string_list_join(): array_join. #}
{% macro spark__string_list_join(list, separator) -%}
    array_join({{ list }}, {{ separator }})
{%- endmacro %}

{#
    Spark version of listagg_sorted(): collect_list skips NULL structs (the rows filtered out),
    array_sort orders the (k, v) structs by k then v, NULL when the group kept nothing.
#}
{% macro spark__listagg_sorted(value, separator, order_by, where) -%}
    {%- set pairs -%}
        collect_list(case when ({{ where }}) and ({{ value }}) is not null then named_struct('k', {{ order_by }}, 'v', {{ value }}) end)
    {%- endset -%}
    case when size({{ pairs }}) > 0 then array_join(transform(array_sort({{ pairs }}), p -> p.v), {{ separator }}) end
{%- endmacro %}
