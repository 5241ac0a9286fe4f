{#
    Every indicator × geography × period with its value and an assessment of whether it can be
    used: dense for the region and for municipal geographies of municipality-based indicators, so a
    missing value is a visible row with a reason rather than an absent one. Feeds both
    data_quality.dq_indicator_usability and marts.fct_indicator_values.
#}
with aggregates as (
    select * from {{ ref('int_indicator_period_aggregates') }}
),

facts as (
    select * from {{ ref('int_indicator_facts_monthly') }}
),

indicators as (
    select * from {{ ref('int_indicators') }}
),

periods as (
    select * from {{ ref('int_periods') }}
),

geographies as (
    select * from {{ ref('int_geographies') }}
),

expected_deliveries as (
    select * from {{ ref('int_expected_deliveries') }}
),

landing_files as (
    select * from {{ ref('int_landing_files_parsed') }}
),

-- What each municipality delivered for each month (kommun_hsl), usable or not.
municipal_deliveries as (
    select
        org_code,
        period_start,
        string_agg(file_name, ', ' order by file_name) as file_names,
        sum(valid_row_count) as valid_rows
    from landing_files
    where source = 'kommun_hsl' and org_code is not null and period_start is not null
    group by org_code, period_start
),

-- How many deliveries the calendar expects from each source within each period.
scheduled as (
    select
        p.period_type,
        p.period_start,
        e.source,
        count(*) as expected_deliveries
    from periods as p
    inner join expected_deliveries as e
        on e.period_start between p.period_start and p.period_end
    group by p.period_type, p.period_start, e.source
),

-- Sources delivered month by month; their coverage is the share of a period's months delivered.
monthly_sources as (
    select unnest([
        'vega_slutenvard', 'vega_vardplatser', 'primarvard_kontakter', 'samsa_sip',
        'samsa_utskrivningsklara', 'egenmonitorering'
    ]) as source
),

source_months as (
    select distinct
        i.source,
        f.fact_month
    from facts as f
    inner join indicators as i on f.indicator_id = i.indicator_id
),

period_source_delivery as (
    select
        p.period_type,
        p.period_start,
        s.source,
        count(*) as months_delivered
    from periods as p
    inner join source_months as s
        on s.fact_month between p.period_start and p.period_end
    group by p.period_type, p.period_start, s.source
),

-- 30-day readmissions need episodes delivered through 30 days past the period end.
followup_months as (
    select
        period_type,
        period_start,
        unnest(
            generate_series(
                period_start, date_trunc('month', period_end + 30)::date, interval 1 month
            )
        )::date as required_month
    from periods
),

readmission_followup as (
    select
        r.period_type,
        r.period_start,
        count(*) as months_required,
        count(s.fact_month) as months_delivered
    from followup_months as r
    left join source_months as s
        on r.required_month = s.fact_month and s.source = 'vega_slutenvard'
    group by r.period_type, r.period_start
),

municipality_counts as (
    select
        geo_level,
        geo_code,
        count(*) as municipalities
    from (
        select
            'region' as geo_level,
            '14' as geo_code
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
    ) as municipal_areas
    group by geo_level, geo_code
),

indicator_periods as (
    select
        i.indicator_id,
        p.period_type,
        p.period_start,
        p.period_end,
        p.period_label_sv,
        -- only months up to the end of the follow-up are expected (a period may run past it)
        date_diff('month', p.period_start, least(p.period_end, '{{ var("period_end") }}'::date)) + 1
            as months_in_period
    from indicators as i
    inner join periods as p on list_contains(string_split(i.period_types, ' '), p.period_type)
),

indicator_geographies as (
    select distinct
        indicator_id,
        geo_level,
        geo_code
    from aggregates
    union
    select
        indicator_id,
        'region' as geo_level,
        '14' as geo_code
    from indicators
    union
    select
        i.indicator_id,
        g.geo_level,
        g.geo_code
    from indicators as i
    inner join geographies as g
        on g.geo_level in ('kommun', 'kommunalforbund', 'delregional_namnd')
    where i.geography_basis in ('patient_home', 'municipality') and i.source <> 'egenmonitorering'
),

grid as (
    select
        ig.indicator_id,
        ig.geo_level,
        ig.geo_code,
        ip.period_type,
        ip.period_start,
        ip.period_end,
        ip.period_label_sv,
        ip.months_in_period
    from indicator_geographies as ig
    inner join indicator_periods as ip on ig.indicator_id = ip.indicator_id
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
        a.fact_rows,
        coalesce(d.months_delivered, 0) as source_months_delivered,
        rf.months_required as followup_months_required,
        rf.months_delivered as followup_months_delivered,
        mc.municipalities,
        coalesce(sc.expected_deliveries, 0) as expected_deliveries,
        md.file_names as municipal_files,
        md.valid_rows as municipal_valid_rows,
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
                    and d.months_delivered > 0
                    then 0
            end
        ) as numerator,
        case when i.aggregation in ('ratio', 'mean') then a.denominator_sum end as denominator
    from grid as g
    inner join indicators as i on g.indicator_id = i.indicator_id
    left join aggregates as a
        on {{ same_cell('g', 'a') }}
    left join period_source_delivery as d
        on g.period_type = d.period_type and g.period_start = d.period_start and i.source = d.source
    left join readmission_followup as rf
        on g.period_type = rf.period_type and g.period_start = rf.period_start
    left join municipality_counts as mc
        on g.geo_level = mc.geo_level and g.geo_code = mc.geo_code
    left join scheduled as sc
        on g.period_type = sc.period_type and g.period_start = sc.period_start and i.source = sc.source
    left join municipal_deliveries as md
        on
            i.source = 'kommun_hsl' and g.geo_level = 'kommun' and g.period_type = 'month'
            and g.geo_code = md.org_code and g.period_start = md.period_start
),

