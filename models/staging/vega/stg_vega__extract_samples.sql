{#
    The selection statements of the patient-level extracts: one row per delivered line, i.e. per month,
    extract and id ending (two hex digits, upper case). Each ending is 1/256 of the patients.
#}
with sample_lines as (
    select * from {{ ref('base_vega__sample_lines') }}
),

parsed as {{ parse_once() }} (
    select
        {{ landing_row_columns() }},
        manad,
        kalla,
        patient_lopnr_slutar_med,
        cast(date_trunc('month', {{ parse_month('manad') }}) as date) as month_start
    from sample_lines
),

validated as (
    select
        *,
        {{ validation_columns(structural_checks() + [
            check_required('manad', 'manad'),
            check_required('kalla', 'kalla'),
            check_required('patient_lopnr_slutar_med', 'patient_lopnr_slutar_med'),
            check_format('manad', 'month_start', 'manad', 'a month (YYYY-MM)'),
        ] + contract_code_checks('urval') + [
            ["patient_lopnr_slutar_med is not null and not "
             ~ regexp_full('upper(patient_lopnr_slutar_med)', "'[0-9A-F]{2}'"), "invalid_format",
             "patient_lopnr_slutar_med",
             "'column patient_lopnr_slutar_med: ' || chr(39) || patient_lopnr_slutar_med || chr(39)"
             ~ " || ' is not two hex digits'"],
            check_file_period('month_start', 'month', 'manad'),
        ]) }}
    from parsed
),

final as (
    select
        month_start,
        kalla as extract_source,
        upper(patient_lopnr_slutar_med) as patient_id_ending,
        {{ lineage_columns() }}
    from validated
)

select * from final
