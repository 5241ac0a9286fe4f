{#
    Coordinated individual plans (SIP) from SAMSA: one row per delivered line. A plan delivered
    more than once is resolved by marking every valid copy but the one in the latest file (then the
    later line) as superseded.
#}
with sip_plan_lines as (
    select * from {{ ref('base_samsa__sip_plan_lines') }}
),

parsed as {{ parse_once() }} (
    select
        {{ landing_row_columns() }},
        sip_id,
        patient_lopnr,
        kommun_kod,
        upprattad_datum,
        initierad_av,
        status,
        {{ parse_date('upprattad_datum') }} as established_date
    from sip_plan_lines
),

validated as (
    select
        *,
        {{ validation_columns(structural_checks() + [
            check_required('sip_id', 'sip_id'),
            check_required('patient_lopnr', 'patient_lopnr'),
            check_required('upprattad_datum', 'upprattad_datum'),
            check_format('upprattad_datum', 'established_date', 'upprattad_datum', 'a date'),
        ] + contract_code_checks('samsa_sip') + [
            check_municipality_code('kommun_kod'),
            check_file_period('established_date', 'month', 'upprattad_datum'),
        ]) }}
    from parsed
),

final as (
    select
        sip_id,
        patient_lopnr as patient_id,
        kommun_kod as municipality_code,
        established_date,
        initierad_av as initiated_by,
        status,
        {{ lineage_columns() }},
        {{ is_superseded('sip_id', 'file_name desc, line_number desc') }} as is_superseded
    from validated
)

select * from final