assessed as (
    select
        *,
        case
            when source = 'kommun_hsl'
                then least(1.0, coalesce(fact_rows, 0) / (municipalities * months_in_period))
            when source in (select ms.source from monthly_sources as ms)
                then source_months_delivered / months_in_period
            else (numerator is not null)::integer::double
        end as coverage_share,
        case
            when indicator_id = 'aterinlaggning_30d' and followup_months_delivered < followup_months_required
                then 'followup_incomplete'
            when numerator is null and expected_deliveries = 0 then 'not_scheduled'
            -- a municipality's own month: did it deliver, and was anything usable?
            when numerator is null and source = 'kommun_hsl' and geo_level = 'kommun' and period_type = 'month'
                then case when municipal_files is null then 'no_data' else 'not_reported' end
            when numerator is null and source_months_delivered > 0 then 'not_reported'
            when numerator is null then 'no_data'
            when aggregation in ('ratio', 'mean') and coalesce(denominator, 0) = 0 then 'zero_denominator'
        end as blocking_flag
    from measured
),

flagged as (
    select
        *,
        case
            when blocking_flag is not null then null
            when aggregation in ('ratio', 'mean') then numerator / denominator * value_scale
            else numerator::double
        end as indicator_value,
        coalesce(
            blocking_flag,
            case when coverage_share < 1 then 'incomplete' else 'ok' end
        ) as quality_flag
    from assessed
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
        numerator::double as numerator,
        denominator::double as denominator,
        indicator_value as value,
        unit,
        source,
        counts_persons,
        -- the persons, episodes, plans or respondents behind the cell (disclosure control); 0 when none
        case
            when counts_persons
                then
                    coalesce(
                        case base_count_basis
                            when 'denominator' then denominator
                            when 'numerator' then numerator
                            when 'records' then fact_rows
                        end, 0
                    )::bigint
        end as base_count,
        quality_flag,
        case quality_flag
            when 'ok' then 'usable'
            when 'incomplete' then 'incomplete'
            when 'not_scheduled' then 'not_scheduled'
            else 'missing'
        end as usability,
        case quality_flag
            when 'followup_incomplete'
                then
                    source || ' is not delivered through ' || strftime(period_end + 30, '%Y-%m')
                    || ', 30 days after the period end, so readmissions cannot be complete'
            when 'no_data'
                then
                    source || ' not delivered'
                    || case when source = 'kommun_hsl' and geo_level = 'kommun' then ' by ' || geo_code else '' end
                    || ' for ' || period_label_sv
            when 'not_scheduled'
                then
                    source || ' is not measured or reported for ' || period_label_sv
                    || ' (delivery calendar)'
            when 'not_reported'
                then
                    case
                        when municipal_files is not null
                            then
                                municipal_files || ' delivered by ' || geo_code || ' for ' || period_label_sv
                                || ' but no row is usable (see data_quality.dq_quarantine)'
                        else source || ' delivered for ' || period_label_sv || ' but without this figure'
                    end
            when 'zero_denominator' then 'the denominator is zero'
            when 'incomplete'
                then
                    case
                        when source = 'kommun_hsl' and period_type = 'month'
                            then
                                (municipalities - coalesce(fact_rows, 0)) || ' of ' || municipalities
                                || ' municipalities did not deliver kommun_hsl for ' || strftime(period_start, '%Y-%m')
                        when source = 'kommun_hsl'
                            then
                                (municipalities * months_in_period - coalesce(fact_rows, 0)) || ' of '
                                || municipalities * months_in_period
                                || ' municipality-months of kommun_hsl missing for '
                                || period_label_sv
                        else
                            source || ' delivered for ' || source_months_delivered || ' of ' || months_in_period
                            || ' months of ' || period_label_sv
                    end
        end as reason,
        coverage_share::double as coverage_share
    from flagged
)

select * from final
