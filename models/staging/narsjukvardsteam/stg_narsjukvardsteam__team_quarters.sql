{#
    Quarterly reports of the joint close-care teams: one row per delivered line (normally one per
    team and quarter). The quarter is its first day ('2022 Q1', '2022-Q1' and 'Q1 2022' are read).
    The file names municipalities, not codes: the code is looked up in reference__municipalities by
    name (case-insensitive, trimmed) - the one join allowed in staging; an unknown name gives a
    NULL code, not an invalid row.
#}
with team_quarter_lines as (
    select * from {{ ref('base_narsjukvardsteam__team_quarter_lines') }}
),

municipalities as (
    select * from {{ ref('reference__municipalities') }}
),

quarter_keys as (
    select
        *,
        {{ regexp_replace_all('upper(kvartal)', "'[ _' || chr(160) || '-]'", "''") }} as quarter_key
    from team_quarter_lines
),

parsed as {{ parse_once() }} (
    select
        l.source_name,
        l.file_name,
        l.line_number,
        l.personnummer_column,
        l.missing_columns,
        l.field_count,
        l.header_field_count,
        l.kvartal,
        l.team,
        l.kommun,
        l.antal_vardkontakter,
        l.antal_inskrivna_patienter,
        l.aktivt,
        m.municipality_code,
        case
            when {{ regexp_full('l.quarter_key', "'[0-9]{4}Q[1-4]'") }}
                then make_date(
                    cast(left(l.quarter_key, 4) as integer), cast(right(l.quarter_key, 1) as integer) * 3 - 2, 1
                )
            when {{ regexp_full('l.quarter_key', "'Q[1-4][0-9]{4}'") }}
                then make_date(
                    cast(right(l.quarter_key, 4) as integer), cast(substr(l.quarter_key, 2, 1) as integer) * 3 - 2, 1
                )
        end as quarter_start_date,
        {{ parse_integer('l.antal_vardkontakter') }} as care_contacts,
        {{ parse_integer('l.antal_inskrivna_patienter') }} as enrolled_patients,
        case lower(trim(l.aktivt))
            when 'ja' then true
            when 'nej' then false
        end as is_active
    from quarter_keys as l
    left join municipalities as m
        on lower(trim(l.kommun)) = lower(trim(m.municipality_name))
),

validated as (
    select
        *,
        {{ validation_columns(structural_checks() + [
            check_required('kvartal', 'Kvartal'),
            check_required('team', 'Team'),
            check_required('kommun', 'Kommun'),
            check_required('aktivt', 'Aktivt'),
            check_format('kvartal', 'quarter_start_date', 'Kvartal', 'a quarter (YYYY Qn)'),
            check_format('antal_vardkontakter', 'care_contacts', 'Antal vårdkontakter', 'a whole number'),
            check_format('antal_inskrivna_patienter', 'enrolled_patients', 'Antal inskrivna patienter', 'a whole number'),
            ["aktivt is not null and is_active is null", "not_accepted", "Aktivt",
             "'column Aktivt: ' || chr(39) || aktivt || chr(39) || ' is not one of "
             ~ source_codes('narsjukvardsteam', 'aktivt') | join(', ') ~ "'"],
            check_non_negative('care_contacts', 'antal_vardkontakter', 'Antal vårdkontakter'),
            check_non_negative('enrolled_patients', 'antal_inskrivna_patienter', 'Antal inskrivna patienter'),
            check_file_period('quarter_start_date', 'quarter', 'Kvartal'),
        ]) }}
    from parsed
),

final as (
    select
        quarter_start_date,
        team as team_name,
        kommun as municipality_name,
        municipality_code,
        care_contacts,
        enrolled_patients,
        is_active,
        {{ lineage_columns() }}
    from validated
)

select * from final
