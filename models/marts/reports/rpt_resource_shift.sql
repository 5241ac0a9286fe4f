{#
    Förflyttning: resurser mot uppdrag. The planning document says "Andelen resurser till nära vård har ökat,
    men oklart om motsvarande förflyttning av uppdrag har genomförts": a claim about money set against one
    about activity. Per year, region level, side by side from the published trend (fct_indicator_trend v2, so
    hidden cells stay hidden):

    - resources: primary care's share of the region's health-care net cost (primarvardens_kostnadsandel) and
      the share of the region's and municipalities' resources going to nära vård (andel_resurser_nara_vard);
    - mission: primary care's share of open-care contacts (primarvardens_andel_oppenvard) and the share of
      patients in large diagnosis groups cared for entirely in primary care (helt_i_primarvarden).

    Each with its value and its change in percentage points against the year before, for the calendar years
    that are over (a year in progress would compare a few months with a whole year). The answer follows the
    direction of each change, not VGR's arrow (whose tolerance is for judging an indicator, not for telling
    which way the care moved): resources moved when primary care's cost share rose (a ledger is not a sample,
    so no test); the mission moved when a mission measure changed by more than noise (change_is_significant:
    both come from a sample of patients): `increased` / `decreased` when those that did all went one way,
    `mixed` when they went both ways, `unchanged` when none did; without values the answer cannot be given.
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

periods as (
    select * from {{ ref('dim_period') }}
),

years as (
    select distinct t.period_start
    from trend as t
    inner join periods as p on t.period_type = p.period_type and t.period_start = p.period_start
    where not p.is_in_progress
),

sides as (
    select
        y.period_start,
        cost_trend.value as cost_share,
        cost_trend.change_absolute as cost_share_change_points,
        nara_trend.value as nara_vard_share,
        nara_trend.change_absolute as nara_vard_share_change_points,
        nara_trend.quality_flag as nara_vard_quality_flag,
        contact_trend.value as contact_share,
        contact_trend.change_absolute as contact_share_change_points,
        contact_trend.change_is_significant as contact_change_is_significant,
        entirely_trend.value as entirely_primary_care_share,
        entirely_trend.change_absolute as entirely_primary_care_change_points,
        entirely_trend.change_is_significant as entirely_primary_care_change_is_significant
    from years as y
    left join trend as cost_trend
        on y.period_start = cost_trend.period_start and cost_trend.indicator_id = 'primarvardens_kostnadsandel'
    left join trend as nara_trend
        on y.period_start = nara_trend.period_start and nara_trend.indicator_id = 'andel_resurser_nara_vard'
    left join trend as contact_trend
        on y.period_start = contact_trend.period_start and contact_trend.indicator_id = 'primarvardens_andel_oppenvard'
    left join trend as entirely_trend
        on y.period_start = entirely_trend.period_start and entirely_trend.indicator_id = 'helt_i_primarvarden'
),

judged as (
    select
        *,
        case
            when cost_share_change_points > 0 then 'increased'
            when cost_share_change_points < 0 then 'decreased'
            when cost_share_change_points = 0 then 'unchanged'
            else 'unknown'
        end as resources_moved,
        case
            when rises > 0 and falls > 0 then 'mixed'
            when rises > 0 then 'increased'
            when falls > 0 then 'decreased'
            when tested > 0 then 'unchanged'
            else 'unknown'
        end as mission_moved
    from (
        select
            *,
            case when contact_change_is_significant and contact_share_change_points > 0 then 1 else 0 end
            + case
                when entirely_primary_care_change_is_significant and entirely_primary_care_change_points > 0 then 1
                else 0
            end as rises,
            case when contact_change_is_significant and contact_share_change_points < 0 then 1 else 0 end
            + case
                when entirely_primary_care_change_is_significant and entirely_primary_care_change_points < 0 then 1
                else 0
            end as falls,
            case when contact_change_is_significant is not null then 1 else 0 end
            + case when entirely_primary_care_change_is_significant is not null then 1 else 0 end as tested
        from sides
    ) as counted
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
            when resources_moved = 'increased' and mission_moved = 'mixed'
                then
                    'Resurserna har flyttat till primärvården; uppdraget bara delvis: måtten på uppdraget har '
                    || 'ändrats åt olika håll'
            when resources_moved = 'increased'
                then 'Resurserna har flyttat till primärvården, men uppdraget har inte flyttat mer än slumpen'
            when mission_moved = 'increased'
                then 'Uppdraget har flyttat till primärvården, men inte resurserna'
            when mission_moved = 'mixed'
                then 'Resurserna har inte flyttat till primärvården, och måtten på uppdraget har ändrats åt olika håll'
            else 'Varken resurser eller uppdrag har flyttat till primärvården'
        end as answer_sv
    from judged
)

select * from final
