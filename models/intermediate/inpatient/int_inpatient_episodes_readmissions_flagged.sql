{#
    Index episodes for 30-day readmissions, each flagged if the patient had an unplanned somatic
    admission 1-30 days after the index discharge date.
    Index = somatic, aged 65+ at admission, not discharged as deceased. A same-day return (day 0)
    is a transfer, not a readmission; day 30 counts, day 31 does not.
#}
with episodes as (
    select * from {{ ref('int_inpatient_episodes_current') }}
),

index_episodes as (
    select
        episode_id,
        patient_id,
        discharge_date,
        municipality_code,
        hospital_code,
        sex
    from episodes
    where is_somatic and is_aged_65_plus and not has_died
),

unplanned_admissions as (
    select
        patient_id,
        admission_date
    from episodes
    where is_somatic and is_unplanned
),

returns as (
    select
        i.episode_id,
        count(u.admission_date) as unplanned_returns_30d,
        min({{ dbt.datediff('i.discharge_date', 'u.admission_date', 'day') }}) as days_to_first_return
    from index_episodes as i
    inner join unplanned_admissions as u
        on
            i.patient_id = u.patient_id
            and u.admission_date between i.discharge_date + 1 and i.discharge_date + 30
    group by i.episode_id
),

final as (
    select
        i.episode_id,
        i.patient_id,
        i.discharge_date,
        i.municipality_code,
        i.hospital_code,
        i.sex,
        r.days_to_first_return,
        coalesce(r.unplanned_returns_30d, 0) > 0 as is_readmitted_30d
    from index_episodes as i
    left join returns as r on i.episode_id = r.episode_id
)

select * from final
