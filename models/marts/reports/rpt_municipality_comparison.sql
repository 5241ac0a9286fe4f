{#
    The municipalities side by side (Kolada's Jämföraren in our terms): per indicator × kommun ×
    period, the value after disclosure control and a judgement a report colours and marks with a
    symbol. Against the target where the catalogue has one (+ meets it, − does not); otherwise by
    position among the municipalities with a value (best quarter ▲, middle half ●, worst quarter ▼,
    by the desired direction), which is relative, not a judgement; no judgement where the indicator
    has no desired direction or is a count or sum (those follow the municipality's size, not its
    performance). Hidden and missing values get none.
#}
with indicator_values as (
    select * from {{ ref('fct_indicator_values', v=2) }}
    where geo_level = 'kommun' and sex = 'T'
),

assessed as (
    select * from {{ ref('int_indicator_values_assessed') }}
    where geo_level = 'kommun' and sex = 'T'
),

indicators as (
    select * from {{ ref('dim_indicator') }}
),

geographies as (
    select * from {{ ref('dim_geography') }}
),

ranked as (
    select
        v.*,
        i.display_decimals,
        i.desired_direction,
        i.target_value,
        i.aggregation,
        count(v.value) over (partition by v.indicator_id, v.period_type, v.period_start) as municipalities_with_value,
        -- 0 = best, 1 = worst among the municipalities with a value
        case
            when
                v.value is not null and i.desired_direction in ('increase', 'decrease')
                and i.aggregation in ('ratio', 'mean')
                then percent_rank() over (
                    partition by v.indicator_id, v.period_type, v.period_start, v.value is null
                    order by case when i.desired_direction = 'increase' then -v.value else v.value end
                )
        end as position_share
    from indicator_values as v
    inner join indicators as i on v.indicator_id = i.indicator_id
),

judged as (
    select
        *,
        case
            when value is null then null
            when desired_direction not in ('increase', 'decrease') or aggregation not in ('ratio', 'mean') then 'none'
            when target_value is not null then 'target'
            else 'position'
        end as comparison_basis,
        case
            when value is null then null
            when desired_direction not in ('increase', 'decrease') or aggregation not in ('ratio', 'mean')
                then 'no_judgement'
            when target_value is not null
                then
                    case
                        when (desired_direction = 'increase') = (value >= target_value) or value = target_value
                            then 'meets_target'
                        else 'misses_target'
                    end
            when municipalities_with_value < 4 then 'no_judgement'
            when position_share <= 0.25 then 'best_quarter'
            when position_share >= 0.75 then 'worst_quarter'
            else 'middle_half'
        end as comparison_class
    from ranked
),

final as (
    select
        j.indicator_id,
        j.geo_code as municipality_code,
        g.geo_name_sv as municipality_name_sv,
        g.kommunalforbund_code,
        kf.geo_name_sv as kommunalforbund_name_sv,
        j.period_type,
        j.period_start,
        j.period_label_sv,
        j.value,
        {{ published_value_sv('j.value', 'j.suppression', 'j.display_decimals', 'j.unit') }} as value_sv,
        j.suppression,
        j.quality_flag,
        j.comparison_basis,
        j.comparison_class,
        case j.comparison_class
            when 'meets_target' then '+'
            when 'misses_target' then '−'
            when 'best_quarter' then '▲'
            when 'middle_half' then '●'
            when 'worst_quarter' then '▼'
        end as comparison_symbol,
        j.municipalities_with_value,
        {{ cell_note_sv('j.suppression', 'j.quality_flag', 'a.reason') }} as note_sv
    from judged as j
    inner join geographies as g on g.geo_level = 'kommun' and j.geo_code = g.geo_code
    left join geographies as kf on kf.geo_level = 'kommunalforbund' and g.kommunalforbund_code = kf.geo_code
    left join assessed as a on {{ same_cell('j', 'a') }}
)

select * from final
