{#
    kommunal_hsl_kostnad_per_invanare and kommunal_hsl_kostnad_per_invanare_65: a municipality's net cost of
    municipal health care in a year (stg_ekonomi__municipal_accounts, every activity, the current version of
    the year's file) over its inhabitants, all ages or aged 65+ (reference__population, the nearest year the
    seed has). One record per municipality and year, dated the year's first day, so a kommunalförbund's or
    the region's value is the cost of the municipalities that delivered over their inhabitants, and the
    coverage counts municipalities.
#}
with accounts as (
    select * from {{ ref('stg_ekonomi__municipal_accounts') }}
    where is_valid and not is_superseded
),

population as (
    select * from {{ ref('reference__population') }}
),

population_years as (
    select
        min(year) as first_year,
        max(year) as last_year
    from population
),

municipal_population as (
    select
        municipality_code,
        year,
        sum(population) as inhabitants,
        sum(case when age_min >= 65 then population else 0 end) as inhabitants_65_plus
    from population
    group by municipality_code, year
),

municipal_costs as (
    select
        account_year,
        municipality_code,
        sum(net_cost_sek) as net_cost_sek
    from accounts
    group by account_year, municipality_code
),

costed as (
    select
        c.account_year,
        c.municipality_code,
        c.net_cost_sek,
        p.inhabitants,
        p.inhabitants_65_plus
    from municipal_costs as c
    cross join population_years as y
    left join municipal_population as p
        on
            c.municipality_code = p.municipality_code
            and p.year = least(greatest(c.account_year, y.first_year), y.last_year)
),

records as (
    select
        'kommunal_hsl_kostnad_per_invanare' as indicator_id,
        make_date(account_year, 1, 1) as fact_date,
        municipality_code,
        net_cost_sek as numerator,
        inhabitants as denominator
    from costed

    union all

    select
        'kommunal_hsl_kostnad_per_invanare_65' as indicator_id,
        make_date(account_year, 1, 1) as fact_date,
        municipality_code,
        net_cost_sek as numerator,
        inhabitants_65_plus as denominator
    from costed
)

{{ indicator_facts('records', geography=['municipality_code']) }}
