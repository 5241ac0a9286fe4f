{#
    Specialist outpatient contacts (öppen specialiserad vård) at patient level from Vega: one row per
    delivered line. A contact re-sent by a later delivery supersedes the earlier one (latest leveransdatum
    wins; on a tie the later file, then the later line): the corrections of a contact type, for instance.
    Main diagnoses are stored upper case without dot (icd10_codes()).
#}
with contact_lines as (
    select * from {{ ref('base_vega__outpatient_contact_lines') }}
),

parsed as {{ parse_once() }} (
    select
        {{ landing_row_columns() }},
        kontakt_id,
        patient_lopnr,
        kontaktdatum,
        sjukhus_kod,
        klinik,
        kontakttyp,
        yrkeskategori,
        huvuddiagnos,
        alder,
        kon,
        kommun_kod,
        leveransdatum,
        {{ parse_date('kontaktdatum') }} as contact_date,
        {{ parse_integer('alder') }} as age_years,
        {{ parse_date('leveransdatum') }} as delivery_date
    from contact_lines
),

validated as (
    select
        *,
        {{ validation_columns(structural_checks() + [
            check_required('kontakt_id', 'kontakt_id'),
            check_required('patient_lopnr', 'patient_lopnr'),
            check_required('kontaktdatum', 'kontaktdatum'),
            check_required('sjukhus_kod', 'sjukhus_kod'),
            check_format('kontaktdatum', 'contact_date', 'kontaktdatum', 'a date'),
            check_format('alder', 'age_years', 'alder', 'a whole number'),
            check_format('leveransdatum', 'delivery_date', 'leveransdatum', 'a date'),
        ] + contract_code_checks('vega_oppenvard') + [
            check_municipality_code('kommun_kod'),
            check_plausible_age('age_years', 'alder'),
        ]) }}
    from parsed
),

final as (
    select
        kontakt_id as contact_id,
        patient_lopnr as patient_id,
        contact_date,
        sjukhus_kod as hospital_code,
        klinik as clinic,
        kontakttyp as contact_type,
        yrkeskategori as profession,
        {{ icd10_codes('huvuddiagnos') }} as main_diagnosis_code,
        age_years,
        kon as sex,
        kommun_kod as municipality_code,
        delivery_date,
        {{ lineage_columns() }},
        {{ is_superseded('kontakt_id', 'delivery_date desc, file_name desc, line_number desc') }} as is_superseded
    from validated
)

select * from final
