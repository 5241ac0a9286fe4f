{#
    Inpatient episodes from Vega: one row per delivered line. Corrections are resolved by marking
    every version but the latest delivery of an episode as superseded (latest leveransdatum wins;
    on a tie the later file, then the later line). Diagnoses (delivered from 2023-01) are stored as
    ICD-10-SE codes without dot, upper case (icd10_codes()).
#}
with episode_lines as (
    select * from {{ ref('base_vega__inpatient_episode_lines') }}
),

parsed as {{ parse_once() }} (
    select
        {{ landing_row_columns() }},
        vardtillfalle_id,
        patient_lopnr,
        sjukhus_kod,
        verksamhet,
        inskrivningsdatum,
        utskrivningsdatum,
        inskrivningssatt,
        utskrivningssatt,
        alder,
        kon,
        kommun_kod,
        leveransdatum,
        huvuddiagnos,
        bidiagnoser,
        {{ parse_date('inskrivningsdatum') }} as admission_date,
        {{ parse_date('utskrivningsdatum') }} as discharge_date,
        {{ parse_integer('alder') }} as age_years,
        {{ parse_date('leveransdatum') }} as delivery_date
    from episode_lines
),

validated as (
    select
        *,
        {{ validation_columns(structural_checks() + [
            check_required('vardtillfalle_id', 'vardtillfalle_id'),
            check_required('patient_lopnr', 'patient_lopnr'),
            check_required('utskrivningsdatum', 'utskrivningsdatum'),
            check_format('inskrivningsdatum', 'admission_date', 'inskrivningsdatum', 'a date'),
            check_format('utskrivningsdatum', 'discharge_date', 'utskrivningsdatum', 'a date'),
            check_format('alder', 'age_years', 'alder', 'a whole number'),
            check_format('leveransdatum', 'delivery_date', 'leveransdatum', 'a date'),
        ] + contract_code_checks('vega_slutenvard') + [
            check_municipality_code('kommun_kod'),
            ["discharge_date < admission_date", "implausible_value", "utskrivningsdatum",
             "'discharge ' || utskrivningsdatum || ' is before admission ' || inskrivningsdatum"],
            check_plausible_age('age_years', 'alder'),
        ]) }}
    from parsed
),

final as (
    select
        vardtillfalle_id as episode_id,
        patient_lopnr as patient_id,
        sjukhus_kod as hospital_code,
        verksamhet as care_type,
        admission_date,
        discharge_date,
        inskrivningssatt as admission_type,
        utskrivningssatt as discharge_type,
        age_years,
        kon as sex,
        kommun_kod as municipality_code,
        -- NULL in the files delivered before 2023-01, which have no diagnosis columns
        {{ icd10_codes('huvuddiagnos') }} as main_diagnosis_code,
        {{ icd10_codes('bidiagnoser') }} as secondary_diagnosis_codes,
        delivery_date,
        {{ lineage_columns() }},
        {{ is_superseded('vardtillfalle_id', 'delivery_date desc, file_name desc, line_number desc') }} as is_superseded
    from validated
)

select * from final
