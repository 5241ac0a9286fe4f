{#
    The unified indicator mart as it is published: one row per indicator × geography × period × sex
    (T totalt, K kvinnor, M män) with numerator, denominator, value and its 95 % interval, after
    disclosure control. A hidden cell keeps its row, its quality flag and its reason for being hidden
    (`suppression`), but not its figures; the unsuppressed figures stay in the build database
    (int_indicator_values_assessed), which data_quality reads too, so the mart and the quality review
    always agree.
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
        a.sex,
        a.period_end,
        a.period_label_sv,
        case when s.suppression is null then a.numerator end as numerator,
        case when s.suppression is null then a.denominator end as denominator,
        case when s.suppression is null then a.value end as value,
        case when s.suppression is null then a.ci_lower end as ci_lower,
        case when s.suppression is null then a.ci_upper end as ci_upper,
        a.unit,
        case when s.suppression is null then a.base_count end as base_count,
        s.suppression,
        a.quality_flag,
        -- the share of rows whose sex is known gives back the unknown (and, with K and M, the total):
        -- it is shown only where neither the total nor the unknown is hidden, and so is the coverage
        -- of K and M it enters
        case
            when a.sex = 'T' or (t.suppression is null and u.suppression is null) then a.coverage_share
        end as coverage_share,
        case when t.suppression is null and u.suppression is null then a.sex_known_share end as sex_known_share,
        cast('{{ run_started_at }}' as timestamp) as computed_at
    from assessed as a
    left join suppressed as s
        on {{ same_cell('a', 's') }}
    left join suppressed as t
        on
            a.indicator_id = t.indicator_id
            and a.geo_level = t.geo_level
            and a.geo_code = t.geo_code
            and a.period_type = t.period_type
            and a.period_start = t.period_start
            and t.sex = 'T'
    left join suppressed as u
        on
            a.indicator_id = u.indicator_id
            and a.geo_level = u.geo_level
            and a.geo_code = u.geo_code
            and a.period_type = u.period_type
            and a.period_start = u.period_start
            and u.sex = 'U'
)

select * from final
