{#
    Quality scores of each delivery (source × organisation × delivery period of dq_delivery_coverage):
    completeness (delivered, required values present), timeliness (on time; NULL where the export has
    no delivery date), validity, uniqueness and consistency (share of delivered rows without a
    warn/error finding of that dimension, from dq_findings). A missing delivery scores 0 on
    completeness (and on timeliness where it is measurable) and has no validity, uniqueness or
    consistency score. dq_scorecard rolls these up and grades them.
#}
with coverage as (
    select * from {{ ref('dq_delivery_coverage') }}
    -- a delivery not yet due has nothing to score
    where status <> 'not_due'
),

findings as (
    select * from {{ ref('dq_findings') }}
),

schedule as (
    select * from {{ ref('reference__delivery_schedule') }}
),

row_findings as (
    select
        f.source,
        f.org_code,
        f.dimension,
        f.check_id,
        cast(case s.frequency
            when 'quarter' then date_trunc('quarter', f.period_start)
            when 'year' then date_trunc('year', f.period_start)
            else date_trunc('month', f.period_start)
        end as date) as period_start,
        f.file_name,
        f.line_number
    from findings as f
    inner join schedule as s on f.source = s.source
    where f.line_number is not null and f.severity <> 'info'
),

findings_per_delivery as (
    select
        source,
        org_code,
        period_start,
        count(distinct line_number || file_name) filter (where dimension = 'completeness') as rows_incomplete,
        count(distinct line_number || file_name) filter (where dimension = 'validity') as rows_invalid,
        count(distinct line_number || file_name) filter (where dimension = 'uniqueness') as rows_duplicated,
        count(distinct line_number || file_name) filter (where dimension = 'consistency') as rows_inconsistent
    from row_findings
    group by source, org_code, period_start
),

scored as (
    select
        c.source,
        c.org_code,
        c.period_start,
        c.status,
        c.rows_delivered,
        case
            when c.status = 'missing' then 0.0
            else 1.0 - cast(coalesce(f.rows_incomplete, 0) as {{ type_double() }}) / greatest(c.rows_delivered, 1)
        end as completeness_score,
        case
            when not c.has_delivery_date_column then null
            when c.status = 'missing' then 0.0
            when c.status = 'late' then greatest(0.0, 1.0 - cast(c.days_late as {{ type_double() }}) / 30.0)
            else 1.0
        end as timeliness_score,
        case
            when c.status <> 'missing'
                then 1.0 - cast(coalesce(f.rows_invalid, 0) as {{ type_double() }}) / greatest(c.rows_delivered, 1)
        end as validity_score,
        case
            when c.status <> 'missing'
                then 1.0 - cast(coalesce(f.rows_duplicated, 0) as {{ type_double() }}) / greatest(c.rows_delivered, 1)
        end as uniqueness_score,
        case
            when c.status <> 'missing'
                then 1.0 - cast(coalesce(f.rows_inconsistent, 0) as {{ type_double() }}) / greatest(c.rows_delivered, 1)
        end as consistency_score
    from coverage as c
    left join findings_per_delivery as f
        on c.source = f.source and c.org_code = f.org_code and c.period_start = f.period_start
),

final as (
    select
        source,
        org_code,
        period_start,
        status,
        rows_delivered,
        case when completeness_score is not null then greatest(completeness_score, 0.0) end as completeness_score,
        timeliness_score,
        case when validity_score is not null then greatest(validity_score, 0.0) end as validity_score,
        case when uniqueness_score is not null then greatest(uniqueness_score, 0.0) end as uniqueness_score,
        case when consistency_score is not null then greatest(consistency_score, 0.0) end as consistency_score
    from scored
)

select * from final
