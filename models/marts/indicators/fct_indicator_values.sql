{#
    The unified indicator mart as it is published: one row per indicator × geography × period with
    numerator, denominator and value, after disclosure control. A hidden cell keeps its row, its
    quality flag and its reason for being hidden (`suppression`), but not its figures; the
    unsuppressed figures stay in the build database (int_indicator_values_assessed).
    quality_flag and coverage_share come from int_indicator_values_assessed, as do those of
    data_quality.dq_indicator_usability, so the mart and the quality review always agree.
#}
with assessed as (
    select * from {{ ref('int_indicator_values_assessed') }}
),

suppressed as (
    select * from {{ ref('int_disclosure_cells_suppressed') }}
),

final as (
    select
        a.indicator_id,
        a.geo_level,
        a.geo_code,
        a.period_type,
        a.period_start,
        a.period_end,
        a.period_label_sv,
        case when s.suppression is null then a.numerator end as numerator,
        case when s.suppression is null then a.denominator end as denominator,
        case when s.suppression is null then a.value end as value,
        a.unit,
        case when s.suppression is null then a.base_count end as base_count,
        s.suppression,
        a.quality_flag,
        a.coverage_share,
        cast('{{ run_started_at }}' as timestamp) as computed_at
    from assessed as a
    left join suppressed as s
        on {{ same_cell('a', 's') }}
)

select * from final
