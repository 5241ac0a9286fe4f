{#
    Every geography an indicator is reported for, in one hierarchy: region 14 → kommunalförbund and
    delregional nämnd → kommun; hospitals, care centres and close-care teams hang under the
    municipality they are in.
#}
with municipalities as (
    select * from {{ ref('reference__municipalities') }}
),

hospitals as (
    select * from {{ ref('reference__hospitals') }}
),

care_centres as (
    select * from {{ ref('reference__primary_care_centres') }}
),

team_quarters as (
    select * from {{ ref('int_team_quarters') }}
),

teams as (
    select
        team_code,
        max(team_name) as team_name,
        max(municipality_code) as municipality_code
    from team_quarters
    group by team_code
),

geographies as (
    select
        'region' as geo_level,
        {{ region_code() }} as geo_code,
        'Västra Götalandsregionen' as geo_name_sv,
        null as parent_geo_level,
        null as parent_geo_code,
        null as municipality_code
    union all
    select distinct
        'kommunalforbund' as geo_level,
        {{ geo_slug('kommunalforbund_name') }} as geo_code,
        kommunalforbund_name as geo_name_sv,
        'region' as parent_geo_level,
        {{ region_code() }} as parent_geo_code,
        null as municipality_code
    from municipalities
    union all
    select distinct
        'delregional_namnd' as geo_level,
        {{ geo_slug('delregional_namnd_name') }} as geo_code,
        'Delregional nämnd ' || delregional_namnd_name as geo_name_sv,
        'region' as parent_geo_level,
        {{ region_code() }} as parent_geo_code,
        null as municipality_code
    from municipalities
    union all
    select
        'kommun' as geo_level,
        municipality_code as geo_code,
        municipality_name as geo_name_sv,
        'kommunalforbund' as parent_geo_level,
        {{ geo_slug('kommunalforbund_name') }} as parent_geo_code,
        municipality_code
    from municipalities
    union all
    select
        'sjukhus' as geo_level,
        hospital_code as geo_code,
        hospital_name as geo_name_sv,
        'kommun' as parent_geo_level,
        municipality_code as parent_geo_code,
        municipality_code
    from hospitals
    union all
    select
        'vardcentral' as geo_level,
        care_centre_code as geo_code,
        care_centre_name as geo_name_sv,
        'kommun' as parent_geo_level,
        municipality_code as parent_geo_code,
        municipality_code
    from care_centres
    union all
    select
        'team' as geo_level,
        team_code as geo_code,
        team_name as geo_name_sv,
        'kommun' as parent_geo_level,
        municipality_code as parent_geo_code,
        municipality_code
    from teams
),

final as (
    select
        g.geo_level,
        g.geo_code,
        g.geo_name_sv,
        g.parent_geo_level,
        g.parent_geo_code,
        g.municipality_code,
        {{ geo_slug('m.kommunalforbund_name') }} as kommunalforbund_code,
        {{ geo_slug('m.delregional_namnd_name') }} as delregional_namnd_code
    from geographies as g
    left join municipalities as m on g.municipality_code = m.municipality_code
)

select * from final
