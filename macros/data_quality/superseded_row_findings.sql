{#
    superseded_row_findings(check_id, relation, id_column, date_column, what): one finding per row of a staging
    relation (with is_superseded) that a later delivery re-sent, so that this delivery is superseded: a
    corrected Vega episode, a re-sent open-care contact.
#}
{% macro superseded_row_findings(check_id, relation, id_column, date_column, what) -%}
    select
        '{{ check_id }}' as check_id,
        source_name as source,
        file_name,
        line_number,
        {{ region_code() }} as org_code,
        cast(date_trunc('month', {{ date_column }}) as date) as period_start,
        '{{ what.column }}' as column_name,
        '{{ what.noun }} ' || {{ id_column }} || ' was re-sent later; this delivery is superseded' as message
    from {{ relation }}
    where is_superseded
{%- endmacro %}
