{#
    Every landing file accounted for, including files with no rows (empty, header only, unreadable):
    rows read (data lines after the header; blank lines are counted apart) = rows accepted + rows
    quarantined (in dq_quarantine with a reason) + rows superseded (replaced by a later delivery).
    A test asserts the identity for every file, another that every landing file is listed.
#}
with landing_files as (
    select * from {{ ref('int_landing_files') }}
),

accounted as (
    {% for landing in landing_sources() %}
        {{ file_reconciliation_rows(landing.staging, landing.base, landing.has_superseded) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

final as (
    select
        f.source,
        f.file_name,
        coalesce(a.rows_read, 0) as rows_read,
        coalesce(a.rows_accepted, 0) as rows_accepted,
        coalesce(a.rows_quarantined, 0) as rows_quarantined,
        coalesce(a.rows_superseded, 0) as rows_superseded,
        f.file_status,
        f.status_message,
        f.data_lines,
        f.blank_lines,
        f.file_bytes,
        f.file_encoding,
        f.field_separator
    from landing_files as f
    left join accounted as a on f.source = a.source and f.file_name = a.file_name
)

select * from final
