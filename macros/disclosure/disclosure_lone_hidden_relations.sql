{#
    Additive relations of the published mart that add up exactly (in the base count) and have
    exactly one member a reader does not see (a hidden cell, or a cell of unknown sex: U is never
    published), which must stay unseen (any hidden cell; a U cell with 1 .. min_cell_count - 1).
    Subtracting the others would give that member back, so a sound pattern has none. A
    necessary condition of the LP rule the solver enforces (nara_vard.disclosure), checked in SQL on
    every engine; the full rule is checked by the disclosure audit (nara_vard.disclosure_audit).
#}
{% macro disclosure_lone_hidden_relations() -%}
with members as (
    select * from {{ ref('int_disclosure_relation_members') }}
),

cells as (
    select * from {{ ref('int_disclosure_cells') }}
),

published as (
    select * from {{ ref('fct_indicator_values', v=2) }}
),

pattern as (
    select * from {{ disclosure_pattern_relation() }}
),

-- what a reader cannot see: the mart's hidden cells, and every unknown-sex cell; all hidden cells
-- and the unknown-sex cells with 1 .. min_cell_count - 1 must not be given back
unseen as (
    select
        {{ disclosure_cell_id('indicator_id', 'geo_level', 'geo_code', 'period_type', 'period_start', 'sex') }} as cell_id,
        true as must_stay_unseen
    from published
    where suppression is not null
    union all
    select
        cell_id,
        is_primary as must_stay_unseen
    from cells
    where sex = 'U'
),

relations as (
    select
        m.relation_id,
        count(*) as members,
        sum(case when u.cell_id is not null then 1 else 0 end) as unseen_members,
        -- a cell nothing around can protect is reported by disclosure_unprotectable_cells instead
        sum(case when u.must_stay_unseen and not p.is_unprotectable then 1 else 0 end) as protected_members,
        sum(case when m.is_parent then -c.base_count else c.base_count end) as children_minus_parent
    from members as m
    inner join cells as c on m.cell_id = c.cell_id
    left join unseen as u on m.cell_id = u.cell_id
    inner join pattern as p on m.cell_id = p.cell_id
    where m.hierarchy_id <> 'self'
    group by m.relation_id
)

select
    relation_id,
    members,
    unseen_members
from relations
where unseen_members = 1 and protected_members = 1 and children_minus_parent = 0
{%- endmacro %}
