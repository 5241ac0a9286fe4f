{#
    Follow-up readiness as the review page lists it: each question × indicator of
    rpt_followup_readiness with the question in English, the indicator's display order, and the
    latest period with a value labelled as readiness counts it (the year for a yearly source, else
    the quarter).
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

final as (
    select
        r.question_order,
        r.question_id,
        coalesce(r.question_sv, q.question_sv, r.question_id) as question_sv,
        q.question_en,
        r.indicator_id,
        r.indicator_name_sv,
        i.display_order,
        r.source,
        r.can_follow_up_today,
        r.periods_usable,
        r.periods_expected,
        r.latest_period_with_value,
        case
            when r.latest_period_with_value is null then null
            when s.frequency = 'year' then {{ format_date('r.latest_period_with_value', '%Y') }}
            else {{ quarter_label_sv('r.latest_period_with_value') }}
        end as latest_period_label_sv,
        r.gaps
    from readiness as r
    left join questions as q on r.question_id = q.question_id
    left join indicators as i on r.indicator_id = i.indicator_id
    left join schedule as s on r.source = s.source
)

select * from final
