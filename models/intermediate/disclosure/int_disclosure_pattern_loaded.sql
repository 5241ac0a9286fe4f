{#
    The suppression pattern on PostgreSQL and Spark, which cannot run Python models: `nara-vard
    protect --target <engine>` runs nara_vard.disclosure.protect on this engine's int_disclosure_cells
    and int_disclosure_relation_members and writes its answer to the source read here (`nara-vard
    build --target <engine>` does it between two dbt invocations). The same function as
    int_disclosure_pattern_solved on DuckDB, so the same cells are hidden on every engine. The solver
    writes the figures it protected beside its answer: the test disclosure_pattern_matches_cells
    fails if they are not today's (a pattern left from an earlier build).
#}
with solver_output as (
    select * from {{ source('disclosure_solver', 'disclosure_pattern') }}
),

final as (
    select
        cell_id,
        suppression,
        protection_lp,
        is_unprotectable,
        base_count,
        numerator,
        denominator
    from solver_output
)

select * from final
