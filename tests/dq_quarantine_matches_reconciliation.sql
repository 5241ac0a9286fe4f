-- Each quarantined row of the reconciliation is in dq_quarantine, file by file.
with quarantine_counts as (
    select
        file_name,
        count(*) as quarantined
    from {{ ref('dq_quarantine') }}
    group by file_name
)

select
    r.file_name,
    r.rows_quarantined,
    q.quarantined
from {{ ref('dq_file_reconciliation') }} as r
left join quarantine_counts as q on r.file_name = q.file_name
where r.rows_quarantined <> coalesce(q.quarantined, 0)
