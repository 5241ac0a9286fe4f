{#
    The export file uppfoljningsbarhet.csv (`nara-vard export`): rpt_followup_readiness as a reader of the file
    sees it, the verdict in Swedish words (reference__labels_sv, domain `readiness`). Python only heads its
    columns with their words (domain `export_column`), rounds the share and writes it.
#}
with readiness as (
    select * from {{ ref('rpt_followup_readiness') }}
),

labels as (
    select * from {{ ref('reference__labels_sv') }}
    where domain = 'readiness'
),

final as (
    select
        r.question_order,
        r.question_id,
        r.question_sv,
        r.indicator_id,
        r.indicator_name_sv,
        r.source,
        r.periods_expected,
        r.periods_usable,
        r.periods_incomplete,
        r.periods_missing,
        r.mean_coverage_share,
        r.latest_period_with_value,
        r.municipalities_with_value,
        coalesce(l.label, r.can_follow_up_today) as can_follow_up_today_sv,
        r.gaps
    from readiness as r
    left join labels as l on r.can_follow_up_today = l.code
)

select * from final
