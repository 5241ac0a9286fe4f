{#
    The current version of every valid inpatient episode: corrections resolved (latest delivery
    wins), with length of stay and the flags the indicators filter on.
#}
with episodes as (
    select * from {{ ref('stg_vega__inpatient_episodes') }}
),

final as (
    select
        episode_id,
        patient_id,
        hospital_code,
        care_type,
        admission_date,
        discharge_date,
        admission_type,
        discharge_type,
        age_years,
        sex,
        municipality_code,
        -- ICD-10-SE, upper case without dot; NULL in the files delivered before 2023-01
        main_diagnosis_code,
        delivery_date,
        {{ dbt.datediff('admission_date', 'discharge_date', 'day') }} as length_of_stay_days,  -- noqa: LT05
        care_type = 'somatik' as is_somatic,
        age_years >= 65 as is_aged_65_plus,
        age_years >= 75 as is_aged_75_plus,
        admission_type = 'akut' as is_unplanned,
        discharge_type = 'avliden' as has_died,
        file_name,
        line_number
    from episodes
    where is_valid and not is_superseded
)

select * from final
