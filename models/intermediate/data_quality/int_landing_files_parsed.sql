{#
    Every delivered landing file with its source, organisation, period and version parsed from its
    name (with the source's file_pattern of reference__delivery_schedule), its count of valid rows
    and its delivery date where the export carries one. A municipal source whose file name names no
    organisation (one file for every municipality, kommun_ekonomi) has one row per organisation its rows
    name (the source's `org`), so each municipality's delivery is judged by the files that hold its rows;
    such a file without a single row naming one is kept as one row without an organisation. A name may end
    in a version (`_v2`: it supersedes) or `_korr` (an accrual correction that adds to the period's file:
    version 0, ranked below the file it corrects). Files are listed from int_landing_files
    (so an empty or unreadable file counts as delivered, with no valid row); rows and dates come
    from the staging models (all of them, through landing_sources()). Feeds dq_delivery_coverage
    and dq_unexpected_deliveries.
#}
with inventory as (
    select * from {{ ref('int_landing_files') }}
),

delivery_schedule as (
    select * from {{ ref('reference__delivery_schedule') }}
),

landing_lines as (
    -- every delivered data line, with the date its file says it was produced (only Vega inpatient
    -- episodes and municipal reports say so)
    {% for landing in landing_sources() %}
        select
            source_name,
            file_name,
            is_valid,
            cast({{ landing.get('delivered_date', 'null') }} as date) as line_delivered_date,
            cast({{ landing.get('org', 'null') }} as {{ dbt.type_string() }}) as line_org_code
        from {{ ref(landing.staging) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

-- a file's rows name its organisations only where its name does not (org_scope municipality, no {org_code})
rows_name_org as (
    select
        source,
        org_scope = 'municipality' and position('{org_code}' in file_pattern) = 0 as is_org_from_rows
    from delivery_schedule
),

line_counts as (
    select
        l.source_name as source,
        l.file_name,
        case when r.is_org_from_rows then l.line_org_code end as row_org_code,
        count(*) filter (where l.is_valid) as valid_row_count,
        max(l.line_delivered_date) as file_delivered_date
    from landing_lines as l
    left join rows_name_org as r on l.source_name = r.source
    group by l.source_name, l.file_name, case when r.is_org_from_rows then l.line_org_code end
),

-- rows without an organisation only stand for their file where no row of it names one
line_counts_kept as (
    select *
    from (
        select
            *,
            count(row_org_code) over (partition by source, file_name) as named_org_groups
        from line_counts
    ) as counted
    where row_org_code is not null or named_org_groups = 0
),

landing_files as (
    -- every file in the landing, also one without rows (empty, header only, unreadable)
    select
        f.source,
        f.file_name,
        coalesce(c.valid_row_count, 0) as valid_row_count,
        c.file_delivered_date,
        c.row_org_code
    from inventory as f
    left join line_counts_kept as c on f.source = c.source and f.file_name = c.file_name
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
                        replace(file_pattern_versioned, '{YYYYMM}', '{period}'),
                        '{YYYY-MM}', '{period}'
                    ),
                    '{YYYY}-Q{n}', '{period}'
                ),
                '{YYYY}', '{period}'
            ),
            '.', '[.]'
        ) as pattern_template,
        case
            -- the financial system's compact month (ekonomi_region_202301.txt)
            when position('{YYYYMM}' in file_pattern) > 0 then '[0-9]{6}'
            when frequency = 'month' then '[0-9]{4}-[0-9]{2}'
            when frequency = 'quarter' then '[0-9]{4}-Q[1-4]'
            else '[0-9]{4}'
        end as period_token_regex,
        position('{org_code}' in file_pattern) > 0 as has_org_in_name
    from (
        select
            *,
            {{ regexp_replace_all('file_pattern', "'([.][A-Za-z0-9]+)$'", "'{version}\\1'") }} as file_pattern_versioned
        from delivery_schedule
    ) as versioned
),

file_name_regexes as (
    -- three regular expressions per source, each capturing one part of the name
    select
        source,
        org_scope,
        frequency,
        has_org_in_name,
        '(?i)^'
        || replace(
            replace(
                replace(pattern_template, '{org_code}', '([0-9]{4})'),
                '{period}', period_token_regex
            ),
            '{version}', '(?:_v[0-9]+|_korr)?'
        )
        || '$' as org_code_capture_regex,
        '(?i)^'
        || replace(
            replace(
                replace(pattern_template, '{org_code}', '[0-9]{4}'),
                '{period}', '(' || period_token_regex || ')'
            ),
            '{version}', '(?:_v[0-9]+|_korr)?'
        )
        || '$' as period_capture_regex,
        '(?i)^'
        || replace(
            replace(
                replace(pattern_template, '{org_code}', '[0-9]{4}'),
                '{period}', period_token_regex
            ),
            '{version}', '(?:_v([0-9]+)|_korr)?'
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
        {{ regexp_contains('landing_files.file_name', "'(?i)_korr[.][A-Za-z0-9]+$'") }} as is_correction_file,
        {{ regexp_contains('landing_files.file_name', 'file_name_regexes.version_capture_regex') }} as is_pattern_match,
        case
            when file_name_regexes.org_scope = 'region' then {{ region_code() }}
            when not file_name_regexes.has_org_in_name then landing_files.row_org_code
            else {{ regexp_group('landing_files.file_name', 'file_name_regexes.org_code_capture_regex', 1) }}
        end as org_code_text,
        upper(
            {{ regexp_group('landing_files.file_name', 'file_name_regexes.period_capture_regex', 1) }}
        ) as period_text,
        {{ regexp_group('landing_files.file_name', 'file_name_regexes.version_capture_regex', 1) }} as version_text
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
            when frequency = 'month' then {{ parse_month('period_text') }}
            when frequency = 'quarter'
                then make_date(cast(left(period_text, 4) as integer), cast(right(period_text, 1) as integer) * 3 - 2, 1)
            else make_date(cast(period_text as integer), 1, 1)
        end as period_start,
        -- `version` is a keyword, but it is the coverage contract's column name
        case
            -- up to nine digits always fit an integer
            when is_pattern_match and is_correction_file then 0
            when is_pattern_match
                then coalesce(case when length(version_text) <= 9 then cast(version_text as integer) end, 1)
        end as version  -- noqa: RF04
    from file_name_parts
)

select * from parsed_files
