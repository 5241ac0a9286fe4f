{#
    The share of patients each patient-level extract holds, per month it is delivered: the id endings its
    `urval` file states (two hex digits each, 1/256 of the ids apiece), or every patient (share 1) when the
    month has no statement for it. An ending listed twice counts once.
#}
with primary_care_contacts as (
    select * from {{ ref('stg_vega__primary_care_contacts') }}
),

outpatient_contacts as (
    select * from {{ ref('stg_vega__outpatient_contacts') }}
),

samples as (
    select * from {{ ref('stg_vega__extract_samples') }}
),

extract_months as (
    select distinct
        'vega_primarvard' as extract_source,
        cast(date_trunc('month', contact_date) as date) as month_start
    from primary_care_contacts
    where is_valid
    union all
    select distinct
        'vega_oppenvard' as extract_source,
        cast(date_trunc('month', contact_date) as date) as month_start
    from outpatient_contacts
    where is_valid
),

stated as (
    select
        extract_source,
        month_start,
        count(distinct patient_id_ending) as endings
    from samples
    where is_valid
    group by extract_source, month_start
),

final as (
    select
        m.extract_source,
        m.month_start,
        coalesce(s.endings, 256) as id_endings,
        cast(coalesce(s.endings, 256) as {{ type_double() }}) / 256 as sample_share,
        s.endings is null as is_every_patient
    from extract_months as m
    left join stated as s
        on m.extract_source = s.extract_source and m.month_start = s.month_start
)

select * from final
