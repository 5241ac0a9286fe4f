{#
    Why a cell is hidden, missing or incomplete, as a report shows it on hover: in Swedish, with the
    usability reason's details (source, period, counts) in brackets; NULL for a usable shown value.
    For kvinnor and män, an `incomplete` that comes from rows without a known sex says so (the share is
    NULL where the mart hides it, and the general wording is used).
#}
{% macro cell_note_sv(suppression, unit_sv, quality_flag, reason, sex="'T'", sex_known_share="null") -%}
    case
        when {{ suppression }} = 'primary'
            then 'Dolt för att skydda enskilda: 1–{{ var("min_cell_count") - 1 }} ' || {{ unit_sv }} || ' bakom värdet'
        when {{ suppression }} = 'secondary'
            then 'Dolt för att skydda enskilda: annars kunde ett annat dolt värde räknas fram ur summorna'
        when {{ quality_flag }} = 'incomplete' and {{ sex }} in ('K', 'M') and {{ sex_known_share }} < 1
            then
                'Ofullständigt: könet är känt för '
                || {{ format_swedish_number('100 * (' ~ sex_known_share ~ ')', 1, "'none'") }}
                || ' % av raderna bakom totalen; kvinnor och män räknar bara dem'
        else {{ quality_flag_sv(quality_flag) }} || coalesce(' (' || {{ reason }} || ')', '')
    end
{%- endmacro %}
