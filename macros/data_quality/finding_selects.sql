{#
    Building blocks of dq_findings, one select per staging model or per source.
    invalid_row_findings(): the invalid rows of a staging model as findings; `period` is the row's
    date column (else the month in the file name), `org` the delivering organisation.
#}
{% macro invalid_row_findings(model, period, org="'14'") -%}
    select
        source_name || '.' || invalid_rule || '.' || coalesce(nullif(invalid_column, ''), 'file') as check_id,
        source_name as source,
        file_name,
        line_number,
        {{ org }} as org_code,
        coalesce(
            date_trunc('month', {{ period }}),
            try_strptime(regexp_extract(file_name, '([0-9]{4}-[0-9]{2})', 1), '%Y-%m')
        )::date as period_start,
        invalid_column as column_name,
        invalid_message as message
    from {{ ref(model) }}
    where not is_valid
{%- endmacro %}

{# Rows of a primary-care source whose care-centre code is not in the reference. #}
{% macro unknown_care_centre_findings(source, relation, period) -%}
    select
        '{{ source }}.consistency.care_centre_code_known' as check_id,
        x.source_name as source,
        x.file_name,
        x.line_number,
        '14' as org_code,
        {{ period }} as period_start,
        'vardcentral_kod' as column_name,
        'care-centre code ''' || x.care_centre_code || ''' is not in the care-centre reference' as message
    from {{ relation }} as x
    left join care_centres as c on x.care_centre_code = c.care_centre_code
    where x.is_valid and c.care_centre_code is null
{%- endmacro %}
