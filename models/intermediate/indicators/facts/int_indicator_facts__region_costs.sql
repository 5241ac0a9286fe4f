{#
    The region's cost measures from its ledger (stg_ekonomi__region_ledger), per month, region level (the
    ledger's responsibility units are not a geography every measure shares):

    - primarvardens_kostnadsandel: net cost of primary care over the net cost of all regional health care
      (reference__activity_classification: is_health_care; political activity and non-health activity are
      outside). The region-alone variant of andel_resurser_nara_vard is this measure: the region's part of
      nära vård is its primary care.
    - kostnad_per_kontakt_primarvard: primary care's net cost per primary-care contact (primarvard_kontakter,
      every contact type).
    - kostnad_per_vardtillfalle_somatik / kostnad_per_vardag_somatik: specialised somatic care's net cost per
      somatic inpatient episode and per day of care, episodes in their month of discharge
      (int_inpatient_episodes_current). The ledger does not split specialised care into inpatient and
      outpatient care, so the cost includes outpatient care: a cost per episode is a level, not a price.

    Costs are net costs with a cost positive (the staging model's sign convention); correction files add to
    their month (their rows are valid ledger lines of that month). A cost per contact, episode or day has a
    month only where both the cost and the activity are delivered, so a month without one of them is missing,
    not a ratio of half a month.
#}
with ledger as (
    select * from {{ ref('stg_ekonomi__region_ledger') }}
    where is_valid
),

contacts as (
    select * from {{ ref('stg_primarvard__contacts') }}
    where is_valid
),

episodes as (
    select * from {{ ref('int_inpatient_episodes_current') }}
    where is_somatic
),

monthly_costs as (
    select
        ledger_month,
        sum(case when care_level = 'primarvard' then net_cost_sek else 0 end) as primary_care_cost,
        sum(case when care_level = 'specialiserad_somatisk' then net_cost_sek else 0 end) as somatic_care_cost,
        sum(case when is_health_care then net_cost_sek else 0 end) as health_care_cost
    from ledger
    group by ledger_month
),

monthly_contacts as (
    select
        contact_month,
        sum(contacts) as contacts
    from contacts
    group by contact_month
),

monthly_episodes as (
    select
        cast({{ dbt.date_trunc('month', 'discharge_date') }} as date) as discharge_month,
        count(*) as episodes,
        sum(length_of_stay_days) as care_days
    from episodes
    group by cast({{ dbt.date_trunc('month', 'discharge_date') }} as date)
),

records as (
    select
        'primarvardens_kostnadsandel' as indicator_id,
        ledger_month as fact_date,
        primary_care_cost as numerator,
        health_care_cost as denominator
    from monthly_costs

    union all

    select
        'kostnad_per_kontakt_primarvard' as indicator_id,
        c.ledger_month as fact_date,
        c.primary_care_cost as numerator,
        k.contacts as denominator
    from monthly_costs as c
    inner join monthly_contacts as k on c.ledger_month = k.contact_month

    union all

    select
        'kostnad_per_vardtillfalle_somatik' as indicator_id,
        c.ledger_month as fact_date,
        c.somatic_care_cost as numerator,
        e.episodes as denominator
    from monthly_costs as c
    inner join monthly_episodes as e on c.ledger_month = e.discharge_month

    union all

    select
        'kostnad_per_vardag_somatik' as indicator_id,
        c.ledger_month as fact_date,
        c.somatic_care_cost as numerator,
        e.care_days as denominator
    from monthly_costs as c
    inner join monthly_episodes as e on c.ledger_month = e.discharge_month
)

{{ indicator_facts('records') }}
