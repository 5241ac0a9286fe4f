{#
    Every additive relation among the cells of person-based indicators, as member rows: the parent
    cell and its child cells (same indicator, same other coordinates), along geography, period and
    sex (T = K + M), and between an indicator and its parts (same coordinates; reference__indicators'
    part_of_indicator_id). Also one `self` relation per cell, so the suppression rounds carry every cell along.
#}
with cells as (
    select * from {{ ref('int_disclosure_cells') }}
),

hierarchies as (
    select * from {{ ref('reference__additive_hierarchies') }}
),

geographies as (
    select * from {{ ref('int_geographies') }}
),

indicators as (
    select * from {{ ref('reference__indicators') }}
),

-- each geography with the code of every level above it
geography_parents as (
    select
        h.hierarchy_id,
        g.geo_level as child_level,
        g.geo_code as child_code,
        h.parent_level,
        h.geography_basis,
        case h.parent_level
            when 'region' then {{ region_code() }}
            when 'kommunalforbund' then g.kommunalforbund_code
            when 'delregional_namnd' then g.delregional_namnd_code
            when 'kommun' then g.municipality_code
        end as parent_code
    from geographies as g
    inner join hierarchies as h
        on h.dimension = 'geography' and g.geo_level = h.child_level
),

geography_children as (
    select
        gp.hierarchy_id,
        p.cell_id as parent_cell_id,
        c.cell_id as child_cell_id
    from cells as c
    inner join geography_parents as gp
        on c.geo_level = gp.child_level and c.geo_code = gp.child_code
    inner join indicators as i on c.indicator_id = i.indicator_id
    inner join cells as p
        on
            c.indicator_id = p.indicator_id
            and c.period_type = p.period_type
            and c.period_start = p.period_start
            and c.sex = p.sex
            and gp.parent_level = p.geo_level
            and gp.parent_code = p.geo_code
    -- only exact sums: hospitals add up to a municipality only for hospital-based indicators
    where gp.geography_basis = 'all' or gp.geography_basis = i.geography_basis
),

-- a month lies in one quarter and one year; a quarter in one year
period_children as (
    select
        h.hierarchy_id,
        p.cell_id as parent_cell_id,
        c.cell_id as child_cell_id
    from cells as c
    inner join hierarchies as h
        on h.dimension = 'period' and c.period_type = h.child_level
    inner join indicators as i on c.indicator_id = i.indicator_id
    inner join cells as p
        on
            c.indicator_id = p.indicator_id
            and c.geo_level = p.geo_level
            and c.geo_code = p.geo_code
            and c.sex = p.sex
            and h.parent_level = p.period_type
            and p.period_start = case p.period_type
                when 'quarter' then cast({{ dbt.date_trunc('quarter', 'c.period_start') }} as date)
                when 'year' then cast({{ dbt.date_trunc('year', 'c.period_start') }} as date)
            end
    -- a stock counted on the period's last day equals its last sub-period, not the sum
    where
        i.aggregation <> 'point_in_time_count'
        or {{ period_end_date('c.period_type', 'c.period_start') }}
        = {{ period_end_date('p.period_type', 'p.period_start') }}
),

-- totalt is kvinnor plus män (and any whose sex is unknown)
sex_children as (
    select
        h.hierarchy_id,
        p.cell_id as parent_cell_id,
        c.cell_id as child_cell_id
    from cells as c
    inner join hierarchies as h
        on h.dimension = 'sex' and position(' ' || c.sex || ' ' in ' ' || h.child_level || ' ') > 0
    inner join cells as p
        on
            c.indicator_id = p.indicator_id
            and c.geo_level = p.geo_level
            and c.geo_code = p.geo_code
            and c.period_type = p.period_type
            and c.period_start = p.period_start
            and h.parent_level = p.sex
),

-- a whole indicator is the sum of its parts (helt_i_primarvarden of its diagnosis groups)
indicator_children as (
    select
        h.hierarchy_id,
        p.cell_id as parent_cell_id,
        c.cell_id as child_cell_id
    from cells as c
    inner join indicators as i on c.indicator_id = i.indicator_id
    inner join hierarchies as h on h.dimension = 'indicator'
    inner join cells as p
        on
            i.part_of_indicator_id = p.indicator_id
            and c.geo_level = p.geo_level
            and c.geo_code = p.geo_code
            and c.period_type = p.period_type
            and c.period_start = p.period_start
            and c.sex = p.sex
),

children as (
    select * from geography_children
    union all
    select * from indicator_children
    union all
    select * from period_children
    union all
    select * from sex_children
),

final as (
    select
        hierarchy_id || '@' || parent_cell_id as relation_id,
        hierarchy_id,
        parent_cell_id as cell_id,
        true as is_parent
    from children
    group by hierarchy_id, parent_cell_id
    union all
    select
        hierarchy_id || '@' || parent_cell_id as relation_id,
        hierarchy_id,
        child_cell_id as cell_id,
        false as is_parent
    from children
    union all
    select
        'self@' || cell_id as relation_id,
        'self' as hierarchy_id,
        cell_id,
        true as is_parent
    from cells
)

select * from final
