{#
    Version 1 of the mart, kept for a deprecation period under its old relation name: the totals
    (sex T) of version 2 in the old columns, so BI reports built on it keep working unchanged.
#}
with indicator_values as (
    select * from {{ ref('fct_indicator_values', v=2) }}
),

final as (
    select
        indicator_id,
        geo_level,
        geo_code,
        period_type,
        period_start,
        period_end,
        period_label_sv,
        numerator,
        denominator,
        value,
        unit,
        base_count,
        suppression,
        quality_flag,
        coverage_share,
        computed_at
    from indicator_values
    where sex = 'T'
)

select * from final
