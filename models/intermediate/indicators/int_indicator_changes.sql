{#
    Is the change against the same period a year earlier larger than noise? Per cell with an
    interval method: shares by a two-proportion z-test (pooled), means by Welch's t-test (the
    critical t for the Welch–Satterthwaite degrees of freedom from the Cornish–Fisher expansion
    around z), both two-sided at 5 %. NULL where either value is missing or the indicator has no
    interval (counts, sums and census values are not samples). Unsuppressed: the mart hides it with
    the cells.
#}
with assessed as (
    select * from {{ ref('int_indicator_values_assessed') }}
),

paired as (
    select
        v.indicator_id,
        v.geo_level,
        v.geo_code,
        v.period_type,
        v.period_start,
        v.sex,
        v.interval_method,
        v.numerator as x1,
        v.denominator as n1,
        v.numerator_squares as q1,
        prev.numerator as x2,
        prev.denominator as n2,
        prev.numerator_squares as q2
    from assessed as v
    inner join assessed as prev
        on
            v.indicator_id = prev.indicator_id
            and v.geo_level = prev.geo_level
            and v.geo_code = prev.geo_code
            and v.period_type = prev.period_type
            and v.sex = prev.sex
            and prev.period_start = cast({{ dbt.dateadd('year', -1, 'v.period_start') }} as date)
    where v.value is not null and prev.value is not null and v.interval_method in ('wilson', 'mean')
),

statistics as (
    select
        *,
        (x1 + x2) / (n1 + n2) as pooled_share,
        {{ sample_variance('n1', 'x1', 'q1') }} / n1 as mean_variance_1,
        {{ sample_variance('n2', 'x2', 'q2') }} / n2 as mean_variance_2
    from paired
),

tested as (
    select
        *,
        case interval_method
            when 'wilson'
                then (x1 / n1 - x2 / n2) / nullif(sqrt(pooled_share * (1 - pooled_share) * (1 / n1 + 1 / n2)), 0)
            when 'mean'
                then (x1 / n1 - x2 / n2) / nullif(sqrt(mean_variance_1 + mean_variance_2), 0)
        end as test_statistic,
        case
            when interval_method = 'mean' and n1 >= 2 and n2 >= 2
                then
                    power(mean_variance_1 + mean_variance_2, 2)
                    / nullif(power(mean_variance_1, 2) / (n1 - 1) + power(mean_variance_2, 2) / (n2 - 1), 0)
        end as welch_df
    from statistics
),

with_critical as (
    select
        *,
        case
            when interval_method = 'mean' and welch_df is not null then {{ t_critical_95('welch_df') }}
            else {{ z_95() }}
        end as critical_value
    from tested
),

final as (
    select
        indicator_id,
        geo_level,
        geo_code,
        period_type,
        period_start,
        sex,
        test_statistic,
        welch_df,
        critical_value,
        case
            -- no spread at all (every share 0 or 1, every stay equally long): any difference is real
            when test_statistic is null then x1 / n1 <> x2 / n2
            else abs(test_statistic) > critical_value
        end as change_is_significant
    from with_critical
)

select * from final
