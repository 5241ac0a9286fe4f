{#
    The export file kvalitetsbetyg.csv (`nara-vard export`): dq_scorecard as a reader of the file sees it,
    the roll-up level and the delivery status in Swedish words (reference__labels_sv). Python heads the
    columns (domain `export_column`; a dimension's score by the dimension's word), rounds the scores and
    leaves out the order column.
#}
with scorecard as (
    select * from {{ ref('dq_scorecard') }}
),

labels as (
    select * from {{ ref('reference__labels_sv') }}
),

final as (
    select
        coalesce(lr.label, s.rollup_level) as rollup_level_sv,
        s.source,
        s.org_code,
        s.period_start,
        coalesce(ld.label, s.status) as status_sv,
        s.rows_delivered,
        s.completeness_score,
        s.timeliness_score,
        s.validity_score,
        s.uniqueness_score,
        s.consistency_score,
        s.overall_score,
        s.grade,
        -- the code and order the file is sorted by
        s.rollup_level,
        lr.sort_order as rollup_level_sort_order
    from scorecard as s
    {{ label_joins([
        ('lr', 'rollup_level', 's.rollup_level'),
        ('ld', 'delivery_status', 's.status'),
    ]) }}
)

select * from final
