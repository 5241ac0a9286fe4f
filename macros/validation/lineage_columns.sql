{#
    The columns every staging model carries from its landing row, so data_quality can trace any
    value back to the delivered file and line:
    - landing_row_columns(): what a base row passes to validation (file, line and structure);
    - lineage_columns(): the closing lineage and validity columns of a staging model.
#}
{% macro landing_row_columns() -%}
    source_name,
        file_name,
        line_number,
        personnummer_column,
        missing_columns,
        field_count,
        header_field_count
{%- endmacro %}

{% macro lineage_columns() -%}
    source_name,
        file_name,
        line_number,
        invalid_rule is null as is_valid,
        invalid_rule,
        invalid_column,
        invalid_message
{%- endmacro %}
