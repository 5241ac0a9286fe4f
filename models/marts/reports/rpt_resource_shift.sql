{#
    Förflyttning: resurser mot uppdrag. The planning document says "Andelen resurser till nära vård har ökat,
    men oklart om motsvarande förflyttning av uppdrag har genomförts": a claim about money set against one
    about activity. Per year, region level, side by side from the published trend (fct_indicator_trend v2, so
    hidden cells stay hidden):

    - resources: primary care's share of the region's health-care net cost (primarvardens_kostnadsandel) and
      the share of the region's and municipalities' resources going to nära vård (andel_resurser_nara_vard);
    - mission: primary care's share of open-care contacts (primarvardens_andel_oppenvard) and the share of
      patients in large diagnosis groups cared for entirely in primary care (helt_i_primarvarden).

    Each with its value, its change in percentage points against the year before and VGR's arrow. The answer:
    resources moved when primary care's cost share rose (its arrow ↑; a ledger is not a sample, so no test);
    the mission moved when a mission measure rose by more than noise (↑ and change_is_significant: both come
    from a sample of patients), did not when neither did, and cannot be told without values.
#}
with trend as (
    select * from {{ ref('fct_indicator_trend', v=2) }}
    where
        geo_level = 'region' and sex = 'T' and period_type = 'year'
        and indicator_id in (
            'primarvardens_kostnadsandel', 'andel_resurser_nara_vard', 'primarvardens_andel_oppenvard',
            'helt_i_primarvarden'
        )
),

years as (
    select distinct period_start
    from trend
),

sides as (
    select
        y.period_start,
        costs.value as cost_share,
        costs.change_absolute as cost_share_change_points,
        costs.riktning as cost_share_riktning,
        nara.value as nara_vard_share,
        nara.change_absolute as nara_vard_share_change_points,
        nara.quality_flag as nara_vard_quality_flag,
        contacts.value as contact_share,
        contacts.change_absolute as contact_share_change_points,
        contacts.riktning as contact_share_riktning,
        contacts.change_is_significant as contact_change_is_significant,
        entirely.value as entirely_primary_care_share,
        entirely.change_absolute as entirely_primary_care_change_points,
        entirely.riktning as entirely_primary_care_riktning,
        entirely.change_is_significant as entirely_primary_care_change_is_significant
    from years as y
    left join trend as costs
        on y.period_start = costs.period_start and costs.indicator_id = 'primarvardens_kostnadsandel'
    left join trend as nara
        on y.period_start = nara.period_start and nara.indicator_id = 'andel_resurser_nara_vard'
    left join trend as contacts
        on y.period_start = contacts.period_start and contacts.indicator_id = 'primarvardens_andel_oppenvard'
    left join trend as entirely
        on y.period_start = entirely.period_start and entirely.indicator_id = 'helt_i_primarvarden'
),

judged as (
    select
        *,
        case cost_share_riktning
            when '↑' then 'increased'
            when '→' then 'unchanged'
            when '↓' then 'decreased'
            else 'unknown'
        end as resources_moved,
        case
            when
                (contact_share_riktning = '↑' and contact_change_is_significant)
                or (entirely_primary_care_riktning = '↑' and entirely_primary_care_change_is_significant)
                then 'increased'
            when
                (contact_share_riktning = '↓' and contact_change_is_significant)
                or (entirely_primary_care_riktning = '↓' and entirely_primary_care_change_is_significant)
                then 'decreased'
            when contact_change_is_significant is not null or entirely_primary_care_change_is_significant is not null
                then 'unchanged'
            else 'unknown'
        end as mission_moved
    from sides
),

final as (
    select
        cast({{ extract_int('year', 'period_start') }} as integer) as year,  -- noqa: RF04
        period_start,
        cost_share,
        cost_share_change_points,
        nara_vard_share,
        nara_vard_share_change_points,
        nara_vard_quality_flag,
        contact_share,
        contact_share_change_points,
        contact_change_is_significant,
        entirely_primary_care_share,
        entirely_primary_care_change_points,
        entirely_primary_care_change_is_significant,
        resources_moved,
        mission_moved,
        case
            when resources_moved = 'unknown' or mission_moved = 'unknown'
                then 'Kan inte besvaras: ' || case
                    when resources_moved = 'unknown' and mission_moved = 'unknown'
                        then 'kostnader och verksamhet saknas för året eller året före'
                    when resources_moved = 'unknown' then 'kostnaderna saknas för året eller året före'
                    else 'verksamheten saknas för året eller året före'
                end
            when resources_moved = 'increased' and mission_moved = 'increased'
                then 'Både resurser och uppdrag har flyttat till primärvården'
            when resources_moved = 'increased'
                then 'Resurserna har flyttat till primärvården, men uppdraget har inte flyttat mer än slumpen'
            when mission_moved = 'increased'
                then 'Uppdraget har flyttat till primärvården, men inte resurserna'
            else 'Varken resurser eller uppdrag har flyttat till primärvården'
        end as answer_sv
    from judged
)

select * from final
