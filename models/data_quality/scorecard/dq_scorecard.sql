{#
    The scorecard: each delivery's scores (dq_delivery_scores), rolled up per source × organisation
    and per source (means), with an overall score (mean of the available scores) and a grade A-E
    from it. A missing delivery is graded E.
#}
with delivery_scores as (
    select * from {{ ref('dq_delivery_scores') }}
),

per_delivery as (
    select
        'delivery' as rollup_level,
        source,
        org_code,
        period_start,
        status,
        rows_delivered,
        completeness_score,
        timeliness_score,
        validity_score,
        uniqueness_score,
        consistency_score
    from delivery_scores
),

per_source_organisation as (
    select
        'source_organisation' as rollup_level,
        source,
        org_code,
        cast(null as date) as period_start,
        null as status,
        cast(sum(rows_delivered) as bigint) as rows_delivered,
        avg(completeness_score) as completeness_score,
        avg(timeliness_score) as timeliness_score,
        avg(validity_score) as validity_score,
        avg(uniqueness_score) as uniqueness_score,
        avg(consistency_score) as consistency_score
    from per_delivery
    group by source, org_code
),

per_source as (
    select
        'source' as rollup_level,
        source,
        'all' as org_code,
        cast(null as date) as period_start,
        null as status,
        cast(sum(rows_delivered) as bigint) as rows_delivered,
        avg(completeness_score) as completeness_score,
        avg(timeliness_score) as timeliness_score,
        avg(validity_score) as validity_score,
        avg(uniqueness_score) as uniqueness_score,
        avg(consistency_score) as consistency_score
    from per_delivery
    group by source
),

all_levels as (
    select * from per_delivery
    union all
    select * from per_source_organisation
    union all
    select * from per_source
),

final as (
    select
        *,
        (
            coalesce(completeness_score, 0) + coalesce(timeliness_score, 0) + coalesce(validity_score, 0)
            + coalesce(uniqueness_score, 0) + coalesce(consistency_score, 0)
        ) / (
            cast((completeness_score is not null) as integer) + cast((timeliness_score is not null) as integer)
            + cast((validity_score is not null) as integer) + cast((uniqueness_score is not null) as integer)
            + cast((consistency_score is not null) as integer)
        ) as overall_score
    from all_levels
)

select
    *,
    case
        when status = 'missing' then 'E'
        when overall_score >= 0.98 then 'A'
        when overall_score >= 0.95 then 'B'
        when overall_score >= 0.90 then 'C'
        when overall_score >= 0.75 then 'D'
        else 'E'
    end as grade
from final
