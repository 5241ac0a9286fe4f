{#
    Row accounting per source for the review page: files, rows read, accepted, quarantined and
    superseded, and files that could not be used at all (from dq_file_reconciliation), with the
    source's Swedish name (delivery schedule) and the page's order (Swedish alphabetical order of it).
#}
with reconciliation as (
    select * from {{ ref('dq_file_reconciliation') }}
),

schedule as (
    select * from {{ ref('reference__delivery_schedule') }}
),

per_source as (
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
),

final as (
    select
        p.source,
        coalesce(s.source_name_sv, p.source) as source_name_sv,
        p.files,
        p.rows_read,
        p.rows_accepted,
        p.rows_quarantined,
        p.rows_superseded,
        p.unusable_files,
        row_number() over (
            -- Swedish alphabetical order: å, ä, ö after z
            order by translate(lower(coalesce(s.source_name_sv, p.source)), 'åäöéü', '{|}ey'), p.source
        ) as display_order
    from per_source as p
    left join schedule as s on p.source = s.source
)

select * from final
