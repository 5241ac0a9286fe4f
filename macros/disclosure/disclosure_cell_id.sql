{# One text key per mart cell (indicator × geography × period × sex), so relations can list cells of any hierarchy in one column. #}
{% macro disclosure_cell_id(indicator_id, geo_level, geo_code, period_type, period_start, sex) -%}
    {{ indicator_id }} || '|' || {{ geo_level }} || '|' || {{ geo_code }} || '|' || {{ period_type }} || '|' || cast({{ period_start }} as {{ dbt.type_string() }}) || '|' || {{ sex }}
{%- endmacro %}
