{#
    A source is declared in two places that must agree: its entry in landing_sources() (models) and
    its row in reference__delivery_schedule (calendar and Swedish/English names, read by the check
    catalogue, the GX suites and the review page). Returns each source found in only one of them.
#}
with schedule as (
    select * from {{ ref('reference__delivery_schedule') }}
),

declared as (
    {%- for landing in landing_sources() %}
        select '{{ landing.name }}' as source
        {{ "union all" if not loop.last }}
    {%- endfor %}
),

final as (
    select
        coalesce(d.source, s.source) as source,
        case when d.source is null then 'not in landing_sources()' else 'not in the delivery schedule' end as problem
    from declared as d
    full outer join schedule as s on d.source = s.source
    where d.source is null or s.source is null
)

select * from final
