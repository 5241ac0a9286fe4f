{#
    Stops the build when a catalogue indicator's fact_model is not among the models the union
    reads (a new indicator's model was written but not added to the list, or misnamed).
#}
{% macro check_indicator_fact_models(catalogue, fact_models) -%}
    {%- if execute -%}
        {%- set rows = run_query('select indicator_id, fact_model from ' ~ catalogue ~ ' order by indicator_id') -%}
        {%- set missing = [] -%}
        {%- for row in rows if row['fact_model'] not in fact_models -%}
            {%- do missing.append(row['indicator_id'] ~ ' (' ~ (row['fact_model'] or 'no fact_model') ~ ')') -%}
        {%- endfor -%}
        {%- if missing -%}
            {{ exceptions.raise_compiler_error(
                'Catalogue indicators without a fact model in int_indicator_facts_monthly: '
                ~ missing | join(', ')
                ~ '. Write models/intermediate/indicators/facts/<fact_model>.sql and add its name to the list.'
            ) }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
