{#
    Staging never drops or duplicates a landing line: every staging model has exactly the rows of
    its base model (same file × line keys), for every source of landing_sources(). Returns one row
    per model whose counts differ.
#}
with row_counts as (
    {%- for landing in landing_sources() %}
        select
            '{{ landing.staging }}' as staging_model,
            (select count(*) from {{ ref(landing.base) }}) as base_rows,
            (select count(*) from {{ ref(landing.staging) }}) as staging_rows
        {{ "union all" if not loop.last }}
    {%- endfor %}
),

final as (
    select
        staging_model,
        base_rows,
        staging_rows
    from row_counts
    where base_rows <> staging_rows
)

select * from final
