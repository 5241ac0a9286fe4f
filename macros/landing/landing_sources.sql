{#
    The landing sources, one entry per landing folder: var `landing_sources` in dbt_project.yml, where
    each key is explained (group, name, base, staging, has_superseded, period, delivered_date, org).
    Models that treat every landing file alike loop over this list, so a new source is added there
    once; Python reads the same var (nara_vard.project_vars).
#}
{% macro landing_sources() -%}
    {% do return(var('landing_sources')) %}
{%- endmacro %}
