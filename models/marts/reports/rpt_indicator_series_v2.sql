{#
    Trend lines for the indicator report: every indicator's values over months, quarters and years
    for the region, each kommunalförbund and each kommun, by sex (T, and K and M where broken down),
    after disclosure control, with the 95 % interval, the Swedish text a report prints ('..' for a
    hidden value, empty for a missing one), the reason a value is hidden or missing, and Riktning
    with whether the change against a year earlier is larger than noise.
#}
with indicator_values as (
    select * from {{ ref('fct_indicator_values', v=2) }}
    where geo_level in ('region', 'kommunalforbund', 'kommun')
),

assessed as (
    select * from {{ ref('int_indicator_values_assessed') }}
    where geo_level in ('region', 'kommunalforbund', 'kommun')
),

trend as (
    select * from {{ ref('fct_indicator_trend', v=2) }}
    where geo_level in ('region', 'kommunalforbund', 'kommun')
),

indicators as (
    select * from {{ ref('dim_indicator') }}
),

labels as (
    select * from {{ ref('dim_label') }}
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
        v.sex,
        v.period_label_sv,
        v.value,
        v.ci_lower,
        v.ci_upper,
        {{ published_value_sv('v.value', 'v.suppression', 'i.display_decimals', 'i.unit') }} as value_sv,
        v.suppression,
        v.quality_flag,
        t.riktning,
        t.change_is_significant,
        {{ cell_note_sv(
            'v.suppression', 'v.quality_flag', 'a.reason_sv', 'v.sex', 'v.sex_known_share'
        ) }} as note_sv,
        v.missing_reason,
        mr.label_sv as missing_symbol
    from indicator_values as v
    inner join indicators as i on v.indicator_id = i.indicator_id
    inner join geographies as g on v.geo_level = g.geo_level and v.geo_code = g.geo_code
    left join assessed as a on {{ same_cell('v', 'a') }}
    left join trend as t on {{ same_cell('v', 't') }}
    left join labels as mr on mr.domain = 'missing_reason' and v.missing_reason = mr.code
)

select * from final
