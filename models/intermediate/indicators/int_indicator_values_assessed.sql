{#
    Every indicator × geography × period × sex with its value, its 95 % interval and an assessment
    of whether it can be used (quality flag, usability and the reason in words). Unsuppressed:
    disclosure control is applied in the mart. Read by the marts and by data_quality.
#}
with measured as (
    select * from {{ ref('int_indicator_values_measured') }}
),

delivery_schedule as (
    select * from {{ ref('reference__delivery_schedule') }}
),

follow_up_window as (
    select * from {{ ref('int_follow_up_window') }}
),

geographies as (
    select * from {{ ref('int_geographies') }}
),

periods as (
    select * from {{ ref('int_periods') }}
),

valued as (
    select
        *,
        case
            when blocking_flag is not null then null
            when aggregation in ('ratio', 'mean') then numerator / denominator * value_scale
            else cast(numerator as {{ type_double() }})
        end as indicator_value,
        coalesce(
            blocking_flag,
            case when coverage_share < 1 then 'incomplete' else 'ok' end
        ) as quality_flag
    from measured
),

-- intervals only where they mean something: shares of persons, episodes, calls or respondents
-- (Wilson) and means (length of stay); counts, sums and census values are not samples
with_intervals as (
    select
        *,
        case
            when indicator_value is null then null
            when interval_method = 'wilson' and numerator between 0 and denominator
                then {{ wilson_bound('numerator', 'denominator', 'lower', 'value_scale') }}
            when interval_method = 'mean'
                then {{ mean_bound('denominator', 'numerator', 'numerator_squares', 'lower', 'value_scale') }}
        end as ci_lower,
        case
            when indicator_value is null then null
            when interval_method = 'wilson' and numerator between 0 and denominator
                then {{ wilson_bound('numerator', 'denominator', 'upper', 'value_scale') }}
            when interval_method = 'mean'
                then {{ mean_bound('denominator', 'numerator', 'numerator_squares', 'upper', 'value_scale') }}
        end as ci_upper
    from valued
),

-- the source's Swedish name and deadline, and the as-of date: whether a missing figure is late or
-- simply not due yet (the follow-up of readmissions needs the deliveries 30 days past the period)
with_context as (
    select
        i.*,
        d.source_name_sv,
        d.subject_sv,
        g.geo_name_sv,
        p.period_code,
        cast(
            i.period_end + d.deadline_days_after_period_end
            + case when i.quality_flag = 'followup_incomplete' then 30 else 0 end as date
        ) as due_date,
        w.as_of_date
    from with_intervals as i
    left join delivery_schedule as d on i.source = d.source
    left join geographies as g on i.geo_level = g.geo_level and i.geo_code = g.geo_code
    left join periods as p on i.period_type = p.period_type and i.period_start = p.period_start
    cross join follow_up_window as w
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
        cast(numerator as {{ type_double() }}) as numerator,
        cast(denominator as {{ type_double() }}) as denominator,
        cast(numerator_squares as {{ type_double() }}) as numerator_squares,
        indicator_value as value,
        -- nine decimals are far below any meaningful precision and make the bounds reproducible
        {{ round_double('ci_lower', 9) }} as ci_lower,
        {{ round_double('ci_upper', 9) }} as ci_upper,
        interval_method,
        unit,
        source,
        counts_persons,
        -- the persons, episodes, plans or respondents behind the cell (disclosure control); 0 when none
        case
            when counts_persons
                then
                    cast(coalesce(
                        case base_count_basis
                            when 'denominator' then denominator
                            when 'numerator' then numerator
                            when 'records' then fact_rows
                        end, 0
                    ) as bigint)
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
                    source || ' is not delivered through ' || {{ format_date('period_end + 30', '%Y-%m') }}
                    || ', 30 days after the period end, so readmissions cannot be complete'
            when 'no_data'
                then
                    source || ' not delivered'
                    || case
                        when source in {{ municipal_sources() }} and geo_level = 'kommun' then ' by ' || geo_code
                        else ''
                    end
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
                        when sex <> 'T' and sex_known_share < 1
                            then
                                'sex is known for '
                                || replace({{ format_swedish_number('100 * sex_known_share', 1, "'none'") }}, ',', '.')
                                || ' % of the rows of '
                                || period_label_sv || '; K and M count only those (T counts all)'
                        when
                            source in {{ municipal_sources() }}
                            and (period_type = 'month' or source_frequency = 'year')
                            then
                                (municipalities - coalesce(fact_rows, 0)) || ' of ' || municipalities
                                || ' municipalities did not deliver ' || source || ' for '
                                || case
                                    when period_type = 'month' then {{ format_date('period_start', '%Y-%m') }}
                                    else period_label_sv
                                end
                        when source in {{ municipal_sources() }}
                            then
                                (municipalities * months_in_period - coalesce(fact_rows, 0)) || ' of '
                                || municipalities * months_in_period
                                || ' municipality-months of ' || source || ' missing for '
                                || period_label_sv
                        else
                            source || ' delivered for ' || source_months_delivered || ' of ' || months_in_period
                            || ' months of ' || period_label_sv
                    end
        end as reason,
        cast(coverage_share as {{ type_double() }}) as coverage_share,
        cast(sex_known_share as {{ type_double() }}) as sex_known_share,
        -- why there is no value, by design or by delivery (before disclosure control, which the mart
        -- adds as `hidden`): the report prints each with its own symbol (reference__labels_sv)
        case
            when indicator_value is not null then null
            when quality_flag = 'not_scheduled' then 'not_measured'
            when quality_flag = 'zero_denominator' then 'not_applicable'
            when due_date >= as_of_date then 'not_yet_due'
            else 'not_delivered'
        end as missing_reason,
        -- the reason in Swedish for the people reading the report (`reason` is the engineers' English)
        {{ usability_reason_sv() }} as reason_sv
    from with_context
)

select * from final
