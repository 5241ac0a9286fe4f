{#
    Version 1 (deprecated 2027-06-30) of the municipality comparison, kept for its readers: the kommun
    rows of version 2, judged the old way: against the catalogue's target or benchmark where there is
    one (+ meets it, − does not); otherwise by position among the municipalities with a value (best
    quarter ▲, middle half ●, worst quarter ▼; version 2's `comparison_position`), which is relative,
    not a judgement; no judgement for counts and sums or without a desired direction.
#}
with comparison as (
    select * from {{ ref('rpt_municipality_comparison', v=2) }}
    where geo_level = 'kommun'
),

indicators as (
    select * from {{ ref('dim_indicator') }}
),

judged as (
    select
        c.*,
        case
            when c.value is null then null
            when i.desired_direction not in ('increase', 'decrease') or i.aggregation not in ('ratio', 'mean')
                then 'none'
            when i.target_value is not null then 'target'
            else 'position'
        end as basis_v1,
        case
            when c.value is null then null
            when i.desired_direction not in ('increase', 'decrease') or i.aggregation not in ('ratio', 'mean')
                then 'no_judgement'
            when i.target_value is not null
                then
                    case
                        when
                            (i.desired_direction = 'increase') = (c.value >= i.target_value)
                            or c.value = i.target_value
                            then 'meets_target'
                        else 'misses_target'
                    end
            else coalesce(c.comparison_position, 'no_judgement')
        end as class_v1
    from comparison as c
    inner join indicators as i on c.indicator_id = i.indicator_id
),

final as (
    select
        indicator_id,
        municipality_code,
        municipality_name_sv,
        kommunalforbund_code,
        kommunalforbund_name_sv,
        period_type,
        period_start,
        period_label_sv,
        value,
        value_sv,
        suppression,
        quality_flag,
        basis_v1 as comparison_basis,
        class_v1 as comparison_class,
        case class_v1
            when 'meets_target' then '+'
            when 'misses_target' then '−'
            when 'best_quarter' then '▲'
            when 'middle_half' then '●'
            when 'worst_quarter' then '▼'
        end as comparison_symbol,
        municipalities_with_value,
        note_sv
    from judged
)

select * from final
