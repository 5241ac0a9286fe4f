{#
    kontinuitet_lakare: of the patients with at least two doctor contacts in primary care in a calendar year
    (contacts with the doctor's id), the share whose most frequent doctor had more than half of them (usual
    provider of care, UPC > 0.5); by home municipality (of the patient's last contact of the year) and sex,
    one fact per patient in December of the year. Only years the primary-care extract covers in full.
#}
with contacts as (
    select * from {{ ref('int_open_care_contacts') }}
),

sample_months as (
    select * from {{ ref('int_open_care_samples') }}
),

complete_years as (
    {{ complete_extract_years('sample_months', ['vega_primarvard']) }}
),

doctor_contacts as (
    select
        c.patient_id,
        c.provider_id,
        c.contact_date,
        c.municipality_code,
        c.sex,
        {{ extract_int('year', 'c.contact_date') }} as contact_year
    from contacts as c
    where c.care_level = 'primarvard' and c.profession = 'lakare' and c.provider_id is not null
),

per_doctor as (
    select
        patient_id,
        contact_year,
        provider_id,
        count(*) as contacts
    from doctor_contacts
    group by patient_id, contact_year, provider_id
),

per_patient as (
    select
        patient_id,
        contact_year,
        sum(contacts) as doctor_contacts,
        max(contacts) as most_frequent_doctor_contacts
    from per_doctor
    group by patient_id, contact_year
),

last_contact as (
    select
        patient_id,
        contact_year,
        municipality_code,
        sex,
        row_number() over (
            partition by patient_id, contact_year order by contact_date desc, municipality_code asc
        ) as contact_rank
    from doctor_contacts
),

records as (
    select
        'kontinuitet_lakare' as indicator_id,
        make_date(p.contact_year, 12, 1) as fact_date,
        l.municipality_code,
        l.sex,
        case when 2 * p.most_frequent_doctor_contacts > p.doctor_contacts then 1 else 0 end as numerator,
        1 as denominator
    from per_patient as p
    inner join complete_years as y on p.contact_year = y.contact_year
    inner join last_contact as l
        on p.patient_id = l.patient_id and p.contact_year = l.contact_year and l.contact_rank = 1
    where p.doctor_contacts >= 2
)

{{ indicator_facts('records', geography=['municipality_code'], sex=true) }}
