{#
    Whether a patient is in a patient-level extract's sample in a month: one row per extract × month × id
    ending held (every one of the 256 endings when the month's extract holds every patient). Join on
    `right(patient_id, 2)` to restrict anything joined to an extract (inpatient episodes) to the same patients.
#}
with samples as (
    select * from {{ ref('stg_vega__extract_samples') }}
),

sample_months as (
    select * from {{ ref('int_open_care_samples') }}
),

all_endings as (
    {{ hex_byte_endings() }}
),

final as (
    select distinct
        m.extract_source,
        m.month_start,
        e.patient_id_ending
    from sample_months as m
    inner join all_endings as e on m.is_every_patient
    union all
    select distinct
        s.extract_source,
        s.month_start,
        s.patient_id_ending
    from samples as s
    inner join sample_months as m
        on s.extract_source = m.extract_source and s.month_start = m.month_start and not m.is_every_patient
    where s.is_valid
)

select * from final
