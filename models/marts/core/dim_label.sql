{#
    The Swedish words for the codes in the public tables (reference__labels_sv), published so that BI
    tools, the exports and the report print the same word for the same code.
#}
with labels as (
    select * from {{ ref('reference__labels_sv') }}
),

final as (
    select
        domain,
        code,
        sort_order,
        label as label_sv,
        label_long as label_long_sv
    from labels
)

select * from final
