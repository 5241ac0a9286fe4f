{#
    Every published value that a later publication changed, with the reason: the revision history that
    `nara-vard publish` keeps (history/<publication_id>/revisions.parquet, nara_vard.revisions). Built, it
    holds the revisions of every publication so far; `nara-vard publish` adds the ones its own publication
    makes, so the published table is complete. Both values are published ones (a hidden cell is NULL in
    both), so the list shows nothing the publications do not. Empty until something has been published
    twice, and on PostgreSQL and Spark, which do not read the publisher's folder.
#}
{%- set history = publication_history('revisions.parquet') -%}
{%- set string = dbt.type_string() -%}
{%- set columns = [
    ('publication_id', string), ('previous_publication_id', string), ('indicator_id', string),
    ('geo_level', string), ('geo_code', string), ('period_type', string), ('period_start', 'date'),
    ('sex', string), ('previous_value', type_double()), ('revised_value', type_double()),
    ('previous_suppression', string), ('revised_suppression', string), ('revision_kind', string),
    ('reason', string),
] -%}

with revisions as (
    select
        {% for name, data_type in columns -%}
            cast({{ name if history else 'null' }} as {{ data_type }}) as {{ name }},
        {% endfor -%}
        cast({{ 'reason_files' if history else 'null' }} as {{ string }}) as reason_files
    {% if history -%}
        from {{ history }}
    {%- else -%}
        where 1 = 0
    {%- endif %}
),

final as (
    select * from revisions
)

select * from final
