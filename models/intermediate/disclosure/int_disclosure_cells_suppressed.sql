{#
    Disclosure control: which cells of person-based indicators are hidden (primary: 1 .. min_cell_count − 1
    behind it; secondary: hidden so that no reader, combining every published table with a solver, can
    bound a hidden cell below the threshold or pin it to one value). The pattern comes from
    nara_vard.disclosure.protect: in the build on DuckDB (int_disclosure_pattern_solved, a Python
    model), written by `nara-vard protect` on PostgreSQL and Spark (int_disclosure_pattern_loaded).
#}
with cells as (
    select * from {{ ref('int_disclosure_cells') }}
),

pattern as (
    select * from {{ disclosure_pattern_relation() }}
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
        p.suppression,
        p.protection_lp
    from cells as c
    inner join pattern as p on c.cell_id = p.cell_id
    -- the unknown-sex cells are never published (the pattern protects them all the same)
    where c.sex <> 'U'
)

select * from final
