{#
    The export file leveranser.csv (`nara-vard export`): dq_delivery_coverage as a reader of the file sees it,
    the delivering organisation named and the status in Swedish words (reference__labels_sv). Python only
    heads its columns with their words in reference__labels_sv (domain `export_column`) and writes it.
#}
with coverage as (
    select * from {{ ref('dq_delivery_coverage') }}
),

geography as (
    select * from {{ ref('int_geographies') }}
    where geo_level in ('region', 'kommun')
),

labels as (
    select * from {{ ref('reference__labels_sv') }}
),

final as (
    select
        c.source,
        c.org_code,
        g.geo_name_sv as org_name_sv,
        c.period_start,
        coalesce(ls.label, c.status) as status_sv,
        c.delivered_at,
        c.deadline_date,
        c.days_late,
        c.file_name,
        c.version,
        c.rows_delivered,
        c.file_count,
        c.last_delivered_at,
        ly.label as has_delivery_date_sv
    from coverage as c
    left join geography as g on c.org_code = g.geo_code
    left join labels as ls on ls.domain = 'delivery_status' and c.status = ls.code
    left join labels as ly
        on
            ly.domain = 'yes_no'
            and ly.code = case
                when c.has_delivery_date_column then 'true'
                when not c.has_delivery_date_column then 'false'
            end
)

select * from final
