{#
    unknown_diagnosis_findings(source, relation, id_column, what, date_column): one finding per valid staging row
    whose main diagnosis (normalised by icd10_codes(): upper case, no dot) is no ICD-10-SE code: not a letter, two
    digits and up to three more characters (a primary-care KSH97-P code may end in `-P`), or a category in no
    chapter of reference__icd10_chapters (D49, K99, ...). The row stays valid: an unknown code is reported, never a
    reason to drop the contact. Needs a CTE `icd10_chapters` in the calling model.
#}
{% macro unknown_diagnosis_findings(source, relation, id_column, what, date_column) -%}
    select
        '{{ source }}.consistency.diagnosis_code_known' as check_id,
        x.source_name as source,
        x.file_name,
        x.line_number,
        {{ region_code() }} as org_code,
        cast(date_trunc('month', x.{{ date_column }}) as date) as period_start,
        'huvuddiagnos' as column_name,
        '{{ what }} ' || x.{{ id_column }} || ': main diagnosis ' || chr(39) || x.main_diagnosis_code || chr(39)
        || ' is not an ICD-10-SE code' as message
    from {{ relation }} as x
    left join icd10_chapters as c
        on substr(x.main_diagnosis_code, 1, 3) between c.first_code and c.last_code
    where
        x.is_valid
        and x.main_diagnosis_code is not null
        and (c.chapter is null or not {{ regexp_full('x.main_diagnosis_code', "'[A-Z][0-9]{2}[0-9A-Z]{0,3}(-P)?'") }})
{%- endmacro %}
