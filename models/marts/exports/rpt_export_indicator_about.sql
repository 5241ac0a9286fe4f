{#
    The workbook's sheet "Om indikatorn" and the same section of datakatalog.md (`nara-vard export`): each
    indicator's Swedish texts from dim_indicator as headed fields, in the order and with the headings of
    dim_label (domain `about_field`). The reference field is headed by the indicator's kind of reference
    (a decided target or a sourced benchmark; "Mål eller jämförelsevärde" where it has neither). Empty
    texts are left out; whitespace is collapsed to single spaces.
#}
with indicators as (
    select * from {{ ref('dim_indicator') }}
),

labels as (
    select * from {{ ref('dim_label') }}
),

fields as (
    select
        code as field,
        sort_order as field_order,
        label_sv as heading_sv
    from labels
    where domain = 'about_field'
),

reference_kinds as (
    select
        code as reference_kind,
        upper(substr(label_sv, 1, 1)) || substr(label_sv, 2) as heading_sv
    from labels
    where domain = 'reference_kind'
),

indicator_texts as (
    select
        i.*,
        coalesce(i.reference_kind, 'none') as kind,
        coalesce(lu.label_long_sv, i.unit) || ' (' || cast(i.display_decimals as {{ dbt.type_string() }})
        || case when i.display_decimals = 1 then ' decimal)' else ' decimaler)' end as unit_text_sv,
        coalesce(ld.label_long_sv, i.desired_direction) as direction_text_sv,
        case
            when i.reference_kind is null or i.reference_kind = 'none'
                then upper(substr(lk.label_long_sv, 1, 1)) || substr(lk.label_long_sv, 2)
            else coalesce(nullif(i.reference_label_sv, ''), lk.label_long_sv)
        end as reference_text_sv
    from indicators as i
    {{ label_joins([
        ('lu', 'unit', 'i.unit'),
        ('ld', 'direction', 'i.desired_direction'),
        ('lk', 'reference_kind', "coalesce(i.reference_kind, 'none')"),
    ]) }}
),

field_texts as (
    select
        i.display_order,
        i.indicator_id,
        i.indicator_name_sv,
        f.field_order,
        f.field,
        case
            when f.field = 'reference' and i.kind != 'none' then k.heading_sv
            else f.heading_sv
        end as heading_sv,
        case f.field
            when 'definition' then i.definition_sv
            when 'numerator' then i.numerator_sv
            when 'denominator' then i.denominator_sv
            when 'unit' then i.unit_text_sv
            when 'desired_direction' then i.direction_text_sv
            when 'source' then i.source_sv
            when 'period_logic' then i.period_logic_sv
            when 'sex_breakdown' then i.sex_breakdown_sv
            when 'interval_method' then i.interval_method_sv
            when 'reference' then i.reference_text_sv
            when 'reference_source' then i.reference_source_sv
            when 'reference_decided_by' then i.reference_decided_by_sv
            when 'reference_decided_on' then cast(i.reference_decided_on as {{ dbt.type_string() }})
            when 'reference_document' then i.reference_document_sv
            when 'reference_url' then i.reference_url
            when 'target_note' then i.target_note
            when 'niva_published_basis' then i.niva_published_basis_sv
            when 'limitations' then i.limitations_sv
            when 'published_row_label' then i.published_row_label_sv
        end as raw_text
    from indicator_texts as i
    cross join fields as f
    left join reference_kinds as k on i.kind = k.reference_kind
),

final as (
    select
        display_order,
        indicator_id,
        indicator_name_sv,
        field_order,
        field,
        heading_sv,
        trim({{ regexp_replace_all('raw_text', "'\\s+'", "' '") }}) as text_sv
    from field_texts
    where raw_text is not null and raw_text != ''
)

select * from final
