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
{%- set double = type_double() -%}

with revisions as (
    {% if history %}
        select
            cast(publication_id as {{ string }}) as publication_id,
            cast(previous_publication_id as {{ string }}) as previous_publication_id,
            cast(indicator_id as {{ string }}) as indicator_id,
            cast(geo_level as {{ string }}) as geo_level,
            cast(geo_code as {{ string }}) as geo_code,
            cast(period_type as {{ string }}) as period_type,
            cast(period_start as date) as period_start,
            cast(sex as {{ string }}) as sex,
            cast(previous_value as {{ double }}) as previous_value,
            cast(revised_value as {{ double }}) as revised_value,
            cast(previous_suppression as {{ string }}) as previous_suppression,
            cast(revised_suppression as {{ string }}) as revised_suppression,
            cast(revision_kind as {{ string }}) as revision_kind,
            cast(reason as {{ string }}) as reason,
            cast(reason_files as {{ string }}) as reason_files
        from {{ history }}
    {% else %}
        select
            cast(null as {{ string }}) as publication_id,
            cast(null as {{ string }}) as previous_publication_id,
            cast(null as {{ string }}) as indicator_id,
            cast(null as {{ string }}) as geo_level,
            cast(null as {{ string }}) as geo_code,
            cast(null as {{ string }}) as period_type,
            cast(null as date) as period_start,
            cast(null as {{ string }}) as sex,
            cast(null as {{ double }}) as previous_value,
            cast(null as {{ double }}) as revised_value,
            cast(null as {{ string }}) as previous_suppression,
            cast(null as {{ string }}) as revised_suppression,
            cast(null as {{ string }}) as revision_kind,
            cast(null as {{ string }}) as reason,
            cast(null as {{ string }}) as reason_files
        where 1 = 0
    {% endif %}
),

final as (
    select * from revisions
)

select * from final
