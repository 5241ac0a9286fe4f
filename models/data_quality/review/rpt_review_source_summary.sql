{#
    The review page's per-source summary: expected, on-time, late, missing and corrected deliveries,
    senders, rows delivered and the latest delivered period (dq_delivery_coverage), findings by
    severity (dq_findings), and the source's Swedish name and frequency (delivery schedule; the
    frequency in words from reference__labels_sv, domain `frequency`). Sorted for the page:
    municipality-delivered sources first, then by Swedish name in Swedish alphabetical order.
#}
with coverage as (
    select * from {{ ref('dq_delivery_coverage') }}
),

findings as (
    select * from {{ ref('dq_findings') }}
),

schedule as (
    select * from {{ ref('reference__delivery_schedule') }}
),

frequency_labels as (
    select * from {{ ref('reference__labels_sv') }}
    where domain = 'frequency'
),

coverage_per_source as (
    select
        source,
        count(*) as expected,
        count(*) filter (where status = 'on_time') as on_time,
        count(*) filter (where status = 'late') as late,
        count(*) filter (where status = 'missing') as missing,
        count(*) filter (where version > 1) as corrected,
        count(distinct org_code) as organisations,
        sum(rows_delivered) as rows_delivered,
        max(period_start) filter (where status in ('on_time', 'late')) as latest_delivered_period
    from coverage
    group by source
),

findings_per_source as (
    select
        source,
        count(*) filter (where severity = 'error') as findings_error,
        count(*) filter (where severity = 'warn') as findings_warn,
        count(*) filter (where severity = 'info') as findings_info
    from findings
    group by source
),

joined as (
    select
        coalesce(c.source, f.source) as source,
        coalesce(s.source_name_sv, c.source, f.source) as source_name_sv,
        s.source_name_en,
        s.frequency,
        fl.label as frequency_label_sv,
        s.org_scope,
        c.expected,
        c.on_time,
        c.late,
        c.missing,
        c.corrected,
        c.organisations,
        c.rows_delivered,
        c.latest_delivered_period,
        {{ period_code('s.frequency', 'c.latest_delivered_period') }} as latest_delivered_period_code,
        coalesce(f.findings_error, 0) as findings_error,
        coalesce(f.findings_warn, 0) as findings_warn,
        coalesce(f.findings_info, 0) as findings_info
    from coverage_per_source as c
    full outer join findings_per_source as f on c.source = f.source
    left join schedule as s on coalesce(c.source, f.source) = s.source
    left join frequency_labels as fl on s.frequency = fl.code
),

final as (
    select
        *,
        row_number() over (
            order by
                coalesce(org_scope, '') <> 'municipality',
                -- Swedish alphabetical order: å, ä, ö after z
                translate(lower(source_name_sv), 'åäöéü', '{|}ey'),
                source
        ) as display_order
    from joined
)

select * from final
