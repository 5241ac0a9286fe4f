{# The indicator catalogue for BI tools (built in int_indicators, which the other layers read too). #}
with indicators as (
    select * from {{ ref('int_indicators') }}
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
        sex_breakdown,
        interval_method,
        numerator_definition,
        denominator_definition,
        definition_en,
        reporting_note,
        followup_question
    from indicators
)

select * from final
