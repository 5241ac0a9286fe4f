{#
    is_superseded(partition_by, order_by): true on a valid row that a later delivery of the same key replaces
    (the key's valid rows ranked by `order_by`, the first one current). Invalid rows are never superseded:
    they are quarantined for their own reason.
#}
{% macro is_superseded(partition_by, order_by) -%}
    invalid_rule is null
    and row_number() over (
        partition by {{ partition_by }}, invalid_rule is null
        order by {{ order_by }}
    ) > 1
{%- endmacro %}
