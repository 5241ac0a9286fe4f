{#
    The export file anvandbarhet.csv (`nara-vard export`): dq_indicator_usability as a reader of the file
    sees it, the indicator's, geography's and period's names and the codes in Swedish words
    (reference__labels_sv). Python heads the columns (domain `export_column`), rounds the share and
    leaves out the code and order columns.
#}
with usability as (
    select * from {{ ref('dq_indicator_usability') }}
),

indicators as (
    select * from {{ ref('int_indicators') }}
),

geographies as (
    select * from {{ ref('int_geographies') }}
),

periods as (
    select * from {{ ref('int_periods') }}
),

labels as (
    select * from {{ ref('reference__labels_sv') }}
),

final as (
    select
        u.indicator_id,
        i.indicator_name_sv,
        coalesce(lg.label, u.geo_level) as geo_level_sv,
        u.geo_code,
        g.geo_name_sv,
        coalesce(lp.label, u.period_type) as period_type_sv,
        p.period_code,
        u.period_start,
        u.source,
        coalesce(la.label, u.usability) as usability_sv,
        coalesce(lq.label, u.quality_flag) as quality_flag_sv,
        u.coverage_share,
        u.reason_sv,
        -- the codes and orders the file is sorted by
        u.geo_level,
        u.period_type,
        i.display_order,
        lg.sort_order as geo_level_sort_order,
        lp.sort_order as period_type_sort_order
    from usability as u
    inner join indicators as i on u.indicator_id = i.indicator_id
    left join geographies as g on u.geo_level = g.geo_level and u.geo_code = g.geo_code
    left join periods as p on u.period_type = p.period_type and u.period_start = p.period_start
    {{ label_joins([
        ('lg', 'geo_level', 'u.geo_level'),
        ('lp', 'period_type', 'u.period_type'),
        ('la', 'usability', 'u.usability'),
        ('lq', 'quality_flag', 'u.quality_flag'),
    ]) }}
)

select * from final
