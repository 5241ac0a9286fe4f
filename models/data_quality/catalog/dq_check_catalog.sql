{#
    Every data-quality check: what it tests, its dimension (Kahn and the usual name), severity, the
    indicators it protects, whether it is implemented, and how often it fired in this build.
#}
with checks as (
    select * from {{ ref('reference__dq_checks') }}
),

findings as (
    select * from {{ ref('dq_findings') }}
),

fired as (
    select
        check_id,
        count(*) as findings,
        count(distinct file_name) as files_affected,
        min(period_start) as first_period,
        max(period_start) as last_period
    from findings
    group by check_id
),

final as (
    select
        c.check_id,
        c.source,
        c.rule,
        nullif(c.column_name, '') as column_name,
        c.kahn_dimension,
        c.dimension,
        c.severity,
        c.description,
        c.protects_indicators,
        c.implemented_in,
        c.is_implemented,
        coalesce(f.findings, 0) as findings,
        coalesce(f.files_affected, 0) as files_affected,
        f.first_period,
        f.last_period
    from checks as c
    left join fired as f on c.check_id = f.check_id
)

select * from final
