{#
    Daily bed census of somatic care from Vega: one row per delivered line (normally one per
    hospital and day). Occupied beds may exceed available beds (overcrowding), so that is not a rule.
#}
with census_lines as (
    select * from {{ ref('base_vega__bed_census_day_lines') }}
),

parsed as {{ parse_once() }} (
    select
        {{ landing_row_columns() }},
        datum,
        sjukhus_kod,
        disponibla_vardplatser,
        belagda_vardplatser,
        {{ parse_date('datum') }} as census_date,
        {{ parse_integer('disponibla_vardplatser') }} as available_beds,
        {{ parse_integer('belagda_vardplatser') }} as occupied_beds
    from census_lines
),

validated as (
    select
        *,
        {{ validation_columns(structural_checks() + [
            check_required('datum', 'datum'),
            check_required('sjukhus_kod', 'sjukhus_kod'),
            check_required('disponibla_vardplatser', 'disponibla_vardplatser'),
            check_required('belagda_vardplatser', 'belagda_vardplatser'),
            check_format('datum', 'census_date', 'datum', 'a date'),
            check_format('disponibla_vardplatser', 'available_beds', 'disponibla_vardplatser', 'a whole number'),
            check_format('belagda_vardplatser', 'occupied_beds', 'belagda_vardplatser', 'a whole number'),
            check_non_negative('available_beds', 'disponibla_vardplatser', 'disponibla_vardplatser'),
            check_non_negative('occupied_beds', 'belagda_vardplatser', 'belagda_vardplatser'),
            check_file_period('census_date', 'month', 'datum'),
        ]) }}
    from parsed
),

final as (
    select
        census_date,
        sjukhus_kod as hospital_code,
        available_beds,
        occupied_beds,
        {{ lineage_columns() }}
    from validated
)

select * from final
