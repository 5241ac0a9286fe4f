-- Every landing file: rows read = accepted + quarantined + superseded, and every base row is
-- counted (the reconciliation's rows_read equals the base rows of the file).
select
    file_name,
    rows_read,
    rows_accepted,
    rows_quarantined,
    rows_superseded
from {{ ref('dq_file_reconciliation') }}
where rows_read <> rows_accepted + rows_quarantined + rows_superseded
