{#
    Delivery coverage: for every expected delivery of the calendar (int_expected_deliveries), was it
    delivered, and on time? The delivered files are read from the staging models (every landing
    line, valid or not, carries its file name); each file's organisation, period and version are
    parsed from its name with the source's file_pattern of reference__delivery_schedule. The same
    file inventory is built in dq_unexpected_deliveries, which keeps the files this model cannot
    place.
#}
with delivery_schedule as (
    select * from {{ ref('reference__delivery_schedule') }}
),

expected_deliveries as (
    select * from {{ ref('int_expected_deliveries') }}
),

inpatient_episodes as (
    select * from {{ ref('stg_vega__inpatient_episodes') }}
),

bed_census_days as (
    select * from {{ ref('stg_vega__bed_census_days') }}
),

telephone_measurements as (
    select * from {{ ref('stg_vantetider__telephone_measurements') }}
),

assessment_measurements as (
    select * from {{ ref('stg_vantetider__assessment_measurements') }}
),

primary_care_contacts as (
    select * from {{ ref('stg_primarvard__contacts') }}
),

survey_results as (
    select * from {{ ref('stg_npe__survey_results') }}
),

self_monitoring_enrolments as (
    select * from {{ ref('stg_egenmonitorering__enrolments') }}
),

team_quarters as (
    select * from {{ ref('stg_narsjukvardsteam__team_quarters') }}
),

sip_plans as (
    select * from {{ ref('stg_samsa__sip_plans') }}
),

ready_for_discharge_episodes as (
    select * from {{ ref('stg_samsa__ready_for_discharge_episodes') }}
),

municipal_reports as (
    select * from {{ ref('stg_kommun_hsl__monthly_reports') }}
),

landing_lines as (
    -- every delivered data line, with the date its file says it was produced (only Vega inpatient
    -- episodes and municipal reports say so)
    select
        source_name,
        file_name,
        is_valid,
        delivery_date as line_delivered_date
    from inpatient_episodes
    union all
    select
        source_name,
        file_name,
        is_valid,
        report_date as line_delivered_date
    from municipal_reports
    union all
    select
        source_name,
        file_name,
        is_valid,
        null::date as line_delivered_date
    from bed_census_days
    union all
    select
        source_name,
        file_name,
        is_valid,
        null::date as line_delivered_date
    from telephone_measurements
    union all
    select
        source_name,
        file_name,
        is_valid,
        null::date as line_delivered_date
    from assessment_measurements
    union all
    select
        source_name,
        file_name,
        is_valid,
        null::date as line_delivered_date
    from primary_care_contacts
    union all
    select
        source_name,
        file_name,
        is_valid,
        null::date as line_delivered_date
    from survey_results
    union all
    select
        source_name,
        file_name,
        is_valid,
        null::date as line_delivered_date
    from self_monitoring_enrolments
    union all
    select
        source_name,
        file_name,
        is_valid,
        null::date as line_delivered_date
    from team_quarters
    union all
    select
        source_name,
        file_name,
        is_valid,
        null::date as line_delivered_date
    from sip_plans
    union all
    select
        source_name,
        file_name,
        is_valid,
        null::date as line_delivered_date
    from ready_for_discharge_episodes
),

landing_files as (
    select
        source_name as source,
        file_name,
        count(*) filter (where is_valid) as valid_row_count,
        max(line_delivered_date) as file_delivered_date
    from landing_lines
    group by source_name, file_name
),

file_name_patterns as (
    -- file_pattern with one placeholder per part: {org_code}, {period} and an optional {version}
    -- suffix before the extension; the extension's dot escaped
    select
        source,
        org_scope,
        frequency,
        replace(
            replace(
                replace(
                    replace(
                        regexp_replace(file_pattern, '([.][A-Za-z0-9]+)$', '{version}\1'),
                        '{YYYY-MM}', '{period}'
                    ),
                    '{YYYY}-Q{n}', '{period}'
                ),
                '{YYYY}', '{period}'
            ),
            '.', '[.]'
        ) as pattern_template,
        case frequency
            when 'month' then '[0-9]{4}-[0-9]{2}'
            when 'quarter' then '[0-9]{4}-Q[1-4]'
            else '[0-9]{4}'
        end as period_token_regex
    from delivery_schedule
),

file_name_regexes as (
    -- three regular expressions per source, each capturing one part of the name
    select
        source,
        org_scope,
        frequency,
        '(?i)^'
        || replace(
            replace(
                replace(pattern_template, '{org_code}', '([0-9]{4})'),
                '{period}', period_token_regex
            ),
            '{version}', '(?:_v[0-9]+)?'
        )
        || '$' as org_code_capture_regex,
        '(?i)^'
        || replace(
            replace(
                replace(pattern_template, '{org_code}', '[0-9]{4}'),
                '{period}', '(' || period_token_regex || ')'
            ),
            '{version}', '(?:_v[0-9]+)?'
        )
        || '$' as period_capture_regex,
        '(?i)^'
        || replace(
            replace(
                replace(pattern_template, '{org_code}', '[0-9]{4}'),
                '{period}', period_token_regex
            ),
            '{version}', '(?:_v([0-9]+))?'
        )
        || '$' as version_capture_regex
    from file_name_patterns
),

file_name_parts as (
    select
        landing_files.source,
        landing_files.file_name,
        landing_files.valid_row_count,
        landing_files.file_delivered_date,
        file_name_regexes.frequency,
        regexp_matches(landing_files.file_name, file_name_regexes.version_capture_regex) as is_pattern_match,
        case
            when file_name_regexes.org_scope = 'region' then '14'
            else regexp_extract(landing_files.file_name, file_name_regexes.org_code_capture_regex, 1)
        end as org_code_text,
        upper(regexp_extract(landing_files.file_name, file_name_regexes.period_capture_regex, 1)) as period_text,
        regexp_extract(landing_files.file_name, file_name_regexes.version_capture_regex, 1) as version_text
    from landing_files
    inner join file_name_regexes on landing_files.source = file_name_regexes.source
),

parsed_files as (
    select
        source,
        file_name,
        valid_row_count,
        file_delivered_date,
        case when is_pattern_match then org_code_text end as org_code,
        case
            when not is_pattern_match then null
            when frequency = 'month' then try_strptime(period_text || '-01', '%Y-%m-%d')::date
            when frequency = 'quarter'
                then make_date(left(period_text, 4)::integer, right(period_text, 1)::integer * 3 - 2, 1)
            else make_date(period_text::integer, 1, 1)
        end as period_start,
        -- `version` is a keyword, but it is the coverage contract's column name
        case
            when is_pattern_match then coalesce(try_cast(nullif(version_text, '') as integer), 1)
        end as version  -- noqa: RF04
    from file_name_parts
),

delivered_files as (
    select
        *,
        row_number() over (
            partition by source, org_code, period_start
            order by version desc, file_delivered_date desc nulls last, file_name desc
        ) as version_rank,
        count(*) over (partition by source, org_code, period_start) as file_count,
        min(file_delivered_date) over (partition by source, org_code, period_start) as first_delivered_date
    from parsed_files
    where org_code is not null and period_start is not null and version is not null
),

deliveries as (
    -- one row per delivered source, organisation and period: the latest version's file
    select
        source,
        org_code,
        period_start,
        file_name,
        version,
        file_count,
        valid_row_count,
        first_delivered_date,
        file_delivered_date as latest_version_delivered_date
    from delivered_files
    where version_rank = 1
),

coverage as (
    select
        expected_deliveries.source,
        expected_deliveries.org_code,
        expected_deliveries.period_start,
        expected_deliveries.deadline_date,
        expected_deliveries.has_delivery_date_column,
        deliveries.file_name is not null as is_delivered,
        case when expected_deliveries.has_delivery_date_column then deliveries.first_delivered_date end
            as delivered_at,
        case when expected_deliveries.has_delivery_date_column then deliveries.latest_version_delivered_date end
            as last_delivered_at,
        deliveries.file_name,
        deliveries.version,
        deliveries.file_count,
        deliveries.valid_row_count as rows_delivered
    from expected_deliveries
    left join deliveries
        on
            expected_deliveries.source = deliveries.source
            and expected_deliveries.org_code = deliveries.org_code
            and expected_deliveries.period_start = deliveries.period_start
),

final as (
    select
        source,
        org_code,
        period_start,
        case
            when not is_delivered then 'missing'
            when delivered_at > deadline_date then 'late'
            else 'on_time'
        end as status,
        delivered_at,
        case
            when delivered_at > deadline_date then date_diff('day', deadline_date, delivered_at)
            when delivered_at is not null then 0
        end as days_late,
        file_name,
        version,
        deadline_date,
        rows_delivered,
        file_count,
        last_delivered_at,
        has_delivery_date_column
    from coverage
)

select * from final
