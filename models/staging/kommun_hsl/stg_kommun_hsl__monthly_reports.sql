{#
    Municipal health-care monthly reports: one row per delivered line, whatever the dialect (the
    base model maps dialects A, B and C by header name). The file name `hsl_<kod>_YYYY-MM[_vN].csv`
    is parsed and must agree with the row. A dialect C `Summa` row is flagged `is_total_row` and
    invalid. Corrections: for each municipality and month of the file name, every valid row but the
    one of the highest file version (then latest report date) is superseded.
#}
{%- set file_name_pattern = '(?i)^hsl_([0-9]{4})_([0-9]{4}-[0-9]{2})(_v([0-9]+))?[.]csv$' %}

with monthly_report_lines as (
    select * from {{ ref('base_kommun_hsl__monthly_report_lines') }}
),

parsed as {{ parse_once() }} (
    select
        {{ landing_row_columns() }},
        kommun_kod,
        manad,
        antal_patienter_hemsjukvard,
        antal_patienter_sabo,
        antal_hembesok,
        antal_inskrivna_65_plus,
        rapportdatum,
        lower({{ delimited_field('line_text', 'field_separator', 1) }}) in ('summa', 'totalt', 'total') as is_total_row,
        {{ regexp_group('file_name', "'" ~ file_name_pattern ~ "'", 1) }} as file_municipality_code,
        -- the pattern makes the group YYYY-MM: a valid month is the first of that month
        case
            when substr({{ regexp_group('file_name', "'" ~ file_name_pattern ~ "'", 2) }}, 6, 2) between '01' and '12'
                then cast({{ regexp_group('file_name', "'" ~ file_name_pattern ~ "'", 2) }} || '-01' as date)
        end as file_month,
        case
            when {{ regexp_contains('file_name', "'" ~ file_name_pattern ~ "'") }}
                then coalesce(
                    -- up to nine digits always fit an integer (DuckDB's try_cast took ten when < 2^31)
                    case
                        when length({{ regexp_group('file_name', "'" ~ file_name_pattern ~ "'", 4) }}) <= 9
                            then cast({{ regexp_group('file_name', "'" ~ file_name_pattern ~ "'", 4) }} as integer)
                    end,
                    1
                )
        end as file_version,
        -- parse_month() keeps the day of a full date; the contract wants the first of the month.
        cast(date_trunc('month', {{ parse_month('manad') }}) as date) as report_month,
        {{ parse_integer('antal_patienter_hemsjukvard') }} as patients_home_care,
        {{ parse_integer('antal_patienter_sabo') }} as patients_special_housing,
        {{ parse_integer('antal_hembesok') }} as home_visits,
        {{ parse_integer('antal_inskrivna_65_plus') }} as enrolled_65_plus,
        {{ parse_date('rapportdatum') }} as report_date
    from monthly_report_lines
),

validated as (
    select
        *,
        {{ validation_columns(structural_checks() + [
            ["is_total_row", "total_row", "kommun_kod", "'total row (Summa) is not data'"],
            ["file_municipality_code is null or file_month is null", "file_name_pattern", "",
             "'file name ' || file_name || ' does not match hsl_<kommun_kod>_YYYY-MM[_vN].csv'"],
            [regexp_full('kommun_kod', "'[0-9]{4}'") ~ " and kommun_kod <> file_municipality_code",
             "file_name_mismatch", "kommun_kod",
             "'kommun_kod ' || kommun_kod || ' in the row contradicts ' || file_municipality_code || ' in the file name'"],
            ["report_month <> file_month", "file_name_mismatch", "manad",
             "'month ' || manad || ' in the row contradicts ' || " ~ format_date('file_month', '%Y-%m') ~ " || ' in the file name'"],
            check_non_negative('patients_home_care', 'antal_patienter_hemsjukvard', 'antal_patienter_hemsjukvard'),
            check_non_negative('patients_special_housing', 'antal_patienter_sabo', 'antal_patienter_sabo'),
            check_non_negative('home_visits', 'antal_hembesok', 'antal_hembesok'),
            check_non_negative('enrolled_65_plus', 'antal_inskrivna_65_plus', 'antal_inskrivna_65_plus'),
            check_municipality_code('kommun_kod'),
            check_format('manad', 'report_month', 'manad', 'a month'),
            check_format('antal_patienter_hemsjukvard', 'patients_home_care', 'antal_patienter_hemsjukvard', 'a whole number'),
            check_format('antal_patienter_sabo', 'patients_special_housing', 'antal_patienter_sabo', 'a whole number'),
            check_format('antal_hembesok', 'home_visits', 'antal_hembesok', 'a whole number'),
            check_format('antal_inskrivna_65_plus', 'enrolled_65_plus', 'antal_inskrivna_65_plus', 'a whole number'),
            check_format('rapportdatum', 'report_date', 'rapportdatum', 'a date'),
            check_required('kommun_kod', 'kommun_kod'),
            check_required('manad', 'manad'),
            check_required('antal_patienter_hemsjukvard', 'antal_patienter_hemsjukvard'),
            check_required('antal_patienter_sabo', 'antal_patienter_sabo'),
            check_required('antal_hembesok', 'antal_hembesok'),
            check_required('antal_inskrivna_65_plus', 'antal_inskrivna_65_plus'),
            check_required('rapportdatum', 'rapportdatum'),
        ]) }}
    from parsed
),

final as (
    select
        kommun_kod as municipality_code,
        report_month,
        file_municipality_code,
        file_month,
        file_version,
        patients_home_care,
        patients_special_housing,
        home_visits,
        enrolled_65_plus,
        report_date,
        is_total_row,
        {{ lineage_columns() }},
        {{ is_superseded('file_municipality_code, file_month',
                         'file_version desc, report_date desc, file_name desc, line_number desc') }} as is_superseded
    from validated
)

select * from final
