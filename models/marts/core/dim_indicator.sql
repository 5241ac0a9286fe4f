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
        followup_question,
        part_of_indicator_id,
        reference_kind,
        reference_value,
        reference_is_assumed,
        reference_label_sv,
        reference_source_sv,
        reference_decided_by_sv,
        reference_decided_on,
        reference_document_sv,
        reference_url,
        niva_published_basis_sv,
        definition_sv,
        numerator_sv,
        denominator_sv,
        source_sv,
        period_logic_sv,
        sex_breakdown_sv,
        interval_method_sv,
        limitations_sv
    from indicators
)

select * from final
