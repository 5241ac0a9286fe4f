{#
    Why a value is missing or incomplete, in Swedish, for the people who read the report: names the
    source (reference__delivery_schedule.source_name_sv, or its subject_sv mid-sentence), the
    municipality and the period (Statistics Sweden's code). Used in int_indicator_values_assessed,
    whose columns it reads (quality_flag, source_name_sv, subject_sv, geo_name_sv, period_code,
    due_date, as_of_date, the counts behind coverage).
#}
{% macro usability_reason_sv() -%}
    case quality_flag
        when 'followup_incomplete'
            then
                source_name_sv || ' är inte levererad till och med '
                || {{ format_date('period_end + 30', '%Y') }} || 'M'
                || right({{ format_date('period_end + 30', '%Y-%m') }}, 2)
                || ' (30 dagar efter perioden), så återinläggningarna kan inte räknas färdigt'
        when 'no_data'
            then
                source_name_sv || ' är inte levererad'
                || case
                    when source in {{ municipal_sources() }} and geo_level = 'kommun' then ' av ' || geo_name_sv else ''
                end
                || ' för ' || period_code
                || case when due_date >= as_of_date then ' (sista leveransdag har inte passerat)' else '' end
        when 'not_scheduled'
            then source_name_sv || ' mäts eller rapporteras inte för ' || period_code || ' (leveranskalendern)'
        when 'not_reported'
            then
                case
                    when municipal_files is not null
                        then
                            geo_name_sv || ' har levererat för ' || period_code
                            || ' men ingen rad kunde användas (se granskningssidan)'
                    else source_name_sv || ' är levererad för ' || period_code || ' men utan denna uppgift'
                end
        when 'zero_denominator' then 'nämnaren är noll, så kvoten kan inte beräknas'
        when 'incomplete'
            then
                case
                    when sex <> 'T' and sex_known_share < 1
                        then 'könet är inte känt för alla bakom totalen; kvinnor och män räknar bara dem'
                    when source in {{ municipal_sources() }} and period_type = 'month'
                        then
                            cast(municipalities - coalesce(fact_rows, 0) as {{ dbt.type_string() }}) || ' av '
                            || cast(municipalities as {{ dbt.type_string() }})
                            || ' kommuner har inte levererat ' || subject_sv || ' för ' || period_code
                    when source in {{ municipal_sources() }}
                        then
                            cast(municipalities * months_in_period - coalesce(fact_rows, 0) as {{ dbt.type_string() }})
                            || ' av ' || cast(municipalities * months_in_period as {{ dbt.type_string() }})
                            || ' kommunmånader av ' || subject_sv || ' saknas för ' || period_code
                    else
                        source_name_sv || ' är levererad för '
                        || cast(source_months_delivered as {{ dbt.type_string() }}) || ' av '
                        || cast(months_in_period as {{ dbt.type_string() }}) || ' månader av ' || period_code
                end
    end
{%- endmacro %}
