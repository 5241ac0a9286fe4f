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

published as (
    select
        {{ disclosure_cell_id('indicator_id', 'geo_level', 'geo_code', 'period_type', 'period_start', 'sex') }} as cell_id,
        suppression
    from {{ ref('fct_indicator_values') }}
),

relations as (
    select
        m.relation_id,
        count(*) as members,
        -- a cell that is not published at all (unknown sex) is as hidden as a suppressed one
        sum(case when p.cell_id is null or p.suppression is not null then 1 else 0 end) as hidden_members,
        sum(case when p.cell_id is not null and p.suppression is null and c.shows_figures and not c.is_exempt then 1 else 0 end)
            as hideable_members
    from members as m
    left join published as p on m.cell_id = p.cell_id
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
