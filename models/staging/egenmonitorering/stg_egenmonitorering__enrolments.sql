{#
    Enrolments in self-monitoring programmes: one row per delivered line (normally one per
    patient and programme enrolment). `end_date` is NULL while the enrolment is active. The source
    is not delivered in the default landing, so this view is normally empty.
#}
with enrolment_lines as (
    select * from {{ ref('base_egenmonitorering__enrolment_lines') }}
),

parsed as {{ parse_once() }} (
    select
        {{ landing_row_columns() }},
        patient_lopnr,
        program,
        startdatum,
        slutdatum,
        {{ parse_date('startdatum') }} as start_date,
        {{ parse_date('slutdatum') }} as end_date
    from enrolment_lines
),

validated as (
    select
        *,
        {{ validation_columns(structural_checks() + [
            check_required('patient_lopnr', 'patient_lopnr'),
            check_required('program', 'program'),
            check_required('startdatum', 'startdatum'),
            check_format('startdatum', 'start_date', 'startdatum', 'a date'),
            check_format('slutdatum', 'end_date', 'slutdatum', 'a date'),
        ] + contract_code_checks('egenmonitorering') + [
            ["end_date < start_date", "implausible_value", "slutdatum",
             "'end ' || slutdatum || ' is before start ' || startdatum"],
        ]) }}
    from parsed
),

final as (
    select
        patient_lopnr as patient_id,
        program as programme,
        start_date,
        end_date,
        {{ lineage_columns() }}
    from validated
)

select * from final
