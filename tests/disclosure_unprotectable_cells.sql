{{ config(severity='warn', store_failures=true) }}
-- Cells the suppression solver found no witness for: nothing around them may be hidden (only the
-- region's totals, zeros or cells without figures), so a reader with a solver can bound them. A
-- warning for the reviewer; `nara-vard publish` refuses to publish them (its disclosure audit
-- fails). None on the default landing.
with pattern as (
    select * from {{ disclosure_pattern_relation() }}
)

select
    cell_id,
    suppression,
    base_count
from pattern
where is_unprotectable
