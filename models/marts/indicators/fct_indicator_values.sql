{#
    The unified indicator mart: one row per indicator × geography × period with numerator,
    denominator and value; quality_flag and coverage_share come from
    data_quality.dq_indicator_usability, so the mart and the quality review always agree.
#}
with assessed as (
    select * from {{ ref('int_indicator_values_assessed') }}
),

usability as (
    select * from {{ ref('dq_indicator_usability') }}
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
        a.numerator,
        a.denominator,
        a.value,
        a.unit,
        u.quality_flag,
        u.coverage_share,
        '{{ run_started_at }}'::timestamp as computed_at
    from assessed as a
    inner join usability as u
        on
            a.indicator_id = u.indicator_id
            and a.geo_level = u.geo_level
            and a.geo_code = u.geo_code
            and a.period_type = u.period_type
            and a.period_start = u.period_start
)

select * from final
