{#
    Telephone accessibility of primary-care centres from Väntetider i vården: one row per
    delivered line (normally one per centre and measurement month). The month is its first day.
#}
with telephone_lines as (
    select * from {{ ref('base_vantetider__telephone_measurement_lines') }}
),

parsed as {{ parse_once() }} (
    select
        {{ landing_row_columns() }},
        matmanad,
        vardcentral_kod,
        antal_samtal,
        antal_kontakt_inom_24h,
        -- parse_month() keeps the day of a full date; the contract wants the first of the month.
        cast(date_trunc('month', {{ parse_month('matmanad') }}) as date) as measurement_month,
        {{ parse_integer('antal_samtal') }} as calls,
        {{ parse_integer('antal_kontakt_inom_24h') }} as calls_contact_within_24h
    from telephone_lines
),

validated as (
    select
        *,
        {{ validation_columns(structural_checks() + [
            check_required('matmanad', 'matmanad'),
            check_required('vardcentral_kod', 'vardcentral_kod'),
            check_required('antal_samtal', 'antal_samtal'),
            check_required('antal_kontakt_inom_24h', 'antal_kontakt_inom_24h'),
            check_format('matmanad', 'measurement_month', 'matmanad', 'a month (YYYY-MM)'),
            check_format('antal_samtal', 'calls', 'antal_samtal', 'a whole number'),
            check_format('antal_kontakt_inom_24h', 'calls_contact_within_24h', 'antal_kontakt_inom_24h', 'a whole number'),
            check_non_negative('calls', 'antal_samtal', 'antal_samtal'),
            check_non_negative('calls_contact_within_24h', 'antal_kontakt_inom_24h', 'antal_kontakt_inom_24h'),
            ["calls_contact_within_24h > calls", "implausible_value", "antal_kontakt_inom_24h",
             "'column antal_kontakt_inom_24h: ' || antal_kontakt_inom_24h || ' is more than antal_samtal ' || antal_samtal"],
            check_file_period('measurement_month', 'month', 'matmanad'),
        ]) }}
    from parsed
),

final as (
    select
        measurement_month,
        vardcentral_kod as care_centre_code,
        calls,
        calls_contact_within_24h,
        {{ lineage_columns() }}
    from validated
)

select * from final
