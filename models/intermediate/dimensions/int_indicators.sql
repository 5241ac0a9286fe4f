{#
    The indicator catalogue as every layer reads it: names, units, direction, target, definition and
    disclosure basis, one row per indicator.
#}
with catalogue as (
    select * from {{ ref('reference__indicators') }}
),

final as (
    select
        indicator_id,
        display_order,
        indicator_name_sv,
        indicator_name_en,
        published_row_label_sv,
        unit,
        value_scale,
        display_decimals,
        aggregation,
        period_types,
        desired_direction,
        target_value,
        target_kind,
        target_note,
        source,
        geography_basis,
        counts_persons,
        base_count_basis,
        base_count_unit,
        base_count_unit_sv,
        fact_model,
        sex_breakdown,
        interval_method,
        numerator_definition,
        denominator_definition,
        definition_en,
        reporting_note,
        followup_question
    from catalogue
)

select * from final
