{#
    The combination of `combination` columns is unique (dbt-core has no built-in for this and we use
    no packages). Usage:
        data_tests:
          - unique_combination:
              arguments:
                combination: [file_name, line_number]
#}
{% test unique_combination(model, combination) %}
    select
        {{ combination | join(', ') }},
        count(*) as n_rows
    from {{ model }}
    group by {{ combination | join(', ') }}
    having count(*) > 1
{% endtest %}
