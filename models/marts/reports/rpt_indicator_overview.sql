{#
    The published table's shape ("Utfall indikatorer exempel"): one row per indicator, one column per
    report period (whole quarters, then trailing months), region values formatted the Swedish way,
    then Riktning and Nivå of the latest period that has a value and a value one year earlier to
    compare with (else of the latest period with a value, whose Riktning is then ?).
#}
{%- set report_columns = report_periods() %}
with indicator_values as (
    select * from {{ ref('fct_indicator_values', v=2) }}
    where geo_level = 'region' and sex = 'T'
),

trend as (
    select * from {{ ref('fct_indicator_trend', v=2) }}
    where geo_level = 'region' and sex = 'T'
),

indicators as (
    select * from {{ ref('dim_indicator') }}
),

labels as (
    select * from {{ ref('dim_label') }}
),

report_cells as (
    select
        v.indicator_id,
        v.period_type,
        v.period_start,
        v.value,
        {{ format_swedish_number('v.value', 'i.display_decimals', 'i.unit') }} as value_sv
    from indicator_values as v
    inner join indicators as i on v.indicator_id = i.indicator_id
    where
    {%- for col in report_columns %}
            (v.period_type = '{{ col.period_type }}' and v.period_start = cast('{{ col.period_start }}' as date))
            {{- " or" if not loop.last }}
    {%- endfor %}
),

latest_judgement as (
    select
        indicator_id,
        judged_period_sv,
        riktning,
        niva
    from (
        select
            t.indicator_id,
            t.period_label_sv as judged_period_sv,
            t.riktning,
            t.niva,
            row_number() over (
                partition by t.indicator_id
                order by (t.previous_value is not null) desc, t.period_start desc, t.period_type asc
            ) as judgement_rank
        from trend as t
        inner join report_cells as c
            on
                t.indicator_id = c.indicator_id
                and t.period_type = c.period_type
                and t.period_start = c.period_start
        where c.value is not null
    ) as ranked
    where judgement_rank = 1
),

pivoted as (
    -- sqlfluff cannot place the indent of a templated column list; the rendered SQL is fine.
    -- noqa: disable=LT02
    select
        {%- for col in report_columns %}
        max(value_sv) filter (
            where period_type = '{{ col.period_type }}' and period_start = cast('{{ col.period_start }}' as date)
        ) as {{ col.column }},
        {%- endfor %}
        indicator_id
    from report_cells
    group by indicator_id
    -- noqa: enable=LT02
),

final as (
    select
        i.display_order,
        i.indicator_id,
        -- one name per indicator (the published table's own label stays in dim_indicator)
        i.indicator_name_sv as indicator_label_sv,
        i.unit,
        {%- for col in report_columns %}
            p.{{ col.column }},
        {%- endfor %}
        coalesce(j.riktning, '?') as riktning,
        coalesce(j.niva, '?') as niva,
        j.judged_period_sv,
        rk.label_long_sv as riktning_sv,
        -- "mål" only for a decided target, "jämförelsevärde" for a benchmark (reference__labels_sv)
        nv.label_long_sv as niva_sv,
        i.reference_kind,
        i.reference_label_sv
    from indicators as i
    left join pivoted as p on i.indicator_id = p.indicator_id
    left join latest_judgement as j on i.indicator_id = j.indicator_id
    left join labels as rk on rk.domain = 'riktning' and rk.code = coalesce(j.riktning, '?')
    left join labels as nv
        on
            nv.domain = 'niva_' || i.reference_kind
            and nv.code = case when i.reference_kind = 'none' then '?' else coalesce(j.niva, '?') end
)

select * from final
