{#
    The indicator catalogue as every layer reads it: names, units, direction, target, definition and
    disclosure basis, one row per indicator, exactly as the seed holds it (dim_indicator names the
    columns it publishes).
#}
with catalogue as (
    select * from {{ ref('reference__indicators') }}
),

final as (
    select * from catalogue
)

select * from final
