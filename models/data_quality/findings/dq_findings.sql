{#
    One row per failed check instance, across every source: the union of the finding models, one
    per kind of finding, with dimension and severity from the check catalogue. Messages are masked
    for personnummer-like values.
#}
{%- set finding_models = [
    'dq_delivery_findings',
    'dq_file_findings',
    'dq_invalid_row_findings',
    'dq_cross_source_findings',
    'dq_reference_code_findings',
    'dq_uniqueness_findings',
] %}

with checks as (
    select * from {{ ref('reference__dq_checks') }}
),

all_findings as (
    {%- for finding_model in finding_models %}
        select
            check_id,
            source,
            file_name,
            line_number,
            org_code,
            period_start,
            column_name,
            message
        from {{ ref(finding_model) }}
        {{ "union all" if not loop.last }}
    {%- endfor %}
),

final as (
    select
        f.check_id,
        c.kahn_dimension,
        coalesce(c.dimension, 'validity') as dimension,
        coalesce(c.severity, 'warn') as severity,
        f.source,
        f.file_name,
        f.line_number,
        f.org_code,
        f.period_start,
        nullif(f.column_name, '') as column_name,
        {{ mask_personnummer('f.message') }} as message,
        c.check_id is not null as is_catalogued
    from all_findings as f
    left join checks as c on f.check_id = c.check_id
)

select * from final
