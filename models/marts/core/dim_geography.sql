{#
    The geography dimension for BI tools: every geography indicators are reported for, with its
    parent, municipality, kommunalförbund and delregional nämnd (built in int_geographies).
#}
with geographies as (
    select * from {{ ref('int_geographies') }}
),

final as (
    select
        geo_level,
        geo_code,
        geo_name_sv,
        parent_geo_level,
        parent_geo_code,
        municipality_code,
        kommunalforbund_code,
        delregional_namnd_code
    from geographies
)

select * from final
