{#
    Inhabitants per geography (region, kommunalförbund, delregional nämnd, kommun) and calendar year,
    all ages and both sexes, from reference__population (SCB's totals per municipality; its split by
    age and sex is modelled, the totals are not). The municipality comparison shows counts per 1 000
    inhabitants with it; a year outside the seed's years takes the nearest year it has.
#}
with population as (
    select * from {{ ref('reference__population') }}
),

geographies as (
    select * from {{ ref('int_geographies') }}
),

municipality_years as (
    select
        municipality_code,
        year,
        sum(population) as population
    from population
    group by municipality_code, year
),

members as (
    select
        geo_level,
        geo_code,
        municipality_code
    from geographies
    where geo_level = 'kommun'
    union all
    select
        'kommunalforbund' as geo_level,
        kommunalforbund_code as geo_code,
        municipality_code
    from geographies
    where geo_level = 'kommun'
    union all
    select
        'delregional_namnd' as geo_level,
        delregional_namnd_code as geo_code,
        municipality_code
    from geographies
    where geo_level = 'kommun'
    union all
    select
        'region' as geo_level,
        {{ region_code() }} as geo_code,
        municipality_code
    from geographies
    where geo_level = 'kommun'
),

final as (
    select
        m.geo_level,
        m.geo_code,
        y.year,
        cast(sum(y.population) as bigint) as population
    from members as m
    inner join municipality_years as y on m.municipality_code = y.municipality_code
    group by m.geo_level, m.geo_code, y.year
)

select * from final
