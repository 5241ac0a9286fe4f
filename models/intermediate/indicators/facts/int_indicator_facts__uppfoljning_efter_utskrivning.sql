{#
    uppfoljning_efter_utskrivning_7d and _30d: somatic episodes of patients 75+ discharged to their home or
    special housing (not deceased), and whether the patient had a primary-care contact (any profession, any
    contact type) 1 to 7 (1 to 30) days after the discharge; by home municipality and sex (not by hospital: in a
    sample, hospital and municipality counts coincide so often that a reader could take them for sums), in the
    month of discharge. Only patients of the county's municipalities that the primary-care extract holds count
    (its sample of the discharge month), and only discharge months whose every window the delivered primary-care
    months cover.
#}
with episodes as (
    select * from {{ ref('int_inpatient_episodes_current') }}
),

contacts as (
    select * from {{ ref('int_open_care_contacts') }}
),

sampled as (
    select * from {{ ref('int_open_care_sampled_patients') }}
),

sample_months as (
    select * from {{ ref('int_open_care_samples') }}
),

municipalities as (
    select * from {{ ref('reference__municipalities') }}
),

windows as (
    select
        'uppfoljning_efter_utskrivning_7d' as indicator_id,
        7 as window_days
    union all
    select
        'uppfoljning_efter_utskrivning_30d' as indicator_id,
        30 as window_days
),

primary_care_end as (
    -- the last day the delivered primary-care months cover
    select max({{ dbt.dateadd('day', -1, dbt.dateadd('month', 1, 'month_start')) }}) as covered_until
    from sample_months
    where extract_source = 'vega_primarvard'
),

discharges as (
    select
        e.episode_id,
        e.patient_id,
        e.discharge_date,
        e.municipality_code,
        e.sex
    from episodes as e
    inner join sampled as s
        on
            s.extract_source = 'vega_primarvard'
            and s.month_start = cast(date_trunc('month', e.discharge_date) as date)
            and right(e.patient_id, 2) = s.patient_id_ending
    -- patients of the county's municipalities, whose primary care the extract holds (not 9999, not other counties)
    inner join municipalities as m on e.municipality_code = m.municipality_code
    where
        e.is_somatic
        and e.is_aged_75_plus
        and e.discharge_type in ('hem', 'sarskilt_boende')
),

followed_up as (
    select
        w.indicator_id,
        d.episode_id,
        max(case when c.contact_id is not null then 1 else 0 end) as is_followed_up
    from discharges as d
    cross join windows as w
    left join contacts as c
        on
            d.patient_id = c.patient_id
            and c.care_level = 'primarvard'
            and d.discharge_date < c.contact_date
            and {{ dbt.dateadd('day', 'w.window_days', 'd.discharge_date') }} >= c.contact_date
    group by w.indicator_id, d.episode_id
),

records as (
    select
        f.indicator_id,
        d.discharge_date as fact_date,
        d.municipality_code,
        d.sex,
        f.is_followed_up as numerator,
        1 as denominator
    from followed_up as f
    inner join discharges as d on f.episode_id = d.episode_id
    inner join windows as w on f.indicator_id = w.indicator_id
    cross join primary_care_end as p
    -- a discharge month counts once the window after its last day is delivered (never a part of a month)
    where
        {{ dbt.dateadd('day', 'w.window_days',
                       dbt.dateadd('day', -1, dbt.dateadd('month', 1, dbt.date_trunc('month', 'd.discharge_date')))) }}
        <= p.covered_until
)

{{ indicator_facts('records', geography=['municipality_code'], sex=true) }}
