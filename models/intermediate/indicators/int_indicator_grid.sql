{#
    The cells every indicator is published for: indicator × geography × period × sex. Dense for the
    region and, for indicators based on the patient's home or the reporting municipality, for every
    municipal geography, so a missing value is a visible row with a reason rather than an absent
    one; other geographies (hospitals, care centres, teams) appear where they have facts. Sex is T
    (totalt) for every indicator and also K and M where the catalogue breaks it down.
#}
with aggregates as (
    select * from {{ ref('int_indicator_period_aggregates') }}
),

indicators as (
    select * from {{ ref('int_indicators') }}
),

periods as (
    select * from {{ ref('int_periods') }}
),

geographies as (
    select * from {{ ref('int_geographies') }}
),

indicator_periods as (
    select
        i.indicator_id,
        p.period_type,
        p.period_start,
        p.period_end,
        p.period_label_sv
    from indicators as i
    inner join periods as p on position(' ' || p.period_type || ' ' in ' ' || i.period_types || ' ') > 0
),

indicator_geographies as (
    select distinct
        indicator_id,
        geo_level,
        geo_code
    from aggregates
    union
    select
        indicator_id,
        'region' as geo_level,
        {{ region_code() }} as geo_code
    from indicators
    union
    select
        i.indicator_id,
        g.geo_level,
        g.geo_code
    from indicators as i
    inner join geographies as g
        on g.geo_level in ('kommun', 'kommunalforbund', 'delregional_namnd')
    where i.geography_basis in ('patient_home', 'municipality') and i.source <> 'egenmonitorering'
),

sexes as (
    select 'T' as sex
    union all
    select 'K' as sex
    union all
    select 'M' as sex
),

indicator_sexes as (
    select
        i.indicator_id,
        s.sex
    from indicators as i
    cross join sexes as s
    where i.sex_breakdown or s.sex = 'T'
),

final as (
    select
        ig.indicator_id,
        ig.geo_level,
        ig.geo_code,
        ip.period_type,
        ip.period_start,
        s.sex,
        ip.period_end,
        ip.period_label_sv
    from indicator_geographies as ig
    inner join indicator_periods as ip on ig.indicator_id = ip.indicator_id
    inner join indicator_sexes as s on ig.indicator_id = s.indicator_id
)

select * from final
