{#
    Codes and names that the reference seeds do not know, as findings: one row per valid staging row
    whose hospital, care-centre or municipality code (or team municipality name) is not in its
    reference, whose home municipality is unknown (9999), whose main diagnosis (inpatient episode, primary-care
    or outpatient contact) is no ICD-10-SE code (reference__icd10_chapters), or whose municipality has no
    population 65+ (no per-1 000 denominator).
#}
with episodes as (
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

primary_care_contacts as (
    select * from {{ ref('stg_vega__primary_care_contacts') }}
),

outpatient_contacts as (
    select * from {{ ref('stg_vega__outpatient_contacts') }}
),

listings as (
    select * from {{ ref('stg_primarvard__listings') }}
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

icd10_chapters as (
    select * from {{ ref('reference__icd10_chapters') }}
),

unknown_municipality_names as (
    select
        'narsjukvardsteam.consistency.municipality_name_known' as check_id,
        source_name as source,
        file_name,
        line_number,
        {{ region_code() }} as org_code,
        quarter_start_date as period_start,
        'Kommun' as column_name,
        'municipality name ' || chr(39) || municipality_name || chr(39) || ' is not a county municipality' as message
    from team_quarters
    where is_valid and municipality_code is null
),

unknown_home_municipalities as (
    select
        'vega_slutenvard.plausibility.municipality_unknown' as check_id,
        'vega_slutenvard' as source,
        file_name,
        line_number,
        {{ region_code() }} as org_code,
        cast(date_trunc('month', discharge_date) as date) as period_start,
        'kommun_kod' as column_name,
        'episode ' || episode_id || ' has unknown home municipality 9999 (counted for the region only)' as message
    from episodes
    where municipality_code = '9999'
),

municipalities_without_population as (
    select
        'kommun_hsl.consistency.population_denominator' as check_id,
        r.source_name as source,
        r.file_name,
        r.line_number,
        r.file_municipality_code as org_code,
        r.file_month as period_start,
        'kommun_kod' as column_name,
        'no population 65+ for municipality ' || chr(39) || r.municipality_code || chr(39) as message
    from municipal_reports as r
    left join population_municipalities as p on r.municipality_code = p.municipality_code
    where r.is_valid and not r.is_total_row and p.municipality_code is null
),

final as (
    {%- set code_checks = [
        ('vega_slutenvard', 'hospital_code_known', 'episode_lines', 'hospital_code', 'hospitals',
         'x.discharge_date', 'sjukhus_kod', 'in the hospital reference'),
        ('vega_vardplatser', 'hospital_code_known', 'bed_census', 'hospital_code', 'hospitals',
         'x.census_date', 'sjukhus_kod', 'in the hospital reference'),
        ('vantetider_telefon', 'care_centre_code_known', 'telephone', 'care_centre_code', 'care_centres',
         'x.measurement_month', 'vardcentral_kod', 'in the care-centre reference'),
        ('vantetider_bedomning', 'care_centre_code_known', 'assessment', 'care_centre_code', 'care_centres',
         'x.measurement_month', 'vardcentral_kod', 'in the care-centre reference'),
        ('primarvard_kontakter', 'care_centre_code_known', 'contacts', 'care_centre_code', 'care_centres',
         'x.contact_month', 'vardcentral_kod', 'in the care-centre reference'),
        ('npe_primarvard', 'care_centre_code_known', 'survey', 'care_centre_code', 'care_centres',
         'make_date(x.survey_year, 1, 1)', 'vardcentral_kod', 'in the care-centre reference'),
        ('vega_primarvard', 'care_centre_code_known', 'primary_care_contacts', 'care_centre_code', 'care_centres',
         'x.contact_date', 'vardcentral_kod', 'in the care-centre reference'),
        ('vega_oppenvard', 'hospital_code_known', 'outpatient_contacts', 'hospital_code', 'hospitals',
         'x.contact_date', 'sjukhus_kod', 'in the hospital reference'),
        ('listning', 'care_centre_code_known', 'listings', 'care_centre_code', 'care_centres',
         'x.listing_month', 'vardcentral_kod', 'in the care-centre reference'),
        ('samsa_sip', 'municipality_code_known', 'sip_plans', 'municipality_code', 'municipalities',
         'x.established_date', 'kommun_kod', 'a county municipality'),
        ('samsa_utskrivningsklara', 'municipality_code_known', 'ready_for_discharge', 'municipality_code',
         'municipalities', 'x.discharge_date', 'kommun_kod', 'a county municipality'),
    ] %}
    {%- for source, check, relation, column, reference, period, header, what in code_checks %}
        {{ unknown_code_findings(source, check, relation, column, reference, column, period, header, what) }}
        union all
    {%- endfor %}
    select * from unknown_municipality_names
    union all
    select * from unknown_home_municipalities
    union all
    {%- for source, relation, id_column, what, date_column in [
        ('vega_slutenvard', 'episode_lines', 'episode_id', 'episode', 'discharge_date'),
        ('vega_primarvard', 'primary_care_contacts', 'contact_id', 'contact', 'contact_date'),
        ('vega_oppenvard', 'outpatient_contacts', 'contact_id', 'contact', 'contact_date'),
    ] %}
        {{ unknown_diagnosis_findings(source, relation, id_column, what, date_column) }}
        union all
    {%- endfor %}
    select * from municipalities_without_population
)

select * from final
