{#
    Every cell of the grid with its sums and how completely its sources were delivered: numerator, denominator,
    Σ numerator² (means), its fact rows, the share of rows whose sex is known, the coverage share and the
    blocking reason code when the cell cannot have a value.
#}
with grid as (
    select * from {{ ref('int_indicator_grid') }}
),

aggregates as (
    select * from {{ ref('int_indicator_period_aggregates') }}
),

-- each CTE read once: PostgreSQL materialises one read twice and joined it in 60 s instead of 1 s
sex_totals as (
    select * from {{ ref('int_indicator_period_aggregates') }}
    where sex = 'T'
),

indicators as (
    select * from {{ ref('int_indicators') }}
),

coverage as (
    select * from {{ ref('int_indicator_period_coverage') }}
),

geographies as (
    select * from {{ ref('int_geographies') }}
),

landing_files as (
    select * from {{ ref('int_landing_files_parsed') }}
),

-- what each municipality delivered for each month (the municipal sources), usable or not
municipal_deliveries as (
    select
        source,
        org_code,
        period_start,
        {{ listagg_sorted('file_name', "', '", 'file_name') }} as file_names
    from landing_files
    where source in {{ municipal_sources() }} and org_code is not null and period_start is not null
    group by source, org_code, period_start
),

municipalities_per_geography as (
    select
        geo_level,
        geo_code,
        count(*) as municipalities
    from (
        select
            'region' as geo_level,
            {{ region_code() }} as geo_code
        from geographies
        where geo_level = 'kommun'
        union all
        select
            'kommunalforbund' as geo_level,
            kommunalforbund_code as geo_code
        from geographies
        where geo_level = 'kommun'
        union all
        select
            'delregional_namnd' as geo_level,
            delregional_namnd_code as geo_code
        from geographies
        where geo_level = 'kommun'
        union all
        select
            'kommun' as geo_level,
            geo_code
        from geographies
        where geo_level = 'kommun'
    ) as memberships  -- the municipalities inside each municipal geography (the region: all of them)
    group by geo_level, geo_code
),

measured as (
    select
        g.*,
        i.unit,
        i.source,
        i.aggregation,
        i.value_scale,
        i.counts_persons,
        i.base_count_basis,
        i.interval_method,
        a.fact_rows,
        c.is_monthly_source,
        c.source_frequency,
        c.delivery_periods,
        c.months_in_period,
        c.months_delivered as source_months_delivered,
        c.expected_deliveries,
        c.followup_months_required,
        c.followup_months_delivered,
        m.municipalities,
        md.file_names as municipal_files,
        -- K and M hold the rows whose sex is known; T holds them all
        case
            when i.sex_breakdown then cast(t.sex_known_rows as {{ type_double() }}) / nullif(t.fact_rows, 0)
        end as sex_known_share,
        coalesce(
            case i.aggregation
                when 'distinct_count' then a.distinct_count
                when 'point_in_time_count' then a.point_in_time_count
                else a.numerator_sum
            end,
            -- a count of persons' events (plans, days) where a delivered regional source has none for the
            -- area is zero, not missing: zero stays zero
            case
                when
                    i.aggregation in ('sum', 'distinct_count') and i.geography_basis = 'patient_home'
                    and c.months_delivered > 0
                    then 0
            end
        ) as numerator,
        case when i.aggregation in ('ratio', 'mean') then a.denominator_sum end as denominator,
        case when i.aggregation = 'mean' then a.numerator_squares_sum end as numerator_squares
    from grid as g
    inner join indicators as i on g.indicator_id = i.indicator_id
    left join aggregates as a
        on {{ same_cell('g', 'a') }}
    left join sex_totals as t
        on {{ same_cell('g', 't', with_sex=false) }}
    left join coverage as c
        on g.period_type = c.period_type and g.period_start = c.period_start and i.source = c.source
    left join municipalities_per_geography as m
        on g.geo_level = m.geo_level and g.geo_code = m.geo_code
    left join municipal_deliveries as md
        on
            i.source = md.source and g.geo_level = 'kommun' and (g.period_type = 'month' or c.source_frequency = 'year')
            and g.geo_code = md.org_code and g.period_start = md.period_start
),

flagged as (
    select
        *,
        case
            when source in {{ municipal_sources() }}
                then
                    least(
                        1.0, cast(coalesce(fact_rows, 0) as {{ type_double() }}) / (municipalities * delivery_periods)
                    )
            -- as doubles: PostgreSQL divides integers as integers (9 / 12 = 0)
            when is_monthly_source then cast(source_months_delivered as {{ type_double() }}) / months_in_period
            else cast(cast((numerator is not null) as integer) as {{ type_double() }})
        end * case when sex = 'T' then 1 else coalesce(sex_known_share, 1) end as coverage_share,
        case
            when indicator_id = 'aterinlaggning_30d' and followup_months_delivered < followup_months_required
                then 'followup_incomplete'
            when numerator is null and expected_deliveries = 0 then 'not_scheduled'
            -- a municipality's own month (year, for a yearly source): did it deliver, and was anything usable?
            when
                numerator is null and source in {{ municipal_sources() }} and geo_level = 'kommun'
                and (period_type = 'month' or source_frequency = 'year')
                then case when municipal_files is null then 'no_data' else 'not_reported' end
            when numerator is null and source_months_delivered > 0 then 'not_reported'
            when numerator is null then 'no_data'
            when aggregation in ('ratio', 'mean') and coalesce(denominator, 0) = 0 then 'zero_denominator'
        end as blocking_flag
    from measured
),

final as (
    select
        indicator_id,
        geo_level,
        geo_code,
        period_type,
        period_start,
        sex,
        period_end,
        period_label_sv,
        unit,
        source,
        aggregation,
        value_scale,
        counts_persons,
        base_count_basis,
        interval_method,
        fact_rows,
        source_frequency,
        months_in_period,
        source_months_delivered,
        municipalities,
        municipal_files,
        sex_known_share,
        numerator,
        denominator,
        numerator_squares,
        coverage_share,
        blocking_flag
    from flagged
)

select * from final
