{#
    Invalid landing rows as findings, from every staging model (a loop over landing_sources()): one
    row per invalid row, with the rule and column the staging validation named. A missing column
    makes every line of its file invalid: it is reported once, on the header line (line 1).
#}
with invalid_rows as (
    {% for landing in landing_sources() %}
        {{ invalid_row_findings(landing.staging, landing.period, landing.get('org')) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

final as (
    select
        check_id,
        source,
        file_name,
        case when check_id like '%.missing_column.file' then 1 else line_number end as line_number,
        org_code,
        period_start,
        column_name,
        message
    from (
        select
            *,
            row_number() over (partition by check_id, file_name order by line_number) as row_in_file
        from invalid_rows
    ) as numbered
    where
        check_id not like '%.missing_column.file'
        or row_in_file = 1
)

select * from final
