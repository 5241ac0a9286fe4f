-- Published vs computed, cell by cell: the published VGR table "Utfall indikatorer exempel"
-- against the region rows of the mart, rounded to the printed precision, with the difference.
-- Run: nara-vard dbt compile --select reconcile_published_table, then the SQL in target/compiled.
with published as (
    select * from {{ ref('reference__published_indicator_values') }}
),

computed as (
    select * from {{ ref('fct_indicator_values', v=2) }}
    where geo_level = 'region' and sex = 'T'
),

compared as (
    select
        p.indicator_id,
        p.period_label_sv,
        p.published_text,
        p.published_value,
        p.decimals,
        c.value as computed_value,
        c.quality_flag,
        round(c.value, coalesce(p.decimals, 0)) as computed_rounded
    from published as p
    left join computed as c
        on
            p.indicator_id = c.indicator_id
            and p.period_type = c.period_type
            and p.period_start = c.period_start
)

select
    indicator_id,
    period_label_sv,
    published_text,
    published_value,
    computed_rounded,
    computed_value,
    quality_flag,
    computed_rounded - published_value as difference,
    case
        when published_value is null and computed_value is null then 'both blank'
        when published_value is null then 'computed a value for a blank cell'
        when computed_value is null then 'no value computed'
        when computed_rounded = published_value then 'equal at printed precision'
        else 'DIFFERENT'
    end as verdict
from compared
order by indicator_id, period_label_sv
