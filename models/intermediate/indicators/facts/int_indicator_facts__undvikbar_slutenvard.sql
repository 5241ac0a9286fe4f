{#
    undvikbar_slutenvard and undvikbar_slutenvard_65: unplanned somatic inpatient episodes whose main
    diagnosis is on the list of conditions where inpatient care is considered avoidable, per 100 000
    inhabitants (of all ages; aged 65+) and year, by home municipality and sex, in the month of discharge.
    The denominator counts inhabitant-months: the municipality's population (the nearest year of the
    population seed) in every month with diagnoses delivered; the catalogue's value_scale 1 200 000 turns
    episodes per inhabitant-month into episodes per 100 000 inhabitants and year, so a month's value is its
    rate scaled to a year and a quarter's or year's the mean. Months before diagnoses were delivered (2023-01) have no facts; episodes
    of unknown (9999) or other counties' municipalities count in no population and are left out.
#}
with episodes as (
    select * from {{ ref('int_inpatient_episodes_current') }}
),

conditions as (
    select * from {{ ref('reference__avoidable_hospitalisation_conditions') }}
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

diagnosis_months as (
    select distinct cast(date_trunc('month', discharge_date) as date) as fact_month
    from episodes
    where main_diagnosis_code is not null
),

variants as (
    select
        'undvikbar_slutenvard' as indicator_id,
        0 as min_age
    union all
    select
        'undvikbar_slutenvard_65' as indicator_id,
        65 as min_age
),

avoidable_episodes as (
    select distinct
        e.episode_id,
        e.discharge_date,
        e.municipality_code,
        e.sex,
        e.age_years
    from episodes as e
    inner join conditions as c
        on e.main_diagnosis_code between c.code_from and c.code_to
    where e.is_somatic and e.is_unplanned
),

inhabitants as (
    select
        v.indicator_id,
        p.municipality_code,
        p.sex,
        p.year,
        sum(p.population) as population
    from population as p
    inner join variants as v on p.age_min >= v.min_age
    group by v.indicator_id, p.municipality_code, p.sex, p.year
),

records as (
    select
        v.indicator_id,
        a.discharge_date as fact_date,
        a.municipality_code,
        a.sex,
        1 as numerator,
        0 as denominator
    from avoidable_episodes as a
    inner join variants as v on a.age_years >= v.min_age
    where a.municipality_code in (select distinct p.municipality_code from population as p)
    union all
    select
        i.indicator_id,
        m.fact_month as fact_date,
        i.municipality_code,
        i.sex,
        0 as numerator,
        i.population as denominator
    from diagnosis_months as m
    cross join population_years as y
    inner join inhabitants as i
        on i.year = least(greatest({{ extract_int('year', 'm.fact_month') }}, y.first_year), y.last_year)
)

{{ indicator_facts('records', geography=['municipality_code'], sex=true) }}
