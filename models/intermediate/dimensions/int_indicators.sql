{#
    The indicator catalogue as every layer reads it: names, units, direction, what the level is
    judged against, the Swedish definition and the disclosure basis, one row per indicator.
    `target_value` is the figure Nivå is judged against: a decided target or a sourced benchmark,
    never a figure that is only our assumption (`reference_is_assumed`).
#}
with catalogue as (
    select * from {{ ref('reference__indicators') }}
),

indicator_references as (
    select * from {{ ref('reference__indicator_references') }}
),

about as (
    select * from {{ ref('reference__indicator_about_sv') }}
),

final as (
    select
        c.indicator_id,
        c.display_order,
        c.indicator_name_sv,
        c.indicator_name_en,
        c.published_row_label_sv,
        c.unit,
        c.value_scale,
        c.display_decimals,
        c.aggregation,
        c.period_types,
        c.desired_direction,
        case
            when r.reference_kind in ('target', 'benchmark') and not r.reference_is_assumed then r.reference_value
        end as target_value,
        r.reference_kind as target_kind,
        r.reference_note_sv as target_note,
        r.reference_kind,
        r.reference_value,
        r.reference_is_assumed,
        r.reference_label_sv,
        r.reference_source_sv,
        r.reference_decided_by_sv,
        r.reference_decided_on,
        r.reference_document_sv,
        r.reference_url,
        r.niva_published_basis_sv,
        a.definition_sv,
        a.numerator_sv,
        a.denominator_sv,
        a.source_sv,
        a.period_logic_sv,
        a.sex_breakdown_sv,
        a.interval_method_sv,
        a.limitations_sv,
        c.source,
        c.geography_basis,
        c.counts_persons,
        c.base_count_basis,
        c.base_count_unit,
        c.base_count_unit_sv,
        c.fact_model,
        c.sex_breakdown,
        c.interval_method,
        c.numerator_definition,
        c.denominator_definition,
        c.definition_en,
        c.reporting_note,
        c.followup_question,
        c.part_of_indicator_id
    from catalogue as c
    left join indicator_references as r on c.indicator_id = r.indicator_id
    left join about as a on c.indicator_id = a.indicator_id
)

select * from final
