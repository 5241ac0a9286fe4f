{#
    Every rejected landing row kept as delivered (the line's text), with file, line number, the rule
    it broke and a message in words ("column Hembesök: '12,5' is not a whole number"). Values that
    look like a personnummer are masked here too.
#}
with quarantined as (
    {% for landing in landing_sources() %}
        {{ quarantine_rows(landing.staging, landing.base) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

final as (
    select
        source,
        file_name,
        line_number,
        rule,
        column_name,
        message,
        line_as_delivered,
        file_encoding,
        field_separator
    from quarantined
)

select * from final
