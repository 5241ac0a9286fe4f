{#
    Why a cell is hidden, missing or incomplete, as a report shows it: in Swedish, with the usability
    reason's details (source, period, counts) in brackets; NULL for a usable shown value. A hidden
    cell gets one note whatever hid it (which rule did is not published). For kvinnor and män, an
    `incomplete` that comes from rows without a known sex says so, with the share only where the
    mart publishes it (elsewhere the reason's figure would narrow a hidden cell down).
#}
{% macro cell_note_sv(suppression, quality_flag, reason, sex="'T'", sex_known_share="null") -%}
    case
        when {{ suppression }} is not null
            then 'Dolt för att skydda enskilda (..)'
        when {{ quality_flag }} = 'incomplete' and {{ sex }} in ('K', 'M') and {{ sex_known_share }} < 1
            then
                'Ofullständigt: könet är känt för '
                || {{ format_swedish_number('100 * (' ~ sex_known_share ~ ')', 1, "'none'") }}
                || ' % av raderna bakom totalen; kvinnor och män räknar bara dem'
        when
            {{ quality_flag }} = 'incomplete' and {{ sex }} in ('K', 'M')
            and {{ reason }} like 'könet är inte känt%'
            then 'Ofullständigt: könet är inte känt för alla bakom totalen; kvinnor och män räknar bara dem'
        else {{ quality_flag_sv(quality_flag) }} || coalesce(' (' || {{ reason }} || ')', '')
    end
{%- endmacro %}
