{#
    The current version of every valid patient-level open-care contact, primary care and specialist outpatient
    care in one relation (`care_level`), with the month's sample share of its extract. Corrections resolved
    (latest delivery wins).
#}
with primary_care_contacts as (
    select * from {{ ref('stg_vega__primary_care_contacts') }}
),

outpatient_contacts as (
    select * from {{ ref('stg_vega__outpatient_contacts') }}
),

sample_months as (
    select * from {{ ref('int_open_care_samples') }}
),

contacts as (
    select
        contact_id,
        'primarvard' as care_level,
        'vega_primarvard' as extract_source,
        patient_id,
        contact_date,
        contact_type,
        profession,
        provider_id,
        main_diagnosis_code,
        age_years,
        sex,
        municipality_code,
        care_centre_code,
        cast(null as {{ dbt.type_string() }}) as hospital_code,
        cast(null as {{ dbt.type_string() }}) as clinic
    from primary_care_contacts
    where is_valid and not is_superseded
    union all
    select
        contact_id,
        'specialiserad_oppenvard' as care_level,
        'vega_oppenvard' as extract_source,
        patient_id,
        contact_date,
        contact_type,
        profession,
        cast(null as {{ dbt.type_string() }}) as provider_id,
        main_diagnosis_code,
        age_years,
        sex,
        municipality_code,
        cast(null as {{ dbt.type_string() }}) as care_centre_code,
        hospital_code,
        clinic
    from outpatient_contacts
    where is_valid and not is_superseded
),

final as (
    select
        c.*,
        m.sample_share
    from contacts as c
    left join sample_months as m
        on
            c.extract_source = m.extract_source
            and cast(date_trunc('month', c.contact_date) as date) = m.month_start
)

select * from final
