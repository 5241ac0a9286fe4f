{#
    Why a cell is hidden, missing or incomplete, as a report shows it on hover: in Swedish, with the
    usability reason's details (source, period, counts) in brackets; NULL for a usable shown value.
#}
{% macro cell_note_sv(suppression, unit_sv, quality_flag, reason) -%}
    case
        when {{ suppression }} = 'primary'
            then 'Dolt för att skydda enskilda: 1–{{ var("min_cell_count") - 1 }} ' || {{ unit_sv }} || ' bakom värdet'
        when {{ suppression }} = 'secondary'
            then 'Dolt för att skydda enskilda: annars kunde ett annat dolt värde räknas fram ur summorna'
        else {{ quality_flag_sv(quality_flag) }} || coalesce(' (' || {{ reason }} || ')', '')
    end
{%- endmacro %}
