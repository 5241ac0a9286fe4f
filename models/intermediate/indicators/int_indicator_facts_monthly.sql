{#
    Every indicator's facts at one grain (indicator × month × base geography × sex × distinct key),
    the union of the fact models under facts/ — one per indicator or per family sharing one source
    and one rule. dbt must know a model's inputs before any seed can be read, so the fact models
    are named here once; at run time the list is checked against the catalogue's fact_model column
    and the build stops naming any catalogue indicator whose model is missing.
#}
{%- set fact_models = [
    'int_indicator_facts__aterinlaggning_30d',
    'int_indicator_facts__bedomning_3d',
    'int_indicator_facts__belaggningsgrad',
    'int_indicator_facts__digitala_vardmoten',
    'int_indicator_facts__egenmonitorering_patienter',
    'int_indicator_facts__hsl_inskrivna_65_per_1000',
    'int_indicator_facts__length_of_stay',
    'int_indicator_facts__narsjukvardsteam',
    'int_indicator_facts__npe_delaktighet',
    'int_indicator_facts__sip_antal',
    'int_indicator_facts__telefon_24h',
    'int_indicator_facts__utskrivningsklar_dagar',
    'int_indicator_facts__fast_lakarkontakt',
    'int_indicator_facts__undvikbar_slutenvard',
    'int_indicator_facts__uppfoljning_efter_utskrivning',
    'int_indicator_facts__primarvardens_andel_oppenvard',
    'int_indicator_facts__kontinuitet_lakare',
    'int_indicator_facts__helt_i_primarvarden',
    'int_indicator_facts__region_costs',
    'int_indicator_facts__municipal_health_care_costs',
    'int_indicator_facts__andel_resurser_nara_vard',
] -%}
{%- set catalogue = ref('reference__indicators') -%}
{{ check_indicator_fact_models(catalogue, fact_models) }}
{%- for fact_model in fact_models %}
    {% if not loop.first %}union all{% endif %}
    select
        indicator_id,
        fact_month,
        municipality_code,
        hospital_code,
        care_centre_code,
        team_code,
        sex,
        distinct_key,
        numerator,
        denominator,
        numerator_squares,
        fact_rows
    from {{ ref(fact_model) }}
{%- endfor %}
