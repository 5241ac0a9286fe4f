{#
    hsl_inskrivna_65_per_1000: persons 65+ enrolled in municipal home health care per 1 000
    inhabitants 65+. The denominator is the population of the reporting municipality-months (the
    nearest year the population seed has), so a quarter's value is the mean monthly rate of those
    who delivered.
#}
with municipal_reports as (
    select * from {{ ref('stg_kommun_hsl__monthly_reports') }}
),

population as (
    select * from {{ ref('reference__population') }}
),

population_65 as (
    select
        municipality_code,
        year,
        sum(population) as population_65_plus
    from population
    where age_min >= 65
    group by municipality_code, year
),

population_years as (
    select
        min(year) as first_year,
        max(year) as last_year
    from population
),

records as (
    select
        'hsl_inskrivna_65_per_1000' as indicator_id,
        r.report_month as fact_date,
        r.municipality_code,
        r.enrolled_65_plus as numerator,
        p.population_65_plus as denominator
    from municipal_reports as r
    cross join population_years as y
    left join population_65 as p
        on
            r.municipality_code = p.municipality_code
            and p.year = least(greatest({{ extract_int('year', 'r.report_month') }}, y.first_year), y.last_year)
    where r.is_valid and not r.is_superseded and not r.is_total_row
)

{{ indicator_facts('records', geography=['municipality_code']) }}
