{#
    andel_resurser_nara_vard: the share of the health-care resources of the region and its municipalities
    that goes to nära vård, per year, region level.

        numerator   = the region's net cost of primary care + the municipalities' net cost of health care
        denominator = the region's net cost of all health care + the municipalities' net cost of health care

    "Nära vård" is counted as: on the region's side its primary care (reference__activity_classification:
    is_nara_vard, VI 2000's primary care: general practice, district nursing, maternal and child health care,
    rehabilitation in primary care, primary-care home health care); on the municipalities' side all of their
    health care (kommun_ekonomi: home health care, health care in special housing, rehabilitation, aids). The
    region's health care excludes political activity and activity other than health care.

    The two sides have different calendars: the region's ledger is monthly, the municipal accounts come once a
    year, months after it. A year has records only where both sides are present: the ledger with all twelve
    months and at least one municipality's accounts; otherwise the mart shows no value with the reason. One
    record per municipality that delivered (its net cost on both sides); the region's totals of the year are
    carried by the year's first municipal record, so the records add up to the definition and their count is
    the municipalities that delivered: the coverage, and a year with a municipality missing is flagged
    incomplete with the count in words.
#}
with ledger as (
    select * from {{ ref('stg_ekonomi__region_ledger') }}
    where is_valid
),

accounts as (
    select * from {{ ref('stg_ekonomi__municipal_accounts') }}
    where is_valid and not is_superseded
),

region_years as (
    select
        {{ extract_int('year', 'ledger_month') }} as cost_year,
        count(distinct ledger_month) as ledger_months,
        sum(case when is_nara_vard then net_cost_sek else 0 end) as region_nara_vard_cost,
        sum(case when is_health_care then net_cost_sek else 0 end) as region_health_care_cost
    from ledger
    group by {{ extract_int('year', 'ledger_month') }}
),

municipal_years as (
    select
        account_year as cost_year,
        municipality_code,
        sum(net_cost_sek) as municipal_cost,
        row_number() over (partition by account_year order by municipality_code) as municipality_rank
    from accounts
    group by account_year, municipality_code
),

records as (
    select
        'andel_resurser_nara_vard' as indicator_id,
        make_date(m.cost_year, 1, 1) as fact_date,
        m.municipal_cost
        + case when m.municipality_rank = 1 then r.region_nara_vard_cost else 0 end as numerator,
        m.municipal_cost
        + case when m.municipality_rank = 1 then r.region_health_care_cost else 0 end as denominator
    from municipal_years as m
    inner join region_years as r on m.cost_year = r.cost_year
    where r.ledger_months = 12
)

{{ indicator_facts('records') }}
