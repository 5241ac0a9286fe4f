{#
    National Patient Survey results for primary care: one row per delivered line (normally one
    per survey year, centre and dimension). The share is a percentage delivered with a decimal
    comma ("79,40"), kept on the 0-100 scale.
#}
with survey_lines as (
    select * from {{ ref('base_npe__survey_result_lines') }}
),

parsed as {{ parse_once() }} (
    select
        {{ landing_row_columns() }},
        ar,
        vardcentral_kod,
        dimension,
        antal_svar,
        andel_positiva,
        case when {{ regexp_full('ar', "'[0-9]{4}'") }} then cast(ar as integer) end as survey_year,
        {{ parse_integer('antal_svar') }} as respondents,
        {{ parse_decimal('andel_positiva') }} as positive_share_percent
    from survey_lines
),

validated as (
    select
        *,
        {{ validation_columns(structural_checks() + [
            check_required('ar', 'ar'),
            check_required('vardcentral_kod', 'vardcentral_kod'),
            check_required('dimension', 'dimension'),
            check_required('antal_svar', 'antal_svar'),
            check_required('andel_positiva', 'andel_positiva'),
            check_format('ar', 'survey_year', 'ar', 'a four-digit year'),
            check_format('antal_svar', 'respondents', 'antal_svar', 'a whole number'),
            check_format('andel_positiva', 'positive_share_percent', 'andel_positiva', 'a percentage'),
            check_non_negative('respondents', 'antal_svar', 'antal_svar'),
            ["positive_share_percent not between 0 and 100", "implausible_value", "andel_positiva",
             "'column andel_positiva: ' || chr(39) || andel_positiva || chr(39) || ' is not between 0 and 100'"],
            check_file_period('make_date(survey_year, 1, 1)', 'year', 'ar'),
        ]) }}
    from parsed
),

final as (
    select
        survey_year,
        vardcentral_kod as care_centre_code,
        dimension,
        respondents,
        positive_share_percent,
        {{ lineage_columns() }}
    from validated
)

select * from final
