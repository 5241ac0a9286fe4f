{#
    Every indicator's raw material at one grain: indicator × month × base geography (home
    municipality, hospital, care centre, team) × distinct key. Numerators and denominators are sums,
    so any period and any geography above the base can be aggregated from here; `distinct_key`
    carries entities that are counted distinctly (teams, self-monitored patients).
    Only valid, current rows reach this model.
#}
with episodes as (
    select * from {{ ref('int_inpatient_episodes_current') }}
),

readmissions as (
    select * from {{ ref('int_inpatient_episodes_readmissions_flagged') }}
),

bed_census as (
    select * from {{ ref('stg_vega__bed_census_days') }}
),

telephone as (
    select * from {{ ref('stg_vantetider__telephone_measurements') }}
),

assessment as (
    select * from {{ ref('stg_vantetider__assessment_measurements') }}
),

contacts as (
    select * from {{ ref('stg_primarvard__contacts') }}
),

survey as (
    select * from {{ ref('stg_npe__survey_results') }}
),

enrolments as (
    select * from {{ ref('stg_egenmonitorering__enrolments') }}
),

team_quarters as (
    select * from {{ ref('int_team_quarters') }}
),

sip_plans as (
    select * from {{ ref('stg_samsa__sip_plans') }}
),

ready_for_discharge as (
    select * from {{ ref('stg_samsa__ready_for_discharge_episodes') }}
),

municipal_reports as (
    select * from {{ ref('stg_kommun_hsl__monthly_reports') }}
),

care_centres as (
    select * from {{ ref('reference__primary_care_centres') }}
),

population as (
    select * from {{ ref('reference__population') }}
),

population_65 as (
    select
        municipality_code,
        year,
        sum(population) as population_65_plus
    from population
    where age_min >= 65
    group by municipality_code, year
),

population_years as (
    select
        min(year) as first_year,
        max(year) as last_year
    from population
),

self_monitoring_months as (
    select
        patient_id,
        start_date,
        end_date,
        unnest(
            generate_series(
                date_trunc('month', start_date),
                date_trunc('month', coalesce(end_date, '{{ var("period_end") }}'::date)),
                interval 1 month
            )
        ) as month_start
    from enrolments
    where is_valid
),

self_monitoring_month_ends as (
    select
        patient_id,
        start_date,
        end_date,
        last_day(month_start)::date as month_end
    from self_monitoring_months
),

