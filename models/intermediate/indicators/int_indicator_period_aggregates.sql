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

sex_members as (
    select 'T' as sex_member
    union all
    select 'K' as sex_member
    union all
    select 'M' as sex_member
),

geo_levels as (
    {% for level in ['region', 'kommunalforbund', 'delregional_namnd', 'kommun', 'sjukhus', 'vardcentral', 'team'] %}
        select '{{ level }}' as geo_level
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

period_types as (
    select 'month' as period_type
    union all
    select 'quarter' as period_type
    union all
    select 'year' as period_type
),

-- every fact counts for T, and for its own sex when the indicator breaks down by sex
facts_by_sex as (
    select
        f.*,
        s.sex_member
    from facts as f
    inner join indicators as i on f.indicator_id = i.indicator_id
    inner join sex_members as s
        on s.sex_member = 'T' or (i.sex_breakdown and f.sex in ('K', 'M') and f.sex = s.sex_member)
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

-- each fact once per geography level it has a code for
by_geography as (
    select
        f.indicator_id,
        f.fact_month,
        f.distinct_key,
        f.sex,
        f.is_sex_known,
        f.numerator,
        f.denominator,
        f.numerator_squares,
        f.fact_rows,
        g.geo_level,
        case g.geo_level
            when 'region' then {{ region_code() }}
            when 'kommunalforbund' then f.kommunalforbund_code
            when 'delregional_namnd' then f.delregional_namnd_code
            when 'kommun' then f.county_municipality_code
            when 'sjukhus' then f.hospital_code
            when 'vardcentral' then f.care_centre_code
            when 'team' then f.team_code
        end as geo_code
    from facts_with_areas as f
    cross join geo_levels as g
),

-- and once per period type
with_period_columns as (
    select
        g.indicator_id,
        g.fact_month,
        g.distinct_key,
        g.sex,
        g.is_sex_known,
        g.numerator,
        g.denominator,
        g.numerator_squares,
        g.fact_rows,
        g.geo_level,
        g.geo_code,
        p.period_type,
        case p.period_type
            when 'month' then g.fact_month
            when 'quarter' then cast(date_trunc('quarter', g.fact_month) as date)
            else cast(date_trunc('year', g.fact_month) as date)
        end as period_start
    from by_geography as g
    cross join period_types as p
    where g.geo_code is not null
),

final as (
    select
        indicator_id,
        geo_level,
        geo_code,
        period_type,
        period_start,
        sex,
        {{ sum_exact('numerator') }} as numerator_sum,
        {{ sum_exact('denominator') }} as denominator_sum,
        {{ sum_exact('numerator_squares') }} as numerator_squares_sum,
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
