{#
    The municipalities' health-care accounts: one row per delivered line (normally one per year, municipality
    and activity), amounts in thousands of SEK as delivered and in SEK. A year re-delivered as a higher version
    (`kommun_ekonomi_YYYY_v2.csv`, a municipality's late accounts added) supersedes the earlier file's rows of
    the same year, municipality and activity (`is_superseded`). `file_modified_at` is the time the file was
    saved in the landing: the file carries no delivery date, so the delivery coverage takes this as one.
#}
with account_lines as (
    select * from {{ ref('base_ekonomi__municipal_account_lines') }}
),

parsed as {{ parse_once() }} (
    select
        {{ landing_row_columns() }},
        last_modified,
        ar,
        kommun_kod,
        verksamhet,
        bruttokostnad_tkr,
        nettokostnad_tkr,
        case when {{ regexp_full('trim(ar)', "'[0-9]{4}'") }} then cast(trim(ar) as integer) end as account_year,
        {{ parse_integer('bruttokostnad_tkr') }} as gross_cost_tkr,
        {{ parse_integer('nettokostnad_tkr') }} as net_cost_tkr,
        coalesce(
            cast({{ regexp_group('file_name', "'(?i)_v([0-9]{1,6})[.][a-z]+$'", 1) }} as integer), 1
        ) as file_version
    from account_lines
),

validated as (
    select
        *,
        {{ validation_columns(structural_checks() + [
            check_required('ar', 'ar'),
            check_required('kommun_kod', 'kommun_kod'),
            check_required('verksamhet', 'verksamhet'),
            check_required('bruttokostnad_tkr', 'bruttokostnad_tkr'),
            check_required('nettokostnad_tkr', 'nettokostnad_tkr'),
            check_format('ar', 'account_year', 'ar', 'a year (YYYY)'),
            check_municipality_code('kommun_kod'),
            check_format('bruttokostnad_tkr', 'gross_cost_tkr', 'bruttokostnad_tkr', 'a whole number'),
            check_format('nettokostnad_tkr', 'net_cost_tkr', 'nettokostnad_tkr', 'a whole number'),
        ] + contract_code_checks('kommun_ekonomi') + [
            check_non_negative('gross_cost_tkr', 'bruttokostnad_tkr', 'bruttokostnad_tkr'),
            ["net_cost_tkr > gross_cost_tkr", "implausible_value", "nettokostnad_tkr",
             "'net cost (' || nettokostnad_tkr || ' tkr) above gross cost (' || bruttokostnad_tkr || ' tkr)'"],
            check_file_period("make_date(account_year, 1, 1)", 'year', 'ar'),
        ]) }}
    from parsed
),

final as (
    select
        account_year,
        trim(kommun_kod) as municipality_code,
        verksamhet as activity,
        gross_cost_tkr,
        net_cost_tkr,
        cast(net_cost_tkr as {{ type_double() }}) * 1000 as net_cost_sek,
        file_version,
        cast(last_modified as date) as file_modified_at,
        {{ is_superseded(
            'account_year, trim(kommun_kod), verksamhet', 'file_version desc, file_name desc'
        ) }} as is_superseded,
        {{ lineage_columns() }}
    from validated
)

select * from final
