-- The suppression pattern was computed for today's cells: every cell of int_disclosure_cells has a
-- pattern row with the same base count, numerator and denominator, and every cell the primary rule
-- hides is hidden. On PostgreSQL and Spark the pattern is written by `nara-vard protect` outside dbt:
-- this fails if it is missing cells or left from an earlier build (run `nara-vard protect` again).
with cells as (
    select * from {{ ref('int_disclosure_cells') }}
),

pattern as (
    select * from {{ disclosure_pattern_relation() }}
)

select
    c.cell_id,
    p.cell_id as pattern_cell_id,
    c.base_count,
    p.base_count as pattern_base_count,
    c.is_primary,
    p.suppression
from cells as c
full outer join pattern as p on c.cell_id = p.cell_id
where
    c.cell_id is null
    or p.cell_id is null
    or c.base_count <> p.base_count
    or coalesce(c.numerator, -1) <> coalesce(p.numerator, -1)
    or coalesce(c.denominator, -1) <> coalesce(p.denominator, -1)
    or (c.is_primary and c.sex <> 'U' and coalesce(p.suppression, '') <> 'primary')
