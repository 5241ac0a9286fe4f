{#
    Inpatient episodes with a patient ready for discharge, from SAMSA: one row per delivered line
    (normally one per episode). Days as ready for discharge = discharge date - ready date.
#}
with ready_for_discharge_lines as (
    select * from {{ ref('base_samsa__ready_for_discharge_episode_lines') }}
),

parsed as {{ parse_once() }} (
    select
        {{ landing_row_columns() }},
        vardtillfalle_id,
        patient_lopnr,
        kommun_kod,
        utskrivningsklar_datum,
        utskrivningsdatum,
        {{ parse_date('utskrivningsklar_datum') }} as ready_date,
        {{ parse_date('utskrivningsdatum') }} as discharge_date
    from ready_for_discharge_lines
),

validated as (
    select
        *,
        {{ validation_columns(structural_checks() + [
            check_required('vardtillfalle_id', 'vardtillfalle_id'),
            check_required('patient_lopnr', 'patient_lopnr'),
            check_required('utskrivningsklar_datum', 'utskrivningsklar_datum'),
            check_required('utskrivningsdatum', 'utskrivningsdatum'),
            check_format('utskrivningsklar_datum', 'ready_date', 'utskrivningsklar_datum', 'a date'),
            check_format('utskrivningsdatum', 'discharge_date', 'utskrivningsdatum', 'a date'),
            check_municipality_code('kommun_kod'),
            ["ready_date > discharge_date", "implausible_value", "utskrivningsklar_datum",
             "'ready for discharge ' || utskrivningsklar_datum || ' is after discharge ' || utskrivningsdatum"],
            check_file_period('discharge_date', 'month', 'utskrivningsdatum'),
        ]) }}
    from parsed
),

final as (
    select
        vardtillfalle_id as episode_id,
        patient_lopnr as patient_id,
        kommun_kod as municipality_code,
        ready_date,
        discharge_date,
        cast({{ dbt.datediff('ready_date', 'discharge_date', 'day') }} as integer) as ready_days,  -- noqa: LT05
        {{ lineage_columns() }}
    from validated
)

select * from final
