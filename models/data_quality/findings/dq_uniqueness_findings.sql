{#
    Re-sent versions as findings: one row per staging row that a later delivery superseded (a
    corrected Vega episode or open-care contact, a SIP plan delivered twice, a kommun_hsl file re-sent as
    `_vN`).
#}
with episode_lines as (
    select * from {{ ref('stg_vega__inpatient_episodes') }}
),

sip_plans as (
    select * from {{ ref('stg_samsa__sip_plans') }}
),

primary_care_contacts as (
    select * from {{ ref('stg_vega__primary_care_contacts') }}
),

outpatient_contacts as (
    select * from {{ ref('stg_vega__outpatient_contacts') }}
),

municipal_reports as (
    select * from {{ ref('stg_kommun_hsl__monthly_reports') }}
),

corrected_episodes as (
    {{ superseded_row_findings('vega_slutenvard.uniqueness.corrected_episode', 'episode_lines', 'episode_id',
                               'discharge_date', {'column': 'vardtillfalle_id', 'noun': 'episode'}) }}
),

duplicate_plans as (
    select
        'samsa_sip.uniqueness.duplicate_plan' as check_id,
        source_name as source,
        file_name,
        line_number,
        {{ region_code() }} as org_code,
        cast(date_trunc('month', established_date) as date) as period_start,
        'sip_id' as column_name,
        'plan ' || sip_id || ' is delivered more than once; this copy is superseded' as message
    from sip_plans
    where is_superseded
),

superseded_versions as (
    select
        'kommun_hsl.uniqueness.superseded_version' as check_id,
        source_name as source,
        file_name,
        line_number,
        file_municipality_code as org_code,
        file_month as period_start,
        '' as column_name,
        file_name || ' is superseded by a later version for ' || file_municipality_code || ' '
        || {{ format_date('file_month', '%Y-%m') }} as message
    from municipal_reports
    where is_superseded
),

corrected_primary_care_contacts as (
    {{ superseded_row_findings('vega_primarvard.uniqueness.corrected_contact', 'primary_care_contacts', 'contact_id',
                               'contact_date', {'column': 'kontakt_id', 'noun': 'contact'}) }}
),

corrected_outpatient_contacts as (
    {{ superseded_row_findings('vega_oppenvard.uniqueness.corrected_contact', 'outpatient_contacts', 'contact_id',
                               'contact_date', {'column': 'kontakt_id', 'noun': 'contact'}) }}
),

final as (
    select * from corrected_primary_care_contacts
    union all
    select * from corrected_outpatient_contacts
    union all
    select * from corrected_episodes
    union all
    select * from duplicate_plans
    union all
    select * from superseded_versions
)

select * from final
