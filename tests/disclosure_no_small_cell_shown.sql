-- No published cell of a person-based indicator (other than the region's totals) shows a figure with 1 ..
-- min_cell_count - 1 persons, episodes, plans or respondents behind it (counted before suppression).
with assessed as (
    select * from {{ ref('int_indicator_values_assessed') }}
),

published as (
    select * from {{ ref('fct_indicator_values', v=2) }}
)

select
    a.indicator_id,
    a.geo_level,
    a.geo_code,
    a.period_type,
    a.period_start,
    a.sex,
    a.base_count,
    p.numerator,
    p.denominator,
    p.value
from assessed as a
inner join published as p
    on {{ same_cell('a', 'p') }}
where
    a.counts_persons
    and not (a.geo_level = 'region' and a.sex = 'T')
    and a.base_count between 1 and {{ var('min_cell_count') }} - 1
    and (p.numerator is not null or p.denominator is not null or p.value is not null or p.base_count is not null)
