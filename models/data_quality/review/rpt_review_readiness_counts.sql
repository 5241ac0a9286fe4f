{#
    How many indicators can be followed up today (yes, partly, no), per question of the pilot study
    and over all questions: the review page's question headers and its headline figure.
#}
with readiness as (
    select * from {{ ref('rpt_followup_readiness') }}
),

per_question as (
    select
        'question' as rollup_level,
        question_id,
        count(*) as indicators,
        count(*) filter (where can_follow_up_today = 'yes') as indicators_yes,
        count(*) filter (where can_follow_up_today = 'partly') as indicators_partly,
        count(*) filter (where can_follow_up_today = 'no') as indicators_no
    from readiness
    group by question_id
),

all_questions as (
    select
        'all' as rollup_level,
        'all' as question_id,
        count(*) as indicators,
        count(*) filter (where can_follow_up_today = 'yes') as indicators_yes,
        count(*) filter (where can_follow_up_today = 'partly') as indicators_partly,
        count(*) filter (where can_follow_up_today = 'no') as indicators_no
    from readiness
),

final as (
    select * from per_question
    union all
    select * from all_questions
)

select * from final
