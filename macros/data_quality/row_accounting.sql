{#
    Row accounting for one landing source: every base row (a delivered data line) is exactly one of
    accepted, quarantined (invalid, incl. Summa rows) or superseded (a valid row a later delivery
    replaced). `has_superseded` says whether the staging model marks superseded rows.
#}
{% macro file_reconciliation_rows(staging_model, base_model, has_superseded=false) -%}
    select
        b.source_name as source,
        b.file_name,
        count(*) as rows_read,
        count(*) filter (where s.is_valid {% if has_superseded %}and not s.is_superseded{% endif %}) as rows_accepted,
        count(*) filter (where not s.is_valid) as rows_quarantined,
        {% if has_superseded -%}
        count(*) filter (where s.is_valid and s.is_superseded) as rows_superseded
        {%- else -%}
        0 as rows_superseded
        {%- endif %}
    from {{ ref(base_model) }} as b
    left join {{ ref(staging_model) }} as s on b.file_name = s.file_name and b.line_number = s.line_number
    group by b.source_name, b.file_name
{%- endmacro %}

{# The invalid rows of one source as delivered (text), with rule and message, masked. #}
{% macro quarantine_rows(staging_model, base_model) -%}
    select
        s.source_name as source,
        s.file_name,
        s.line_number,
        s.invalid_rule as rule,
        nullif(s.invalid_column, '') as column_name,
        {{ mask_personnummer('s.invalid_message') }} as message,
        {{ mask_personnummer('b.line_text') }} as line_as_delivered,
        b.file_encoding,
        b.field_separator
    from {{ ref(staging_model) }} as s
    inner join {{ ref(base_model) }} as b on s.file_name = b.file_name and s.line_number = b.line_number
    where not s.is_valid
{%- endmacro %}
