{#
    The overview report cell by cell: one row per indicator × report column of the published table
    (Q1 2022 … Q4 2023, jan-24 by default) × sex (T, and K and M where the indicator is broken down),
    with the region value as a number and as Swedish text, its 95 % interval (also as text), its
    quality flag and usability reason, whether it is the period Riktning and Nivå judge, and that
    period's Riktning, Nivå and whether the change is larger than noise, for each sex.
    The indicator report draws its table and sparklines from here.
#}
{%- set report_columns = report_periods() %}
with indicator_values as (
    select * from {{ ref('fct_indicator_values', v=2) }}
    where geo_level = 'region'
),

assessed as (
    select * from {{ ref('int_indicator_values_assessed') }}
    where geo_level = 'region'
),

indicators as (
    select * from {{ ref('dim_indicator') }}
),

labels as (
    select * from {{ ref('dim_label') }}
),

overview as (
    select * from {{ ref('rpt_indicator_overview') }}
),

trend as (
    select * from {{ ref('fct_indicator_trend', v=2) }}
    where geo_level = 'region'
),

periods as (
    select * from {{ ref('dim_period') }}
),

sexes as (
    select 'T' as sex
    union all
    select 'K' as sex
    union all
    select 'M' as sex
),

indicator_sexes as (
    select
        i.indicator_id,
        s.sex
    from indicators as i
    cross join sexes as s
    where i.sex_breakdown or s.sex = 'T'
),

report_columns as (
    {%- for col in report_columns %}
        select
            {{ loop.index }} as column_order,
            '{{ col.column }}' as column_name,
            '{{ col.period_type }}' as period_type,
            cast('{{ col.period_start }}' as date) as period_start
        {{- "\n        union all" if not loop.last }}
    {%- endfor %}
),

final as (
    select
        i.indicator_id,
        i.display_order,
        o.indicator_label_sv,
        i.unit,
        c.column_order,
        c.column_name,
        c.period_type,
        c.period_start,
        s.sex,
        p.period_label_sv,
        v.value,
        v.ci_lower,
        v.ci_upper,
        {{ interval_sv('v.ci_lower', 'v.ci_upper', 'i.display_decimals', 'i.unit') }} as ci_sv,
        {{ published_value_sv('v.value', 'v.suppression', 'i.display_decimals', 'i.unit') }} as value_sv,
        v.quality_flag,
        v.suppression,
        case
            when v.indicator_id is null
                then 'Redovisas inte per ' || case c.period_type when 'month' then 'månad' else 'kvartal' end
            else
                {{ cell_note_sv(
                    'v.suppression', 'v.quality_flag', 'a.reason_sv', 'v.sex', 'v.sex_known_share'
                ) }}
        end as note_sv,
        coalesce(v.period_label_sv = o.judged_period_sv, false) as is_judged_period,
        t.riktning,
        t.niva,
        t.change_is_significant,
        case when v.indicator_id is null then 'not_measured' else v.missing_reason end as missing_reason,
        mr.label_sv as missing_symbol
    from indicators as i
    inner join indicator_sexes as s on i.indicator_id = s.indicator_id
    cross join report_columns as c
    inner join overview as o on i.indicator_id = o.indicator_id
    inner join periods as p on c.period_type = p.period_type and c.period_start = p.period_start
    left join indicator_values as v
        on
            i.indicator_id = v.indicator_id
            and c.period_type = v.period_type
            and c.period_start = v.period_start
            and s.sex = v.sex
    left join assessed as a
        on
            i.indicator_id = a.indicator_id
            and c.period_type = a.period_type
            and c.period_start = a.period_start
            and s.sex = a.sex
    left join trend as t
        on
            i.indicator_id = t.indicator_id
            and c.period_type = t.period_type
            and c.period_start = t.period_start
            and s.sex = t.sex
    left join labels as mr
        on
            mr.domain = 'missing_reason'
            and mr.code = case when v.indicator_id is null then 'not_measured' else v.missing_reason end
)

select * from final
