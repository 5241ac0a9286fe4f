{#
    Trend lines for the indicator report: every indicator's values over months, quarters and years
    for the region, each kommunalförbund and each kommun, after disclosure control, with the Swedish
    text a report prints ('..' for a hidden value, empty for a missing one) and the reason a value
    is hidden or missing.
#}
with indicator_values as (
    select * from {{ ref('fct_indicator_values') }}
    where geo_level in ('region', 'kommunalforbund', 'kommun')
),

assessed as (
    select * from {{ ref('int_indicator_values_assessed') }}
    where geo_level in ('region', 'kommunalforbund', 'kommun')
),

indicators as (
    select * from {{ ref('dim_indicator') }}
),

geographies as (
    select * from {{ ref('dim_geography') }}
),

final as (
    select
        v.indicator_id,
        v.geo_level,
        v.geo_code,
        g.geo_name_sv,
        v.period_type,
        v.period_start,
        v.period_label_sv,
        v.value,
        case
            when v.suppression is not null then '..'
            else {{ format_swedish_number('v.value', 'i.display_decimals', 'i.unit') }}
        end as value_sv,
        v.suppression,
        v.quality_flag,
        {{ cell_note_sv('v.suppression', 'i.base_count_unit_sv', 'v.quality_flag', 'a.reason') }} as note_sv
    from indicator_values as v
    inner join indicators as i on v.indicator_id = i.indicator_id
    inner join geographies as g on v.geo_level = g.geo_level and v.geo_code = g.geo_code
    left join assessed as a on {{ same_cell('v', 'a') }}
)

select * from final
