-- Kvinnor + män = totalt, for numerator and denominator, wherever the sex of every row behind the
-- total is known (sex_known_share = 1). Counted before disclosure control.
with assessed as (
    select * from {{ ref('int_indicator_values_assessed') }}
),

totals as (
    select * from assessed
    where sex = 'T' and sex_known_share = 1
),

parts as (
    select
        indicator_id,
        geo_level,
        geo_code,
        period_type,
        period_start,
        sum(numerator) as numerator,
        sum(denominator) as denominator
    from assessed
    where sex in ('K', 'M')
    group by indicator_id, geo_level, geo_code, period_type, period_start
)

select
    t.indicator_id,
    t.geo_level,
    t.geo_code,
    t.period_type,
    t.period_start,
    t.numerator as total_numerator,
    p.numerator as parts_numerator,
    t.denominator as total_denominator,
    p.denominator as parts_denominator
from totals as t
left join parts as p
    on
        t.indicator_id = p.indicator_id
        and t.geo_level = p.geo_level
        and t.geo_code = p.geo_code
        and t.period_type = p.period_type
        and t.period_start = p.period_start
where
    p.indicator_id is null
    or coalesce(t.numerator, 0) <> coalesce(p.numerator, 0)
    or coalesce(t.denominator, 0) <> coalesce(p.denominator, 0)
