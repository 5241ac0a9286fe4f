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
        '14' as geo_code,
        'Västra Götalandsregionen' as geo_name_sv,
        null as parent_geo_level,
        null as parent_geo_code,
        null as municipality_code
    union all
    select distinct
        'kommunalforbund',
        {{ geo_slug('kommunalforbund_name') }},
        kommunalforbund_name,
        'region',
        '14',
        null
    from municipalities
    union all
    select distinct
        'delregional_namnd',
        {{ geo_slug('delregional_namnd_name') }},
        'Delregional nämnd ' || delregional_namnd_name,
        'region',
        '14',
        null
    from municipalities
    union all
    select
        'kommun',
        municipality_code,
        municipality_name,
        'kommunalforbund',
        {{ geo_slug('kommunalforbund_name') }},
        municipality_code
    from municipalities
    union all
    select
        'sjukhus',
        hospital_code,
        hospital_name,
        'kommun',
        municipality_code,
        municipality_code
    from hospitals
    union all
    select
        'vardcentral',
        care_centre_code,
        care_centre_name,
        'kommun',
        municipality_code,
        municipality_code
    from care_centres
    union all
    select
        'team',
        team_code,
        team_name,
        'kommun',
        municipality_code,
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
