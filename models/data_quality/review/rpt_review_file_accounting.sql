{#
    Row accounting per source for the review page: files, rows read, accepted, quarantined and
    superseded, and files that could not be used at all (from dq_file_reconciliation).
#}
with reconciliation as (
    select * from {{ ref('dq_file_reconciliation') }}
),

final as (
    select
        source,
        count(*) as files,
        sum(rows_read) as rows_read,
        sum(rows_accepted) as rows_accepted,
        sum(rows_quarantined) as rows_quarantined,
        sum(rows_superseded) as rows_superseded,
        count(*) filter (where file_status <> 'readable') as unusable_files
    from reconciliation
    group by source
)

select * from final
