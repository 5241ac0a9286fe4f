{#
    Building blocks of the finding models (dq_invalid_row_findings, dq_reference_code_findings),
    one select per staging model or per source.
    invalid_row_findings(): the invalid rows of a staging model as findings; `period` is the row's
    date column (else the month in the file name), `org` the delivering organisation's expression
    (default the region: region_code()).
#}
{% macro invalid_row_findings(model, period, org=none) -%}
    select
        source_name || '.' || invalid_rule || '.' || case
            when invalid_rule = 'personnummer' then 'any_column'
            else coalesce(nullif(invalid_column, ''), 'file')
        end as check_id,
        source_name as source,
        file_name,
        line_number,
        {{ org or region_code() }} as org_code,
        cast(coalesce(
            date_trunc('month', {{ period }}),
            {{ parse_month(regexp_group('file_name', "'([0-9]{4}-[0-9]{2})'", 1)) }}
        ) as date) as period_start,
        invalid_column as column_name,
        invalid_message as message
    from {{ ref(model) }}
    where not is_valid
{%- endmacro %}

{#
    Valid rows of a staging relation whose code is not in a reference: one consistency finding each.
    `check` is the last part of the check id (e.g. hospital_code_known), `period` an expression on
    `x`, `header` the contract's column name and `what` the reference in words.
#}
{% macro unknown_code_findings(source, check, relation, code_column, reference, reference_column, period, header, what)
-%}
    select
        '{{ source }}.consistency.{{ check }}' as check_id,
        x.source_name as source,
        x.file_name,
        x.line_number,
        {{ region_code() }} as org_code,
        cast(date_trunc('month', {{ period }}) as date) as period_start,
        '{{ header }}' as column_name,
        '{{ header }} ' || chr(39) || x.{{ code_column }} || chr(39) || ' is not {{ what }}' as message
    from {{ relation }} as x
    left join {{ reference }} as r on x.{{ code_column }} = r.{{ reference_column }}
    where x.is_valid and r.{{ reference_column }} is null
{%- endmacro %}
