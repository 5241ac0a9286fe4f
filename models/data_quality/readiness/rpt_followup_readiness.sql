{#
    What the pilot study could not answer: for each of its four questions, which indicators serve it
    and whether each can be followed up today, judged from the data. An indicator can be followed up
    when it has a usable region value in every whole quarter of the follow-up period; partly when some
    quarters are usable or only incomplete; not when no quarter has a value.
#}
with questions as (
    select * from {{ ref('reference__followup_questions') }}
),

indicators as (
    select * from {{ ref('int_indicators') }}
),

usability as (
    select * from {{ ref('dq_indicator_usability') }}
    where geo_level = 'region'
),

periods as (
    select * from {{ ref('int_periods') }}
),

municipal_coverage as (
    select
        indicator_id,
        count(distinct geo_code) filter (where usability <> 'missing') as municipalities_with_value,
        count(distinct geo_code) as municipalities
    from {{ ref('dq_indicator_usability') }}
    where geo_level = 'kommun' and period_type = 'quarter'
    group by indicator_id
),

-- quarters for quarter-based indicators
judged_periods as (
    select
        u.indicator_id,
        u.period_label_sv,
        p.period_code,
        u.period_start,
        u.usability,
        u.coverage_share,
        u.reason_sv
    from usability as u
    inner join periods as p on u.period_type = p.period_type and u.period_start = p.period_start
    inner join indicators as i on u.indicator_id = i.indicator_id
    where
        p.is_within_follow_up
        and u.usability <> 'not_scheduled'
        -- the yearly survey, and indicators defined for whole years only, are judged on their years
        and u.period_type = case
            when i.indicator_id = 'npe_delaktighet' or i.period_types not like '%quarter%' then 'year'
            else 'quarter'
        end
),

summarised as (
    select
        indicator_id,
        count(*) as periods_expected,
        count(*) filter (where usability = 'usable') as periods_usable,
        count(*) filter (where usability = 'incomplete') as periods_incomplete,
        count(*) filter (where usability = 'missing') as periods_missing,
        avg(coverage_share) as mean_coverage_share,
        max(period_start) filter (where usability <> 'missing') as latest_period_with_value,
        {{ listagg_sorted(
            "period_code || ': ' || reason_sv", "'; '", 'period_start', "usability <> 'usable'"
        ) }} as gaps
    from judged_periods
    group by indicator_id
),

final as (
    select
        q.question_order,
        q.question_id,
        q.question_sv,
        i.indicator_id,
        i.indicator_name_sv,
        i.source,
        s.periods_expected,
        s.periods_usable,
        s.periods_incomplete,
        s.periods_missing,
        {{ round_double('s.mean_coverage_share', 3) }} as mean_coverage_share,
        s.latest_period_with_value,
        m.municipalities_with_value,
        case
            when s.periods_usable = s.periods_expected then 'yes'
            when s.periods_usable + s.periods_incomplete > 0 then 'partly'
            else 'no'
        end as can_follow_up_today,
        s.gaps
    from questions as q
    inner join indicators as i on q.question_id = i.followup_question
    left join summarised as s on i.indicator_id = s.indicator_id
    left join municipal_coverage as m on i.indicator_id = m.indicator_id
)

select * from final
