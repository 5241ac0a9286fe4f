{# Valid quarterly team reports with a stable team code (the team name as a slug). #}
with team_quarters as (
    select * from {{ ref('stg_narsjukvardsteam__team_quarters') }}
),

final as (
    select
        {{ geo_slug('team_name') }} as team_code,
        team_name,
        municipality_code,
        municipality_name,
        quarter_start_date,
        care_contacts,
        enrolled_patients,
        is_active
    from team_quarters
    where is_valid
)

select * from final
