{#
    The region's ledger export: net cost per month, responsibility unit (Ansvar) and activity (Verksamhet). One
    row per delivered line, correction files included (`is_correction`: their rows add to the month in Period).

    Sign convention, made explicit here once: the ledger writes a cost as a negative amount (`Nettokostnad`
    -1234567,89); `ledger_amount_sek` is that amount as delivered, `net_cost_sek` is its negation, so a cost
    is positive and a net income (fees above costs) negative in every model downstream. Amounts are kept in
    whole öre as a decimal, so a month's total is exact and the same in every build (a sum of doubles is not).

    The activity code is placed on a level of care by reference__activity_classification (the one join
    allowed in staging); a code that is not there cannot be placed: the row is quarantined (`unknown_code`),
    so its amount is in no total and shows in the quality review.
#}
with ledger_lines as (
    select * from {{ ref('base_ekonomi__region_ledger_lines') }}
),

activity_classification as (
    select * from {{ ref('reference__activity_classification') }}
),

parsed as {{ parse_once() }} (
    select
        {% for column in ['source_name', 'file_name', 'line_number', 'personnummer_column', 'missing_columns',
                          'field_count', 'header_field_count'] -%}
            l.{{ column }},
        {% endfor -%}
        l.period,
        l.ansvar,
        l.ansvarsnamn,
        l.verksamhet,
        l.verksamhetsnamn,
        l.nettokostnad,
        case
            when {{ regexp_full('trim(l.period)', "'[0-9]{4}(0[1-9]|1[0-2])'") }}
                then {{ parse_month('l.period') }}
        end as ledger_month,
        cast({{ parse_decimal('l.nettokostnad') }} as decimal(38, 2)) as ledger_amount_sek,
        {{ regexp_contains('l.file_name', "'(?i)_korr[.][a-z]+$'") }} as is_correction,
        c.care_level,
        c.is_health_care,
        c.is_nara_vard
    from ledger_lines as l
    left join activity_classification as c on trim(l.verksamhet) = c.activity_code
),

validated as (
    select
        *,
        {{ validation_columns(structural_checks() + [
            check_required('period', 'Period'),
            check_required('ansvar', 'Ansvar'),
            check_required('verksamhet', 'Verksamhet'),
            check_required('nettokostnad', 'Nettokostnad'),
            check_format('period', 'ledger_month', 'Period', 'a month (YYYYMM)'),
            check_format('nettokostnad', 'ledger_amount_sek', 'Nettokostnad', 'an amount (decimal comma)'),
            ["care_level is null", "unknown_code", "Verksamhet",
             "'column Verksamhet: ' || chr(39) || verksamhet || chr(39)"
             ~ " || ' is not a code of the activity classification (reference__activity_classification)'"],
            check_file_period('ledger_month', 'month', 'Period'),
        ]) }}
    from parsed
),

final as (
    select
        ledger_month,
        trim(ansvar) as responsibility_code,
        ansvarsnamn as responsibility_name,
        trim(verksamhet) as activity_code,
        verksamhetsnamn as activity_name,
        care_level,
        is_health_care,
        is_nara_vard,
        ledger_amount_sek,
        -ledger_amount_sek as net_cost_sek,
        is_correction,
        {{ lineage_columns() }}
    from validated
)

select * from final
