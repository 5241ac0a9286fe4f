{#
    Follow-up readiness as the review page lists it: each question × indicator of
    rpt_followup_readiness with the indicator's display order, the source's Swedish name, the verdict
    in Swedish (reference__labels_sv, domain `readiness`) and the latest period with a value labelled
    as readiness counts it (the year for a yearly source, else the quarter).
#}
with readiness as (
    select * from {{ ref('rpt_followup_readiness') }}
),

questions as (
    select * from {{ ref('reference__followup_questions') }}
),

indicators as (
    select * from {{ ref('int_indicators') }}
),

schedule as (
    select * from {{ ref('reference__delivery_schedule') }}
),

readiness_labels as (
    select * from {{ ref('reference__labels_sv') }}
    where domain = 'readiness'
),

final as (
    select
        r.question_order,
        r.question_id,
        coalesce(r.question_sv, q.question_sv, r.question_id) as question_sv,
        q.still_missing_sv,
        r.indicator_id,
        r.indicator_name_sv,
        i.display_order,
        r.source,
        coalesce(s.source_name_sv, r.source) as source_name_sv,
        r.can_follow_up_today,
        rl.label as can_follow_up_label_sv,
        rl.label_long as can_follow_up_label_long_sv,
        r.periods_usable,
        r.periods_expected,
        r.latest_period_with_value,
        case
            when r.latest_period_with_value is null then null
            when s.frequency = 'year' then {{ format_date('r.latest_period_with_value', '%Y') }}
            else {{ period_code("'quarter'", 'r.latest_period_with_value') }}
        end as latest_period_code,
        r.gaps
    from readiness as r
    left join questions as q on r.question_id = q.question_id
    left join indicators as i on r.indicator_id = i.indicator_id
    left join schedule as s on r.source = s.source
    left join readiness_labels as rl on r.can_follow_up_today = rl.code
)

select * from final
