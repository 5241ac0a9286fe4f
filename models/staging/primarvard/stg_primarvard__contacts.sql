{#
    Primary-care contacts by centre, month and contact type: one row per delivered line
    (normally one per centre, month and type). The month is its first day.
#}
with contact_lines as (
    select * from {{ ref('base_primarvard__contact_lines') }}
),

parsed as {{ parse_once() }} (
    select
        {{ landing_row_columns() }},
        manad,
        vardcentral_kod,
        kontakttyp,
        antal,
        -- parse_month() keeps the day of a full date; the contract wants the first of the month.
        cast(date_trunc('month', {{ parse_month('manad') }}) as date) as contact_month,
        {{ parse_integer('antal') }} as contacts
    from contact_lines
),

validated as (
    select
        *,
        {{ validation_columns(structural_checks() + [
            check_required('manad', 'manad'),
            check_required('vardcentral_kod', 'vardcentral_kod'),
            check_required('kontakttyp', 'kontakttyp'),
            check_required('antal', 'antal'),
            check_format('manad', 'contact_month', 'manad', 'a month (YYYY-MM)'),
            check_format('antal', 'contacts', 'antal', 'a whole number'),
        ] + contract_code_checks('primarvard_kontakter') + [
            check_non_negative('contacts', 'antal', 'antal'),
            check_file_period('contact_month', 'month', 'manad'),
        ]) }}
    from parsed
),

final as (
    select
        contact_month,
        vardcentral_kod as care_centre_code,
        kontakttyp as contact_type,
        contacts,
        {{ lineage_columns() }}
    from validated
)

select * from final
