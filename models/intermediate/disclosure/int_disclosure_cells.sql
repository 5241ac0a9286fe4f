{#
    The cells disclosure control works on: every cell of a person-based indicator (the catalogue's
    counts_persons), with the persons, episodes, plans or respondents behind it and whether the
    primary rule hides it. Where some of a total's rows have no known sex, one more cell, sex `U`
    (unknown), holds them, so T = K + M + U is an exact relation. U is not a row of the mart, but
    anyone can work it out (T − K − M, or T × (1 − sex_known_share)), so it is protected like a
    published cell: the solver keeps a reader from bounding 1 .. min_cell_count − 1 unknown below
    the threshold. Numerator and denominator are carried along: the solver keeps every hidden cell
    from being pinned in each published column, not only in the base count.
#}
with assessed as (
    select * from {{ ref('int_indicator_values_assessed') }}
),

indicators as (
    select * from {{ ref('int_indicators') }}
),

person_cells as (
    select
        indicator_id,
        geo_level,
        geo_code,
        period_type,
        period_start,
        sex,
        base_count,
        numerator,
        denominator,
        -- a cell shows something only when it has a numerator or a denominator
        (numerator is not null or denominator is not null) as shows_figures
    from assessed
    where counts_persons
),

unknown_sex_cells as (
    select
        t.indicator_id,
        t.geo_level,
        t.geo_code,
        t.period_type,
        t.period_start,
        'U' as sex,
        t.base_count - sum(p.base_count) as base_count,
        t.numerator - {{ sum_exact("p.numerator") }} as numerator,
        t.denominator - {{ sum_exact("p.denominator") }} as denominator,
        true as shows_figures
    from person_cells as t
    inner join person_cells as p
        on
            t.indicator_id = p.indicator_id
            and t.geo_level = p.geo_level
            and t.geo_code = p.geo_code
            and t.period_type = p.period_type
            and t.period_start = p.period_start
            and p.sex in ('K', 'M')
    where t.sex = 'T'
    group by
        t.indicator_id, t.geo_level, t.geo_code, t.period_type, t.period_start,
        t.base_count, t.numerator, t.denominator
    having t.base_count - sum(p.base_count) > 0
),

cells as (
    select * from person_cells
    union all
    select * from unknown_sex_cells
),

identified as (
    select
        {{ disclosure_cell_id(
            'c.indicator_id', 'c.geo_level', 'c.geo_code', 'c.period_type', 'c.period_start', 'c.sex'
        ) }} as cell_id,
        c.*
    from cells as c
),

-- the last publication made from this warehouse (nara-vard publish keeps it beside the build database)
{%- set previous = publication_state('disclosure_cells.parquet') %}
previous as (
    select
        {% for name, data_type in [
            ('cell_id', dbt.type_string()), ('was_hidden', 'boolean'), ('base_count', type_double()),
            ('numerator', type_double()),
        ] -%}
            cast({{ name if previous else 'null' }} as {{ data_type }}) as {{ name }},
        {% endfor -%}
        cast({{ 'denominator' if previous else 'null' }} as {{ type_double() }}) as denominator
    {% if previous -%}
        from {{ previous }}
    {%- else -%}
        where 1 = 0
    {%- endif %}
),

compared as (
    select
        c.*,
        p.was_hidden,
        (
            p.cell_id is not null
            and coalesce(
                cast(c.base_count as {{ type_double() }}) = p.base_count, c.base_count is null and p.base_count is null
            )
            and coalesce(c.numerator = p.numerator, c.numerator is null and p.numerator is null)
            and coalesce(c.denominator = p.denominator, c.denominator is null and p.denominator is null)
        ) as is_unchanged
    from identified as c
    left join previous as p on c.cell_id = p.cell_id
),

flagged as (
    select
        c.cell_id,
        c.indicator_id,
        c.geo_level,
        c.geo_code,
        c.period_type,
        c.period_start,
        c.sex,
        c.base_count,
        c.numerator,
        c.denominator,
        i.base_count_basis,
        -- the cells solved together: an indicator with its parts (helt_i_primarvarden and its diagnosis groups)
        coalesce(i.part_of_indicator_id, c.indicator_id) as disclosure_family,
        c.shows_figures,
        -- the region publishes its own totals: they are never hidden (its K and M may be)
        c.geo_level = 'region' and c.sex = 'T' as is_exempt,
        -- hidden in the last publication and unchanged since: it stays hidden (the solver starts from it, as
        -- from the primary cells), so that this publication does not give a reader the piece the last kept back
        coalesce(c.was_hidden, false) and c.is_unchanged as is_kept_hidden,
        -- shown in the last publication and unchanged since: a reader knows it, hiding it protects nothing
        not coalesce(c.was_hidden, true) and c.is_unchanged as is_known_to_reader
    from compared as c
    inner join indicators as i on c.indicator_id = i.indicator_id
),

final as (
    select
        *,
        shows_figures
        and not is_exempt
        and base_count between 1 and {{ var('min_cell_count') }} - 1 as is_primary
    from flagged
)

select * from final
