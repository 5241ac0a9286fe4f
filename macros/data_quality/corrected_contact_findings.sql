{#
    corrected_contact_findings(source, relation): one finding per patient-level contact (a staging relation with
    contact_id and contact_date) that a later delivery re-sent, so that this delivery is superseded.
#}
{% macro corrected_contact_findings(source, relation) -%}
    select
        '{{ source }}.uniqueness.corrected_contact' as check_id,
        source_name as source,
        file_name,
        line_number,
        {{ region_code() }} as org_code,
        cast(date_trunc('month', contact_date) as date) as period_start,
        'kontakt_id' as column_name,
        'contact ' || contact_id || ' was re-sent later; this delivery is superseded' as message
    from {{ relation }}
    where is_superseded
{%- endmacro %}
