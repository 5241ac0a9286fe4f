{#
    The unified indicator mart as it is published: one row per indicator × geography × period × sex
    (T totalt, K kvinnor, M män) with numerator, denominator, value and its 95 % interval, after
    disclosure control. A hidden cell keeps its row and its quality flag, and `suppression` is `..`,
    the one symbol for every hidden cell: which rule hid it (primary or secondary) and the base
    counts stay in the build database (int_disclosure_cells_suppressed, int_indicator_values_assessed),
    which data_quality reads too, so the mart and the quality review always agree.
#}
with assessed as (
    select * from {{ ref('int_indicator_values_assessed') }}
),

suppressed as (
    select * from {{ ref('int_disclosure_cells_suppressed') }}
),

-- per cell (all sexes), whether any of T, K and M is hidden: then the share of rows of known sex,
-- which ties T to K + M, and the coverage of K and M it enters, would narrow a hidden cell
sex_parts_hidden as (
    select
        indicator_id,
        geo_level,
        geo_code,
        period_type,
        period_start
    from suppressed
    where suppression is not null
    group by indicator_id, geo_level, geo_code, period_type, period_start
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
        -- withdrawn from the published tables (disclosure control): the persons behind a cell are
        -- its numerator or denominator wherever publishing them is safe; kept as a column so that
        -- queries naming it keep working
        cast(null as bigint) as base_count,
        case when s.suppression is not null then '..' end as suppression,
        a.quality_flag,
        case when a.sex = 'T' or h.indicator_id is null then a.coverage_share end as coverage_share,
        case when h.indicator_id is null then a.sex_known_share end as sex_known_share,
        -- why there is no value: hidden (disclosure control), not measured this period, no
        -- denominator, not due yet or not delivered; NULL where there is a value
        case when s.suppression is not null then 'hidden' else a.missing_reason end as missing_reason,
        cast('{{ run_started_at }}' as timestamp) as computed_at
    from assessed as a
    left join suppressed as s
        on {{ same_cell('a', 's') }}
    left join sex_parts_hidden as h
        on {{ same_cell('a', 'h', with_sex=false) }}
)

select * from final
