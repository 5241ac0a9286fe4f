{#
    Medical assessment within 3 days from Väntetider i vården: one row per delivered line
    (normally one per centre and reported month). The month is its first day.
#}
with assessment_lines as (
    select * from {{ ref('base_vantetider__assessment_measurement_lines') }}
),

parsed as {{ parse_once() }} (
    select
        {{ landing_row_columns() }},
        manad,
        vardcentral_kod,
        antal_forsta_kontakter,
        antal_bedomda_inom_3_dagar,
        -- parse_month() keeps the day of a full date; the contract wants the first of the month.
        cast(date_trunc('month', {{ parse_month('manad') }}) as date) as measurement_month,
        {{ parse_integer('antal_forsta_kontakter') }} as first_contacts,
        {{ parse_integer('antal_bedomda_inom_3_dagar') }} as assessed_within_3_days
    from assessment_lines
),

validated as (
    select
        *,
        {{ validation_columns(structural_checks() + [
            check_required('manad', 'manad'),
            check_required('vardcentral_kod', 'vardcentral_kod'),
            check_required('antal_forsta_kontakter', 'antal_forsta_kontakter'),
            check_required('antal_bedomda_inom_3_dagar', 'antal_bedomda_inom_3_dagar'),
            check_format('manad', 'measurement_month', 'manad', 'a month (YYYY-MM)'),
            check_format('antal_forsta_kontakter', 'first_contacts', 'antal_forsta_kontakter', 'a whole number'),
            check_format('antal_bedomda_inom_3_dagar', 'assessed_within_3_days', 'antal_bedomda_inom_3_dagar', 'a whole number'),
            check_non_negative('first_contacts', 'antal_forsta_kontakter', 'antal_forsta_kontakter'),
            check_non_negative('assessed_within_3_days', 'antal_bedomda_inom_3_dagar', 'antal_bedomda_inom_3_dagar'),
            ["assessed_within_3_days > first_contacts", "implausible_value", "antal_bedomda_inom_3_dagar",
             "'column antal_bedomda_inom_3_dagar: ' || antal_bedomda_inom_3_dagar || ' is more than antal_forsta_kontakter ' || antal_forsta_kontakter"],
            check_file_period('measurement_month', 'month', 'manad'),
        ]) }}
    from parsed
),

final as (
    select
        measurement_month,
        vardcentral_kod as care_centre_code,
        first_contacts,
        assessed_within_3_days,
        {{ lineage_columns() }}
    from validated
)

select * from final
