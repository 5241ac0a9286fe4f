{#
    npe_delaktighet: estimated positive answers over respondents on involvement, per care centre.
    A survey year is one fact on its last day, so it lands in Q4 and in the year.
#}
with survey as (
    select * from {{ ref('stg_npe__survey_results') }}
),

care_centres as (
    select * from {{ ref('reference__primary_care_centres') }}
),

records as (
    select
        'npe_delaktighet' as indicator_id,
        make_date(s.survey_year, 12, 31) as fact_date,
        c.municipality_code,
        s.care_centre_code,
        s.respondents * s.positive_share_percent / 100 as numerator,
        s.respondents as denominator
    from survey as s
    left join care_centres as c on s.care_centre_code = c.care_centre_code
    where s.is_valid and s.dimension = 'delaktighet_och_involvering'
)

{{ indicator_facts('records', geography=['municipality_code', 'care_centre_code']) }}