facts as (
    select
        'medelvardtid' as indicator_id,
        discharge_date as fact_date,
        municipality_code,
        hospital_code,
        null as care_centre_code,
        null as team_code,
        null as distinct_key,
        length_of_stay_days as numerator,
        1 as denominator
    from episodes
    where is_somatic

    union all

    select
        'medelvardtid_75' as indicator_id,
        discharge_date as fact_date,
        municipality_code,
        hospital_code,
        null as care_centre_code,
        null as team_code,
        null as distinct_key,
        length_of_stay_days as numerator,
        1 as denominator
    from episodes
    where is_somatic and is_aged_75_plus

    union all

    select
        'aterinlaggning_30d' as indicator_id,
        discharge_date as fact_date,
        municipality_code,
        hospital_code,
        null as care_centre_code,
        null as team_code,
        null as distinct_key,
        is_readmitted_30d::integer as numerator,
        1 as denominator
    from readmissions

    union all

    select
        'belaggningsgrad' as indicator_id,
        census_date as fact_date,
        null as municipality_code,
        hospital_code,
        null as care_centre_code,
        null as team_code,
        null as distinct_key,
        occupied_beds as numerator,
        available_beds as denominator
    from bed_census
    where is_valid

    union all

    select
        'telefon_24h' as indicator_id,
        measurement_month as fact_date,
        null as municipality_code,
        null as hospital_code,
        care_centre_code,
        null as team_code,
        null as distinct_key,
        calls_contact_within_24h as numerator,
        calls as denominator
    from telephone
    where is_valid

    union all

    select
        'bedomning_3d' as indicator_id,
        measurement_month as fact_date,
        null as municipality_code,
        null as hospital_code,
        care_centre_code,
        null as team_code,
        null as distinct_key,
        assessed_within_3_days as numerator,
        first_contacts as denominator
    from assessment
    where is_valid

    union all

    select
        'digitala_vardmoten' as indicator_id,
        contact_month as fact_date,
        null as municipality_code,
        null as hospital_code,
        care_centre_code,
        null as team_code,
        null as distinct_key,
        case when contact_type = 'digitalt' then contacts else 0 end as numerator,
        contacts as denominator
    from contacts
    where is_valid and contact_type in ('digitalt', 'fysiskt')

    union all

    -- A survey year is one fact on its last day, so it lands in Q4 and in the year.
    select
        'npe_delaktighet' as indicator_id,
        make_date(survey_year, 12, 31) as fact_date,
        null as municipality_code,
        null as hospital_code,
        care_centre_code,
        null as team_code,
        null as distinct_key,
        respondents * positive_share_percent / 100 as numerator,
        respondents as denominator
    from survey
    where is_valid and dimension = 'delaktighet_och_involvering'

    union all

    -- Self-monitoring is a stock: one fact per patient and month-end with an active enrolment.
    select
        'egenmonitorering_patienter' as indicator_id,
        month_end as fact_date,
        null as municipality_code,
        null as hospital_code,
        null as care_centre_code,
        null as team_code,
        patient_id as distinct_key,
        null as numerator,
        null as denominator
    from self_monitoring_month_ends
    where start_date <= month_end and (end_date is null or end_date >= month_end)

    union all

    select
        'nsvt_antal_team' as indicator_id,
        quarter_start_date as fact_date,
        municipality_code,
        null as hospital_code,
        null as care_centre_code,
        team_code,
        team_code as distinct_key,
        null as numerator,
        null as denominator
    from team_quarters
    where is_active

    union all

    select
        'nsvt_vardkontakter' as indicator_id,
        quarter_start_date as fact_date,
        municipality_code,
        null as hospital_code,
        null as care_centre_code,
        team_code,
        null as distinct_key,
        care_contacts as numerator,
        null as denominator
    from team_quarters
    where is_active and care_contacts is not null

    union all

    select
        'nsvt_inskrivna' as indicator_id,
        quarter_start_date as fact_date,
        municipality_code,
        null as hospital_code,
        null as care_centre_code,
        team_code,
        null as distinct_key,
        enrolled_patients as numerator,
        null as denominator
    from team_quarters
    where enrolled_patients is not null

    union all

    select
        'utskrivningsklar_dagar' as indicator_id,
        discharge_date as fact_date,
        municipality_code,
        null as hospital_code,
        null as care_centre_code,
        null as team_code,
        null as distinct_key,
        ready_days as numerator,
        null as denominator
    from ready_for_discharge
    where is_valid

    union all

    select
        'sip_antal' as indicator_id,
        established_date as fact_date,
        municipality_code,
        null as hospital_code,
        null as care_centre_code,
        null as team_code,
        sip_id as distinct_key,
        null as numerator,
        null as denominator
    from sip_plans
    where is_valid and not is_superseded

    union all

    -- Per 1 000 inhabitants 65+: the denominator is the population of the reporting municipality-months,
    -- so a quarter's value is the mean monthly rate of those who delivered.
    select
        'hsl_inskrivna_65_per_1000' as indicator_id,
        r.report_month as fact_date,
        r.municipality_code,
        null as hospital_code,
        null as care_centre_code,
        null as team_code,
        null as distinct_key,
        r.enrolled_65_plus as numerator,
        p.population_65_plus as denominator
    from municipal_reports as r
    cross join population_years as y
    left join population_65 as p
        on
            r.municipality_code = p.municipality_code
            and p.year = least(greatest(year(r.report_month), y.first_year), y.last_year)
    where r.is_valid and not r.is_superseded and not r.is_total_row
),

with_centre_municipality as (
    select
        f.indicator_id,
        date_trunc('month', f.fact_date)::date as fact_month,
        coalesce(f.municipality_code, c.municipality_code) as municipality_code,
        f.hospital_code,
        f.care_centre_code,
        f.team_code,
        f.distinct_key,
        f.numerator,
        f.denominator
    from facts as f
    left join care_centres as c on f.care_centre_code = c.care_centre_code
),

final as (
    select
        indicator_id,
        fact_month,
        municipality_code,
        hospital_code,
        care_centre_code,
        team_code,
        distinct_key,
        sum(numerator) as numerator,
        sum(denominator) as denominator,
        count(*) as fact_rows
    from with_centre_municipality
    group by
        indicator_id,
        fact_month,
        municipality_code,
        hospital_code,
        care_centre_code,
        team_code,
        distinct_key
)

select * from final
