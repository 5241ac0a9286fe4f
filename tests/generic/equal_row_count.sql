{#
    `model` has as many rows as `compare_model` (a model that adds words to another's rows, one for one).
    Usage:
        data_tests:
          - equal_row_count:
              arguments: {compare_model: ref('dq_delivery_coverage')}
#}
{% test equal_row_count(model, compare_model) %}
    select
        a.n_rows as model_rows,
        b.n_rows as compare_model_rows
    from (select count(*) as n_rows from {{ model }}) as a
    cross join (select count(*) as n_rows from {{ compare_model }}) as b
    where a.n_rows <> b.n_rows
{% endtest %}
