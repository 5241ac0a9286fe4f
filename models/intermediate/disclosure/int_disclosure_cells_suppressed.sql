{#
    Disclosure control: which cells of person-based indicators are hidden, and why.
    Round 0 hides the primary cells (1 .. min_cell_count-1 behind them). Each following round looks
    at every additive relation (a parent cell and its children): where exactly one member is
    hidden, the rest would give it back by subtraction, so the relation's smallest published member
    that may be hidden (not a region cell; cells with people behind them before zero cells) is hidden
    too. The rounds are unrolled (var disclosure_max_rounds) in plain SQL that runs on any engine:
    each round counts the hidden members per relation (one grouping), ranks the hideable members
    of only the relations with a lone hidden one (few rows), and marks the picked cells in every
    row they have (a small IN list), so a round that changes nothing costs one pass over the
    member rows. The test disclosure_no_lone_hidden_cell fails if the last round still left a
    relation with a single hidden member.
#}
{%- set rounds = var('disclosure_max_rounds') | int %}
with cells as (
    select * from {{ ref('int_disclosure_cells') }}
),

members as (
    select * from {{ ref('int_disclosure_relation_members') }}
),

-- round 0: every membership row of every cell, the primary cells hidden
round_0 as (
    select
        m.relation_id,
        m.hierarchy_id = 'self' as is_self,
        m.cell_id,
        c.base_count,
        c.shows_figures and not c.is_exempt as can_hide,
        case when c.is_primary then 0 end as hidden_round
    from members as m
    inner join cells as c on m.cell_id = c.cell_id
),
{% for r in range(rounds) %}
    -- round {{ r + 1 }}: the relations with exactly one hidden member (self relations never give a cell back) ...
    round_{{ r + 1 }}_lone as (
        select relation_id
        from round_{{ r }}
        where not is_self
        group by relation_id
        having sum(case when hidden_round is not null then 1 else 0 end) = 1
    ),

    -- ... in each, its smallest member that may still be hidden (people behind it before zero cells) ...
    round_{{ r + 1 }}_picks as (
        select
            cell_id,
            row_number() over (
                partition by relation_id
                order by case when base_count > 0 then 0 else 1 end, base_count, cell_id
            ) as pick_order
        from round_{{ r }}
        where
            hidden_round is null and can_hide
            and relation_id in (select l.relation_id from round_{{ r + 1 }}_lone as l)
    ),

    round_{{ r + 1 }}_hidden as (
        select cell_id
        from round_{{ r + 1 }}_picks
        where pick_order = 1
    ),

    -- ... and hide that cell in every relation it belongs to
    round_{{ r + 1 }} as {{ materialized_cte() }} (
        select
            relation_id,
            is_self,
            cell_id,
            base_count,
            can_hide,
            coalesce(
                hidden_round,
                case
                    when cell_id in (select h.cell_id from round_{{ r + 1 }}_hidden as h) then {{ r + 1 }}
                end
            ) as hidden_round
        from round_{{ r }}
    ),
{% endfor %}
final_state as (
    select
        cell_id,
        hidden_round
    from round_{{ rounds }}
    where is_self
),

final as (
    select
        c.cell_id,
        c.indicator_id,
        c.geo_level,
        c.geo_code,
        c.period_type,
        c.period_start,
        c.sex,
        c.base_count,
        s.hidden_round,
        case
            when s.hidden_round = 0 then 'primary'
            when s.hidden_round > 0 then 'secondary'
        end as suppression
    from cells as c
    inner join final_state as s on c.cell_id = s.cell_id
)

select * from final
