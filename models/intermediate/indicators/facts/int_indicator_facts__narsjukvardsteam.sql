{#
    The close-care team family, one source and one rule (a team's quarterly report, dated the
    quarter's first month, placed in the team's municipality): nsvt_antal_team (distinct active
    teams), nsvt_vardkontakter (care contacts of active teams) and nsvt_inskrivna (enrolled patients
    where reported).
#}
with team_quarters as (
    select * from {{ ref('int_team_quarters') }}
),

records as (
    select
        'nsvt_antal_team' as indicator_id,
        quarter_start_date as fact_date,
        municipality_code,
        team_code,
        team_code as distinct_key,
        null as numerator
    from team_quarters
    where is_active

    union all

    select
        'nsvt_vardkontakter' as indicator_id,
        quarter_start_date as fact_date,
        municipality_code,
        team_code,
        null as distinct_key,
        care_contacts as numerator
    from team_quarters
    where is_active and care_contacts is not null

    union all

    select
        'nsvt_inskrivna' as indicator_id,
        quarter_start_date as fact_date,
        municipality_code,
        team_code,
        null as distinct_key,
        enrolled_patients as numerator
    from team_quarters
    where enrolled_patients is not null
),

with_denominator as (
    select
        *,
        null as denominator
    from records
)

{{ indicator_facts('with_denominator', geography=['municipality_code', 'team_code'], distinct_key=true) }}
