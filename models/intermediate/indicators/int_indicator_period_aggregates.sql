{#
    Monthly facts rolled up to every period (month, quarter, year), every geography level above
    their base — region (all rows, including unknown and outside-county municipalities),
    kommunalförbund, delregional nämnd, kommun (county municipalities only), sjukhus, vårdcentral,
    team — and sex: T (totalt: every row, sex known or not) and, for indicators the catalogue
    breaks down by sex, K and M from the rows whose sex is known.
#}
with facts as (
    select * from {{ ref('int_indicator_facts_monthly') }}
),

municipalities as (
    select * from {{ ref('reference__municipalities') }}
),

indicators as (
    select * from {{ ref('int_indicators') }}
),

facts_by_sex as (
    select
        f.*,
        unnest(
            case when i.sex_breakdown and f.sex in ('K', 'M') then ['T', f.sex] else ['T'] end
        ) as sex_member
    from facts as f
    inner join indicators as i on f.indicator_id = i.indicator_id
),

facts_with_areas as (
    select
        f.indicator_id,
        f.fact_month,
        f.hospital_code,
        f.care_centre_code,
        f.team_code,
        f.distinct_key,
        f.sex_member as sex,
        f.sex is not null as is_sex_known,
        f.numerator,
        f.denominator,
        f.numerator_squares,
        f.fact_rows,
        m.municipality_code as county_municipality_code,
        {{ geo_slug('m.kommunalforbund_name') }} as kommunalforbund_code,
        {{ geo_slug('m.delregional_namnd_name') }} as delregional_namnd_code
    from facts_by_sex as f
    left join municipalities as m on f.municipality_code = m.municipality_code
),

by_geography as (
    select
        indicator_id,
        fact_month,
        distinct_key,
        sex,
        is_sex_known,
        numerator,
        denominator,
        numerator_squares,
        fact_rows,
        unnest([
            { 'geo_level': 'region', 'geo_code': '14' },
            { 'geo_level': 'kommunalforbund', 'geo_code': kommunalforbund_code },
            { 'geo_level': 'delregional_namnd', 'geo_code': delregional_namnd_code },
            { 'geo_level': 'kommun', 'geo_code': county_municipality_code },
            { 'geo_level': 'sjukhus', 'geo_code': hospital_code },
            { 'geo_level': 'vardcentral', 'geo_code': care_centre_code },
            { 'geo_level': 'team', 'geo_code': team_code }
        ]) as geo_member
    from facts_with_areas
),

by_period as (
    select
        indicator_id,
        fact_month,
        distinct_key,
        sex,
        is_sex_known,
        numerator,
        denominator,
        numerator_squares,
        fact_rows,
        geo_member['geo_level'] as geo_level,
        geo_member['geo_code'] as geo_code,
        unnest([
            { 'period_type': 'month', 'period_start': fact_month },
            { 'period_type': 'quarter', 'period_start': cast(date_trunc('quarter', fact_month) as date) },
            { 'period_type': 'year', 'period_start': cast(date_trunc('year', fact_month) as date) }
        ]) as reporting_period
    from by_geography
    where geo_member['geo_code'] is not null
),

with_period_columns as (
    select
        indicator_id,
        fact_month,
        distinct_key,
        sex,
        is_sex_known,
        numerator,
        denominator,
        numerator_squares,
        fact_rows,
        geo_level,
        geo_code,
        reporting_period['period_type'] as period_type,
        reporting_period['period_start'] as period_start
    from by_period
),

final as (
    select
        indicator_id,
        geo_level,
        geo_code,
        period_type,
        period_start,
        sex,
        sum(numerator) as numerator_sum,
        sum(denominator) as denominator_sum,
        sum(numerator_squares) as numerator_squares_sum,
        count(distinct distinct_key) as distinct_count,
        count(distinct distinct_key) filter (
            where fact_month = date_trunc('month', {{ period_end_date('period_type', 'period_start') }})
        ) as point_in_time_count,
        sum(fact_rows) as fact_rows,
        coalesce(sum(case when is_sex_known then fact_rows end), 0) as sex_known_rows
    from with_period_columns
    group by
        indicator_id,
        geo_level,
        geo_code,
        period_type,
        period_start,
        sex
)

select * from final
