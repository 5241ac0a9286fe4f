{#
    One row per failed check instance, across every source: missing and late deliveries, invalid
    landing rows (file-level problems once per file), cross-source consistency checks and re-sent
    versions. Dimension and
    severity come from the check catalogue. Messages are masked for personnummer-like values.
#}
with checks as (
    select * from {{ ref('reference__dq_checks') }}
),

landing_files as (
    select * from {{ ref('int_landing_files') }}
),

parsed_files as (
    select * from {{ ref('int_landing_files_parsed') }}
),

coverage as (
    select * from {{ ref('dq_delivery_coverage') }}
),

expected_deliveries as (
    select * from {{ ref('int_expected_deliveries') }}
),

episodes as (
    select * from {{ ref('int_inpatient_episodes_current') }}
),

episode_lines as (
    select * from {{ ref('stg_vega__inpatient_episodes') }}
),

bed_census as (
    select * from {{ ref('stg_vega__bed_census_days') }}
),

ready_for_discharge as (
    select * from {{ ref('stg_samsa__ready_for_discharge_episodes') }}
),

sip_plans as (
    select * from {{ ref('stg_samsa__sip_plans') }}
),

team_quarters as (
    select * from {{ ref('stg_narsjukvardsteam__team_quarters') }}
),

municipal_reports as (
    select * from {{ ref('stg_kommun_hsl__monthly_reports') }}
),

telephone as (
    select * from {{ ref('stg_vantetider__telephone_measurements') }}
),

assessment as (
    select * from {{ ref('stg_vantetider__assessment_measurements') }}
),

contacts as (
    select * from {{ ref('stg_primarvard__contacts') }}
),

survey as (
    select * from {{ ref('stg_npe__survey_results') }}
),

hospitals as (
    select * from {{ ref('reference__hospitals') }}
),

care_centres as (
    select * from {{ ref('reference__primary_care_centres') }}
),

municipalities as (
    select * from {{ ref('reference__municipalities') }}
),

population as (
    select * from {{ ref('reference__population') }}
),

population_municipalities as (
    select distinct municipality_code from population
),

invalid_rows as (
    {% for landing in landing_sources() %}
        {{ invalid_row_findings(landing.staging, landing.period, landing.get('org', "'14'")) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

-- A missing column makes every line of its file invalid: report it once, on the header line.
row_findings as (
    select
        check_id,
        source,
        file_name,
        case when check_id like '%.missing_column.file' then 1 else line_number end as line_number,
        org_code,
        period_start,
        column_name,
        message
    from invalid_rows
    qualify
        check_id not like '%.missing_column.file'
        or row_number() over (partition by check_id, file_name order by line_number) = 1
),

-- Files that give no rows at all: unreadable, empty or header only (a missing column is a row finding).
file_findings as (
    select
        f.source || '.' || case f.file_status
            when 'unreadable' then 'unreadable_file'
            when 'empty' then 'empty_file'
            else 'header_only_file'
        end || '.file' as check_id,
        f.source,
        f.file_name,
        null::bigint as line_number,
        -- organisation and period as the file name gives them (NULL when it follows no pattern)
        coalesce(p.org_code, case when f.source <> 'kommun_hsl' then '14' end) as org_code,
        p.period_start,
        null as column_name,
        f.file_name || ': ' || f.status_message as message
    from landing_files as f
    left join parsed_files as p on f.source = p.source and f.file_name = p.file_name
    where f.file_status in ('unreadable', 'empty', 'header_only')
),

vega_months as (
    select distinct date_trunc('month', discharge_date)::date as delivered_month
    from episodes
),

consistency_findings as (
    select
        'samsa_utskrivningsklara.consistency.episode_in_vega' as check_id,
        r.source_name as source,
        r.file_name,
        r.line_number,
        '14' as org_code,
        date_trunc('month', r.discharge_date)::date as period_start,
        'vardtillfalle_id' as column_name,
        'episode ' || r.episode_id || ' is not in Vega (vega_slutenvard delivered for that month)' as message
    from ready_for_discharge as r
    inner join vega_months as m on date_trunc('month', r.discharge_date) = m.delivered_month
    left join episodes as e on r.episode_id = e.episode_id
    where r.is_valid and e.episode_id is null

    union all

    select
        'samsa_utskrivningsklara.consistency.matches_vega_episode' as check_id,
        r.source_name as source,
        r.file_name,
        r.line_number,
        '14' as org_code,
        date_trunc('month', r.discharge_date)::date as period_start,
        case when r.patient_id <> e.patient_id then 'patient_lopnr' else 'utskrivningsdatum' end as column_name,
        'episode ' || r.episode_id || ': '
        || case
            when r.patient_id <> e.patient_id then 'patient differs from Vega'
            else 'discharge ' || r.discharge_date || ' differs from Vega ' || e.discharge_date
        end as message
    from ready_for_discharge as r
    inner join episodes as e on r.episode_id = e.episode_id
    where r.is_valid and (r.patient_id <> e.patient_id or r.discharge_date <> e.discharge_date)

    union all

    select
        'narsjukvardsteam.consistency.municipality_name_known' as check_id,
        source_name as source,
        file_name,
        line_number,
        '14' as org_code,
        quarter_start_date as period_start,
        'Kommun' as column_name,
        'municipality name ''' || municipality_name || ''' is not a county municipality' as message
    from team_quarters
    where is_valid and municipality_code is null

    union all

    {{ unknown_code_findings(
        'vega_slutenvard', 'hospital_code_known', 'episode_lines', 'hospital_code', 'hospitals', 'hospital_code',
        'x.discharge_date', 'sjukhus_kod', 'in the hospital reference'
    ) }}

    union all

    {{ unknown_code_findings(
        'vega_vardplatser', 'hospital_code_known', 'bed_census', 'hospital_code', 'hospitals', 'hospital_code',
        'x.census_date', 'sjukhus_kod', 'in the hospital reference'
    ) }}

    union all

    {{ unknown_code_findings(
        'vantetider_telefon', 'care_centre_code_known', 'telephone', 'care_centre_code', 'care_centres',
        'care_centre_code', 'x.measurement_month', 'vardcentral_kod', 'in the care-centre reference'
    ) }}

    union all

    {{ unknown_code_findings(
        'vantetider_bedomning', 'care_centre_code_known', 'assessment', 'care_centre_code', 'care_centres',
        'care_centre_code', 'x.measurement_month', 'vardcentral_kod', 'in the care-centre reference'
    ) }}

    union all

    {{ unknown_code_findings(
        'primarvard_kontakter', 'care_centre_code_known', 'contacts', 'care_centre_code', 'care_centres',
        'care_centre_code', 'x.contact_month', 'vardcentral_kod', 'in the care-centre reference'
    ) }}

    union all

    {{ unknown_code_findings(
        'npe_primarvard', 'care_centre_code_known', 'survey', 'care_centre_code', 'care_centres',
        'care_centre_code', 'make_date(x.survey_year, 1, 1)', 'vardcentral_kod', 'in the care-centre reference'
    ) }}

    union all

    select
        'vega_slutenvard.plausibility.municipality_unknown' as check_id,
        'vega_slutenvard' as source,
        file_name,
        line_number,
        '14' as org_code,
        date_trunc('month', discharge_date)::date as period_start,
        'kommun_kod' as column_name,
        'episode ' || episode_id || ' has unknown home municipality 9999 (counted for the region only)' as message
    from episodes
    where municipality_code = '9999'

    union all

    {{ unknown_code_findings(
        'samsa_sip', 'municipality_code_known', 'sip_plans', 'municipality_code', 'municipalities',
        'municipality_code', 'x.established_date', 'kommun_kod', 'a county municipality'
    ) }}

    union all

    {{ unknown_code_findings(
        'samsa_utskrivningsklara', 'municipality_code_known', 'ready_for_discharge', 'municipality_code',
        'municipalities', 'municipality_code', 'x.discharge_date', 'kommun_kod', 'a county municipality'
    ) }}

    union all

    select
        'kommun_hsl.consistency.population_denominator' as check_id,
        r.source_name as source,
        r.file_name,
        r.line_number,
        r.file_municipality_code as org_code,
        r.file_month as period_start,
        'kommun_kod' as column_name,
        'no population 65+ for municipality ''' || r.municipality_code || '''' as message
    from municipal_reports as r
    left join population_municipalities as p on r.municipality_code = p.municipality_code
    where r.is_valid and not r.is_total_row and p.municipality_code is null
),

uniqueness_findings as (
    select
        'vega_slutenvard.uniqueness.corrected_episode' as check_id,
        source_name as source,
        file_name,
        line_number,
        '14' as org_code,
        date_trunc('month', discharge_date)::date as period_start,
        'vardtillfalle_id' as column_name,
        'episode ' || episode_id || ' was re-sent later; this delivery is superseded' as message
    from episode_lines
    where is_superseded

    union all

    select
        'samsa_sip.uniqueness.duplicate_plan' as check_id,
        source_name as source,
        file_name,
        line_number,
        '14' as org_code,
        date_trunc('month', established_date)::date as period_start,
        'sip_id' as column_name,
        'plan ' || sip_id || ' is delivered more than once; this copy is superseded' as message
    from sip_plans
    where is_superseded

    union all

    select
        'kommun_hsl.uniqueness.superseded_version' as check_id,
        source_name as source,
        file_name,
        line_number,
        file_municipality_code as org_code,
        file_month as period_start,
        '' as column_name,
        file_name || ' is superseded by a later version for ' || file_municipality_code || ' ' || strftime(
            file_month, '%Y-%m'
        ) as message
    from municipal_reports
    where is_superseded
),

delivery_findings as (
    select
        c.source || '.delivery.' || c.status as check_id,
        c.source,
        coalesce(c.file_name, e.expected_file_name) as file_name,
        null::bigint as line_number,
        c.org_code,
        c.period_start,
        null as column_name,
        case c.status
            when 'missing'
                then
                    c.source || ' for ' || e.period_label || ' from ' || c.org_code || ' has not arrived (deadline '
                    || c.deadline_date || ')'
            else
                c.file_name || ' arrived ' || c.delivered_at || ', ' || c.days_late || ' days after the deadline '
                || c.deadline_date
        end as message
    from coverage as c
    inner join expected_deliveries as e
        on c.source = e.source and c.org_code = e.org_code and c.period_start = e.period_start
    where c.status in ('missing', 'late')
),

all_findings as (
    select * from delivery_findings
    union all
    select * from file_findings
    union all
    select * from row_findings
    union all
    select * from consistency_findings
    union all
    select * from uniqueness_findings
),

final as (
    select
        f.check_id,
        c.kahn_dimension,
        coalesce(c.dimension, 'validity') as dimension,
        coalesce(c.severity, 'warn') as severity,
        f.source,
        f.file_name,
        f.line_number,
        f.org_code,
        f.period_start,
        nullif(f.column_name, '') as column_name,
        {{ mask_personnummer('f.message') }} as message,
        c.check_id is not null as is_catalogued
    from all_findings as f
    left join checks as c on f.check_id = c.check_id
)

select * from final
