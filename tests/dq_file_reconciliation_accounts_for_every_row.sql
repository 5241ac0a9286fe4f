-- Every landing file: rows read = accepted + quarantined + superseded, and rows read equals the
-- data lines counted straight from the file's bytes (int_landing_files), so no line is lost
-- between the file and the base model.
select
    source,
    file_name,
    data_lines,
    rows_read,
    rows_accepted,
    rows_quarantined,
    rows_superseded
from {{ ref('dq_file_reconciliation') }}
where
    rows_read <> rows_accepted + rows_quarantined + rows_superseded
    or rows_read <> data_lines
