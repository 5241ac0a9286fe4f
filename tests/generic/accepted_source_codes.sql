{#
    `column_name` holds only the values the source contract allows for one coded column: the `codes` of
    `contract_column` in the contract of landing source `source` (_<group>__sources.yml), the one place they
    are written. dbt's accepted_values with the list read when the test is compiled. Usage:
        data_tests:
          - accepted_source_codes:
              arguments: {source: vega_slutenvard, contract_column: verksamhet}
#}
{% test accepted_source_codes(model, column_name, source, contract_column) %}
    {{ test_accepted_values(model, column_name, source_codes(source, contract_column)) }}
{% endtest %}
