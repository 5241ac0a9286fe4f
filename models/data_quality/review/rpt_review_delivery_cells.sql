{#
    The review page's heat map: every municipality × month of each municipality-delivered source
    (org_scope `municipality` in the delivery schedule, i.e. kommun_hsl), over the months its
    coverage spans, with the delivery's status, or `none` where the calendar expects nothing. A
    code delivered but not in the municipality seed gets a row too, so the counts add up. `row_order`
    sorts the rows as the page shows them; the status's Swedish words come from reference__labels_sv
    (domain `delivery_status`).
#}
with coverage as (
    select * from {{ ref('dq_delivery_coverage') }}
),

schedule as (
    select * from {{ ref('reference__delivery_schedule') }}
),

municipalities as (
    select * from {{ ref('reference__municipalities') }}
),

status_labels as (
    select * from {{ ref('reference__labels_sv') }}
    where domain = 'delivery_status'
),

municipal_coverage as (
    select c.*
    from coverage as c
    inner join schedule as s on c.source = s.source
    where s.org_scope = 'municipality'
),

months as (
    select
        b.source,
        {{ month_series_start('b.first_period', 'm') }} as period_start
    from (
        select
            source,
            min(period_start) as first_period,
            max(period_start) as last_period
        from municipal_coverage
        group by source
    ) as b
    {{ month_series('b.first_period', 'b.last_period', 'm') }}
),

delivered_organisations as (
    select distinct
        source,
        org_code
    from municipal_coverage
),

municipal_sources as (
    select distinct source
    from municipal_coverage
),

organisations as (
    select
        c.source,
        c.org_code,
        coalesce(m.municipality_name, 'Okänd kod ' || c.org_code) as municipality_name,
        coalesce(m.kommunalforbund_name, 'Okänt kommunalförbund') as kommunalforbund_name
    from delivered_organisations as c
    left join municipalities as m on c.org_code = m.municipality_code
    union
    select
        s.source,
        m.municipality_code as org_code,
        m.municipality_name,
        coalesce(m.kommunalforbund_name, 'Okänt kommunalförbund') as kommunalforbund_name
    from municipalities as m
    cross join municipal_sources as s
),

final as (
    select
        o.source,
        o.org_code,
        o.municipality_name,
        o.kommunalforbund_name,
        mo.period_start,
        {{ swedish_month_abbreviation_of('mo.period_start') }} as month_abbreviation_sv,
        {{ month_label_long_sv('mo.period_start') }} as period_label_long_sv,
        coalesce(c.status, 'none') as status,
        sl.label as status_label_sv,
        sl.label_long as status_label_long_sv,
        c.deadline_date,
        c.delivered_at,
        c.days_late,
        c.file_name,
        c.version,
        c.rows_delivered,
        c.last_delivered_at,
        coalesce(c.status in ('on_time', 'late') and c.version > 1, false) as is_corrected,
        -- rows grouped by kommunalförbund, both in Swedish alphabetical order (å, ä, ö after z)
        dense_rank() over (
            partition by o.source
            order by
                translate(lower(o.kommunalforbund_name), 'åäöéü', '{|}ey'),
                translate(lower(o.municipality_name), 'åäöéü', '{|}ey'),
                o.org_code
        ) as row_order
    from organisations as o
    inner join months as mo on o.source = mo.source
    left join municipal_coverage as c
        on o.source = c.source and o.org_code = c.org_code and mo.period_start = c.period_start
    left join status_labels as sl on coalesce(c.status, 'none') = sl.code
)

select * from final
