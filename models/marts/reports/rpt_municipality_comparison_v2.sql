{#
    The municipalities side by side (Kolada's Jämföraren, Vården i siffror's comparison) with the
    region and the kommunalförbund as reference rows: per indicator × geography × period (totalt),
    the value after disclosure control, its 95 % interval, counts per 1 000 inhabitants next to the
    count, and a comparison with the region that respects noise: a share or mean is significantly
    better (or worse) than the region when the region's value lies outside the geography's 95 %
    interval on the better (worse) side, as Vården i siffror marks units against the country; no
    significant difference when it lies inside. Counts and sums are not compared (they follow the
    population; compare `value_per_1000`), nor indicators without a desired direction or interval.
    The position among the municipalities (best quarter ▲, middle half ●, worst quarter ▼) stays as
    a secondary, relative view. Hidden and missing values get no class and say why.
#}
with indicator_values as (
    select * from {{ ref('fct_indicator_values', v=2) }}
    where geo_level in ('region', 'kommunalforbund', 'kommun') and sex = 'T'
),

assessed as (
    select * from {{ ref('int_indicator_values_assessed') }}
    where geo_level in ('region', 'kommunalforbund', 'kommun') and sex = 'T'
),

indicators as (
    select * from {{ ref('dim_indicator') }}
),

geographies as (
    select * from {{ ref('dim_geography') }}
),

periods as (
    select * from {{ ref('dim_period') }}
),

population as (
    select * from {{ ref('int_geography_population') }}
),

labels as (
    select * from {{ ref('dim_label') }}
),

-- a period takes its calendar year's inhabitants; outside the seed's years, the nearest year's
population_years as (
    select
        *,
        min(year) over (partition by geo_level, geo_code) as first_year,
        max(year) over (partition by geo_level, geo_code) as last_year
    from population
),

region_values as (
    select
        indicator_id,
        period_type,
        period_start,
        value as region_value
    from indicator_values
    where geo_level = 'region'
),

compared as (
    select
        v.*,
        i.display_decimals,
        i.desired_direction,
        i.aggregation,
        i.interval_method,
        r.region_value,
        p.population,
        count(case when v.geo_level = 'kommun' then v.value end)
            over (partition by v.indicator_id, v.period_type, v.period_start)
            as municipalities_with_value,
        case
            when
                v.geo_level = 'kommun' and v.value is not null
                and i.desired_direction in ('increase', 'decrease') and i.aggregation in ('ratio', 'mean')
                then percent_rank() over (
                    partition by v.indicator_id, v.period_type, v.period_start, v.geo_level, v.value is null
                    order by case when i.desired_direction = 'increase' then -v.value else v.value end
                )
        end as position_share,
        case
            when v.geo_level = 'region' or v.value is null then null
            when
                i.desired_direction not in ('increase', 'decrease') or i.aggregation not in ('ratio', 'mean')
                or v.ci_lower is null or v.ci_upper is null or r.region_value is null
                then 'not_compared'
            when r.region_value < v.ci_lower
                then case when i.desired_direction = 'increase' then 'better' else 'worse' end
            when r.region_value > v.ci_upper
                then case when i.desired_direction = 'increase' then 'worse' else 'better' end
            else 'no_difference'
        end as comparison_class
    from indicator_values as v
    inner join indicators as i on v.indicator_id = i.indicator_id
    left join region_values as r
        on
            v.indicator_id = r.indicator_id
            and v.period_type = r.period_type
            and v.period_start = r.period_start
    left join population_years as p
        on
            v.geo_level = p.geo_level
            and v.geo_code = p.geo_code
            and p.year = least(greatest({{ extract_int('year', 'v.period_start') }}, p.first_year), p.last_year)
),

positioned as (
    select
        *,
        case
            when position_share is null or municipalities_with_value < 4 then null
            when position_share <= 0.25 then 'best_quarter'
            when position_share >= 0.75 then 'worst_quarter'
            else 'middle_half'
        end as comparison_position,
        case
            when
                aggregation in ('sum', 'distinct_count', 'point_in_time_count')
                and value is not null and population > 0
                then 1000.0 * value / population
        end as value_per_1000
    from compared
),

final as (
    select
        c.indicator_id,
        c.geo_level,
        c.geo_code,
        g.geo_name_sv,
        case when c.geo_level = 'kommun' then c.geo_code end as municipality_code,
        case when c.geo_level = 'kommun' then g.geo_name_sv end as municipality_name_sv,
        g.kommunalforbund_code,
        kf.geo_name_sv as kommunalforbund_name_sv,
        c.period_type,
        c.period_start,
        c.period_label_sv,
        pe.period_code,
        c.value,
        {{ published_value_sv('c.value', 'c.suppression', 'c.display_decimals', 'c.unit') }} as value_sv,
        c.ci_lower,
        c.ci_upper,
        {{ interval_sv('c.ci_lower', 'c.ci_upper', 'c.display_decimals', 'c.unit') }} as ci_sv,
        c.population,
        c.value_per_1000,
        {{ format_swedish_number('c.value_per_1000', 1, "'none'") }} as value_per_1000_sv,
        c.suppression,
        c.quality_flag,
        c.missing_reason,
        mr.label_sv as missing_symbol,
        c.region_value,
        case
            when c.comparison_class in ('better', 'no_difference', 'worse') then 'region'
            when c.comparison_class = 'not_compared' then 'none'
        end as comparison_basis,
        c.comparison_class,
        case c.comparison_class
            when 'better' then '▲'
            when 'worse' then '▼'
            when 'no_difference' then '●'
        end as comparison_symbol,
        cl.label_long_sv as comparison_label_sv,
        c.comparison_position,
        cp.label_long_sv as comparison_position_label_sv,
        c.municipalities_with_value,
        {{ cell_note_sv('c.suppression', 'c.quality_flag', 'a.reason_sv') }} as note_sv
    from positioned as c
    inner join geographies as g on c.geo_level = g.geo_level and c.geo_code = g.geo_code
    inner join periods as pe on c.period_type = pe.period_type and c.period_start = pe.period_start
    left join geographies as kf on kf.geo_level = 'kommunalforbund' and g.kommunalforbund_code = kf.geo_code
    left join assessed as a on {{ same_cell('c', 'a') }}
    left join labels as mr on mr.domain = 'missing_reason' and c.missing_reason = mr.code
    left join labels as cl on cl.domain = 'comparison_class' and c.comparison_class = cl.code
    left join labels as cp on cp.domain = 'comparison_position' and c.comparison_position = cp.code
)

select * from final
