-- Each quarantined row of the reconciliation is in dq_quarantine, file by file.
with quarantine_counts as (
    select
        source,
        file_name,
        count(*) as quarantined
    from {{ ref('dq_quarantine') }}
    group by source, file_name
)

select
    r.source,
    r.file_name,
    r.rows_quarantined,
    q.quarantined
from {{ ref('dq_file_reconciliation') }} as r
full outer join quarantine_counts as q on r.source = q.source and r.file_name = q.file_name
where coalesce(r.rows_quarantined, -1) <> coalesce(q.quarantined, 0)
