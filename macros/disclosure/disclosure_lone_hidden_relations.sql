{#
    Additive relations of the published mart with exactly one hidden member: those where another
    member could still be hidden (protectable=true: the suppression rounds fell short) or those
    where none can (protectable=false: only region cells or cells without figures besides it).
#}
{% macro disclosure_lone_hidden_relations(protectable) -%}
with members as (
    select * from {{ ref('int_disclosure_relation_members') }}
),

cells as (
    select * from {{ ref('int_disclosure_cells') }}
),

-- what a reader sees: the mart's cells, and the unknown-sex counts it lets them work out
published as (
    select
        {{ disclosure_cell_id('indicator_id', 'geo_level', 'geo_code', 'period_type', 'period_start', 'sex') }} as cell_id,
        suppression
    from {{ ref('fct_indicator_values', v=2) }}
    union all
    select
        cell_id,
        suppression
    from {{ ref('int_disclosure_cells_suppressed') }}
    where sex = 'U'
),

relations as (
    select
        m.relation_id,
        count(*) as members,
        sum(case when p.suppression is not null then 1 else 0 end) as hidden_members,
        sum(case when p.suppression is null and c.shows_figures and not c.is_exempt then 1 else 0 end)
            as hideable_members
    from members as m
    inner join published as p on m.cell_id = p.cell_id
    inner join cells as c on m.cell_id = c.cell_id
    where m.hierarchy_id <> 'self'
    group by m.relation_id
)

select
    relation_id,
    members,
    hidden_members,
    hideable_members
from relations
where hidden_members = 1 and hideable_members {{ '> 0' if protectable else '= 0' }}
{%- endmacro %}
