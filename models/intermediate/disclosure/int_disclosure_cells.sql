{#
    The cells disclosure control works on: every cell of a person-based indicator (the catalogue's
    counts_persons), with the persons, episodes, plans or respondents behind it and whether the
    primary rule hides it.
#}
with assessed as (
    select * from {{ ref('int_indicator_values_assessed') }}
),

person_cells as (
    select
        indicator_id,
        geo_level,
        geo_code,
        period_type,
        period_start,
        base_count,
        -- a cell shows something only when it has a numerator or a denominator
        (numerator is not null or denominator is not null) as shows_figures
    from assessed
    where counts_persons
),

final as (
    select
        {{ disclosure_cell_id('indicator_id', 'geo_level', 'geo_code', 'period_type', 'period_start') }} as cell_id,
        indicator_id,
        geo_level,
        geo_code,
        period_type,
        period_start,
        base_count,
        shows_figures,
        -- the region publishes its own totals: they are never hidden
        geo_level = 'region' as is_exempt,
        shows_figures
        and geo_level <> 'region'
        and base_count between 1 and {{ var('min_cell_count') }} - 1 as is_primary
    from person_cells
)

select * from final
