{#
    The listing on each month's first day: listed inhabitants and those with a named regular doctor, per
    care centre, sex and age group. One row per delivered line.
#}
with listing_lines as (
    select * from {{ ref('base_primarvard__listing_lines') }}
),

parsed as {{ parse_once() }} (
    select
        {{ landing_row_columns() }},
        manad,
        vardcentral_kod,
        kon,
        aldersgrupp,
        antal_listade,
        antal_med_namngiven_fast_lakarkontakt,
        cast(date_trunc('month', {{ parse_month('manad') }}) as date) as listing_month,
        {{ parse_integer('antal_listade') }} as listed,
        {{ parse_integer('antal_med_namngiven_fast_lakarkontakt') }} as listed_with_named_doctor
    from listing_lines
),

validated as (
    select
        *,
        {{ validation_columns(structural_checks() + [
            check_required('manad', 'manad'),
            check_required('vardcentral_kod', 'vardcentral_kod'),
            check_required('antal_listade', 'antal_listade'),
            check_required('antal_med_namngiven_fast_lakarkontakt', 'antal_med_namngiven_fast_lakarkontakt'),
            check_format('manad', 'listing_month', 'manad', 'a month (YYYY-MM)'),
            check_format('antal_listade', 'listed', 'antal_listade', 'a whole number'),
            check_format('antal_med_namngiven_fast_lakarkontakt', 'listed_with_named_doctor',
                         'antal_med_namngiven_fast_lakarkontakt', 'a whole number'),
        ] + contract_code_checks('listning') + [
            check_non_negative('listed', 'antal_listade', 'antal_listade'),
            check_non_negative('listed_with_named_doctor', 'antal_med_namngiven_fast_lakarkontakt',
                               'antal_med_namngiven_fast_lakarkontakt'),
            ["listed_with_named_doctor > listed", "implausible_value", "antal_med_namngiven_fast_lakarkontakt",
             "'more listed with a named regular doctor (' || antal_med_namngiven_fast_lakarkontakt"
             ~ " || ') than listed (' || antal_listade || ')'"],
            check_file_period('listing_month', 'month', 'manad'),
        ]) }}
    from parsed
),

final as (
    select
        listing_month,
        vardcentral_kod as care_centre_code,
        kon as sex,
        aldersgrupp as age_group,
        listed,
        listed_with_named_doctor,
        {{ lineage_columns() }}
    from validated
)

select * from final
