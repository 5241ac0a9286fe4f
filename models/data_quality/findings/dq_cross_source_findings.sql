{#
    Cross-source consistency as findings: SAMSA's ready-for-discharge rows against the Vega episodes
    they point at (one row per valid SAMSA row whose episode is not in Vega, for a month Vega has
    delivered, or whose patient or discharge date differs from the Vega episode); the patient-level
    primary-care contacts against the aggregate `primarvard_kontakter` (one row per care centre and month
    whose patient-level count, given the extract's sample share, is beyond binomial noise of the aggregate:
    more than five standard deviations and half a contact off; exact when every patient is in); and the
    primary-care files whose rows lack the professional's id (one row per file).
#}
with episodes as (
    select * from {{ ref('int_inpatient_episodes_current') }}
),

ready_for_discharge as (
    select * from {{ ref('stg_samsa__ready_for_discharge_episodes') }}
),

primary_care_contacts as (
    select * from {{ ref('stg_vega__primary_care_contacts') }}
),

aggregate_contacts as (
    select * from {{ ref('stg_primarvard__contacts') }}
),

sample_months as (
    select * from {{ ref('int_open_care_samples') }}
),

vega_months as (
    select distinct cast(date_trunc('month', discharge_date) as date) as delivered_month
    from episodes
),

episodes_not_in_vega as (
    select
        'samsa_utskrivningsklara.consistency.episode_in_vega' as check_id,
        r.source_name as source,
        r.file_name,
        r.line_number,
        {{ region_code() }} as org_code,
        cast(date_trunc('month', r.discharge_date) as date) as period_start,
        'vardtillfalle_id' as column_name,
        'episode ' || r.episode_id || ' is not in Vega (vega_slutenvard delivered for that month)' as message
    from ready_for_discharge as r
    inner join vega_months as m on date_trunc('month', r.discharge_date) = m.delivered_month
    left join episodes as e on r.episode_id = e.episode_id
    where r.is_valid and e.episode_id is null
),

episodes_differing_from_vega as (
    select
        'samsa_utskrivningsklara.consistency.matches_vega_episode' as check_id,
        r.source_name as source,
        r.file_name,
        r.line_number,
        {{ region_code() }} as org_code,
        cast(date_trunc('month', r.discharge_date) as date) as period_start,
        case when r.patient_id <> e.patient_id then 'patient_lopnr' else 'utskrivningsdatum' end as column_name,
        'episode ' || r.episode_id || ': '
        || case
            when r.patient_id <> e.patient_id then 'patient differs from Vega'
            else 'discharge ' || r.discharge_date || ' differs from Vega ' || e.discharge_date
        end as message
    from ready_for_discharge as r
    inner join episodes as e on r.episode_id = e.episode_id
    where r.is_valid and (r.patient_id <> e.patient_id or r.discharge_date <> e.discharge_date)
),

patient_level_counts as (
    select
        care_centre_code,
        cast(date_trunc('month', contact_date) as date) as contact_month,
        count(*) as contacts,
        max(file_name) as file_name
    from primary_care_contacts
    -- home visits are not among the aggregate's contact types
    where is_valid and not is_superseded and contact_type in ('fysiskt', 'digitalt', 'telefon')
    group by care_centre_code, cast(date_trunc('month', contact_date) as date)
),

aggregate_counts as (
    select
        care_centre_code,
        contact_month,
        sum(contacts) as contacts
    from aggregate_contacts
    where is_valid
    group by care_centre_code, contact_month
),

reconciled as (
    select
        a.care_centre_code,
        a.contact_month,
        a.contacts as aggregate_contacts,
        coalesce(p.contacts, 0) as patient_level_contacts,
        p.file_name,
        m.sample_share,
        a.contacts * m.sample_share as expected_contacts,
        sqrt(a.contacts * m.sample_share * (1 - m.sample_share)) as expected_sd
    from aggregate_counts as a
    inner join sample_months as m
        on m.extract_source = 'vega_primarvard' and a.contact_month = m.month_start
    left join patient_level_counts as p
        on a.care_centre_code = p.care_centre_code and a.contact_month = p.contact_month
),

contacts_not_reconciled as (
    select
        'vega_primarvard.consistency.matches_aggregate_contacts' as check_id,
        'vega_primarvard' as source,
        -- the (latest) file holding the centre's contacts of the month; none when the extract has none
        file_name,
        cast(null as {{ dbt.type_bigint() }}) as line_number,
        {{ region_code() }} as org_code,
        contact_month as period_start,
        'vardcentral_kod' as column_name,
        'care centre ' || care_centre_code || ', ' || {{ format_date('contact_month', '%Y-%m') }}
        || ': the patient-level extract has ' || cast(patient_level_contacts as {{ dbt.type_string() }})
        || ' contacts where the ' || cast(aggregate_contacts as {{ dbt.type_string() }}) || ' of primarvard_kontakter'
        || case
            when sample_share < 1
                then
                    ' give ' || cast({{ round_double("expected_contacts", 1) }} as {{ dbt.type_string() }}) || ' ± '
                    || cast({{ round_double("expected_sd", 1) }} as {{ dbt.type_string() }}) || ' in its sample of '
                    || cast({{ round_double("100 * sample_share", 2) }} as {{ dbt.type_string() }})
                    || ' % of the patients'
            else ''
        end as message
    from reconciled
    where abs(patient_level_contacts - expected_contacts) > 5 * expected_sd + 0.5
),

providers_missing as (
    select
        'vega_primarvard.completeness.provider_missing' as check_id,
        'vega_primarvard' as source,
        file_name,
        cast(null as {{ dbt.type_bigint() }}) as line_number,
        {{ region_code() }} as org_code,
        cast(min(date_trunc('month', contact_date)) as date) as period_start,
        'vardgivare_lopnr' as column_name,
        cast(count(*) filter (where provider_id is null) as {{ dbt.type_string() }}) || ' of '
        || cast(count(*) as {{ dbt.type_string() }})
        || ' contacts have no vardgivare_lopnr: they count as contacts, not for doctor continuity' as message
    from primary_care_contacts
    where is_valid
    group by file_name
    having count(*) filter (where provider_id is null) > 0
),

final as (
    select * from contacts_not_reconciled
    union all
    select * from providers_missing
    union all
    select * from episodes_not_in_vega
    union all
    select * from episodes_differing_from_vega
)

select * from final
