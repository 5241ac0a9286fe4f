{#
    Can this period's value be used? Per indicator × geography × period: usable, incomplete or
    missing, with the reason in words ("9 of 49 municipalities did not deliver kommun_hsl for
    2023-03"). The mart's quality_flag and coverage_share come from here.
#}
with assessed as (
    select * from {{ ref('int_indicator_values_assessed') }}
    -- the review is of the totals; K and M add only the share of rows whose sex is known
    where sex = 'T'
),

final as (
    select
        indicator_id,
        geo_level,
        geo_code,
        period_type,
        period_start,
        period_label_sv,
        source,
        usability,
        quality_flag,
        coverage_share,
        reason,
        reason_sv
    from assessed
)

select * from final
