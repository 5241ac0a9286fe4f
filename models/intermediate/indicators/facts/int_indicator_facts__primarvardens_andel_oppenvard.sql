{#
    primarvardens_andel_oppenvard: primary-care contacts over primary-care and specialist outpatient contacts
    of the same patients, by home municipality, sex and month of the contact. Both extracts hold a sample of
    patients; only patients both samples hold count (the same ending in both extracts' statements of the
    month), so the share is that of the same people in both. Home visits count as primary care.
#}
with contacts as (
    select * from {{ ref('int_open_care_contacts') }}
),

sampled as (
    select * from {{ ref('int_open_care_sampled_patients') }}
),

in_both as (
    select
        p.month_start,
        p.patient_id_ending
    from sampled as p
    inner join sampled as o
        on
            o.extract_source = 'vega_oppenvard'
            and p.month_start = o.month_start
            and p.patient_id_ending = o.patient_id_ending
    where p.extract_source = 'vega_primarvard'
),

records as (
    select
        'primarvardens_andel_oppenvard' as indicator_id,
        c.contact_date as fact_date,
        c.municipality_code,
        c.sex,
        case when c.care_level = 'primarvard' then 1 else 0 end as numerator,
        1 as denominator
    from contacts as c
    inner join in_both as b
        on
            b.month_start = cast(date_trunc('month', c.contact_date) as date)
            and right(c.patient_id, 2) = b.patient_id_ending
)

{{ indicator_facts('records', geography=['municipality_code'], sex=true) }}
