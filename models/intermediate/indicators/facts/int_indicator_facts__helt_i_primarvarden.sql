{#
    helt_i_primarvarden: for the large chronic diagnosis groups (reference__chronic_diagnosis_groups), the
    patients with a primary-care contact for a group in a calendar year (a contact whose main diagnosis is in
    the group), and of them those with no specialist contact for the same group that year: no specialist
    outpatient contact and no inpatient episode with a main diagnosis in the group. One fact per patient and
    group (a patient in two groups counts twice), in December of the year, by home municipality (of the last
    primary-care contact for the group) and sex. Only years both open-care extracts cover in full. Inpatient
    main diagnoses are delivered from 2023-01: for 2022 the specialist side is outpatient care alone (the
    indicator's definition says so).
    The same pairs give one indicator per group, helt_i_primarvarden_<group_id> (the group's pairs only), so
    that the planning document's claim can be read for each disease, not only for all together.
#}
with contacts as (
    select * from {{ ref('int_open_care_contacts') }}
),

episodes as (
    select * from {{ ref('int_inpatient_episodes_current') }}
),

diagnosis_groups as (
    select * from {{ ref('reference__chronic_diagnosis_groups') }}
),

sample_months as (
    select * from {{ ref('int_open_care_samples') }}
),

complete_years as (
    {{ complete_extract_years('sample_months', ['vega_primarvard', 'vega_oppenvard']) }}
),

grouped_contacts as (
    select distinct
        c.care_level,
        c.patient_id,
        g.group_id,
        c.contact_date,
        c.municipality_code,
        c.sex,
        {{ extract_int('year', 'c.contact_date') }} as contact_year
    from contacts as c
    inner join diagnosis_groups as g
        on c.main_diagnosis_code between g.code_from and g.code_to
),

primary_care_patients as (
    select
        patient_id,
        group_id,
        contact_year,
        municipality_code,
        sex,
        row_number() over (
            partition by patient_id, group_id, contact_year order by contact_date desc, municipality_code asc
        ) as contact_rank
    from grouped_contacts
    where care_level = 'primarvard'
),

specialist_care as (
    select distinct
        patient_id,
        group_id,
        contact_year
    from grouped_contacts
    where care_level = 'specialiserad_oppenvard'
    union
    select distinct
        e.patient_id,
        g.group_id,
        {{ extract_int('year', 'e.discharge_date') }} as contact_year
    from episodes as e
    inner join diagnosis_groups as g
        on e.main_diagnosis_code between g.code_from and g.code_to
),

pairs as (
    select
        p.group_id,
        make_date(p.contact_year, 12, 1) as fact_date,
        p.municipality_code,
        p.sex,
        case when s.patient_id is null then 1 else 0 end as numerator
    from primary_care_patients as p
    inner join complete_years as y on p.contact_year = y.contact_year
    left join specialist_care as s
        on p.patient_id = s.patient_id and p.group_id = s.group_id and p.contact_year = s.contact_year
    where p.contact_rank = 1
),

-- every group together, then each group alone
scopes as (
    select true as is_all_groups
    union all
    select false as is_all_groups
),

records as (
    select
        case
            when s.is_all_groups then 'helt_i_primarvarden'
            else {{ dbt.concat(["'helt_i_primarvarden_'", 'p.group_id']) }}
        end as indicator_id,
        p.fact_date,
        p.municipality_code,
        p.sex,
        p.numerator,
        1 as denominator
    from pairs as p
    cross join scopes as s
)

{{ indicator_facts('records', geography=['municipality_code'], sex=true) }}
