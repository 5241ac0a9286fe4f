{#
    The review page's headline figures, one row: findings and the checks that fired (dq_findings),
    the size of the check catalogue, missing deliveries outside the heat map, and the follow-up
    months the heat map spans (labelled in Swedish).
#}
with findings as (
    select * from {{ ref('dq_findings') }}
),

catalog as (
    select * from {{ ref('dq_check_catalog') }}
),

sources as (
    select * from {{ ref('rpt_review_source_summary') }}
),

cells as (
    select * from {{ ref('rpt_review_delivery_cells') }}
),

finding_counts as (
    select
        count(*) as findings,
        count(distinct check_id) as checks_fired,
        count(distinct check_id) filter (where not coalesce(is_catalogued, true)) as checks_uncatalogued
    from findings
),

catalog_counts as (
    select
        count(*) as checks_catalogued,
        count(*) filter (where is_implemented) as checks_implemented,
        count(*) filter (where is_implemented and findings > 0) as checks_implemented_fired
    from catalog
),

other_sources as (
    select coalesce(sum(missing), 0) as missing_deliveries_other_sources
    from sources
    where coalesce(org_scope, '') <> 'municipality'
),

heat_map_months as (
    select
        min(period_start) as first_month,
        max(period_start) as last_month
    from cells
),

final as (
    select
        'review_page' as summary_id,
        f.findings,
        f.checks_fired,
        f.checks_uncatalogued,
        c.checks_catalogued,
        c.checks_implemented,
        c.checks_implemented_fired,
        o.missing_deliveries_other_sources,
        m.first_month,
        m.last_month,
        {{ month_label_long_sv('m.first_month') }} as first_month_label_sv,
        {{ month_label_long_sv('m.last_month') }} as last_month_label_sv
    from finding_counts as f
    cross join catalog_counts as c
    cross join other_sources as o
    cross join heat_map_months as m
)

select * from final
