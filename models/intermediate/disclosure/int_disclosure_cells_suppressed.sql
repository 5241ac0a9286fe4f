{#
    Disclosure control: which cells of person-based indicators are hidden, and why.
    Round 0 hides the primary cells (1 .. min_cell_count-1 behind them). Each following round looks
    at every additive relation (a parent cell and its children): where exactly one member is
    hidden, the rest would give it back by subtraction, so the relation's smallest published member
    that may be hidden (not a region cell; cells with people behind them before zero cells) is hidden
    too. The rounds are unrolled (var disclosure_max_rounds) in plain SQL, one disclosure_round()
    per round (dispatched: on Spark and PostgreSQL each round reads the round before exactly once,
    with window functions, so an engine that inlines CTEs gets a plan linear in the rounds, not
    3^rounds; on DuckDB each round is materialized and read three times with hash groupings, which
    is faster there). The test disclosure_no_lone_hidden_cell fails if the last round still left a
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
    {{ disclosure_round(r) }},
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
