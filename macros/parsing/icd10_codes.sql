{#
    icd10_codes(column): ICD-10-SE codes as the project stores them, written in the wild with or without
    the dot, in any case and with stray spaces (`j44.1`, `J441`, ` J44.1 `): upper case, no dot, no space
    (`J441`, as the national patient register stores them). A list separated by `|` keeps its separators
    (`E11.9|i10` -> `E119|I10`). Empty text is NULL. Nothing is validated here: whether a code exists is
    a finding of its own, never a reason to drop a row.
#}
{% macro icd10_codes(column) -%}
    nullif(upper(replace(replace(trim({{ column }}), '.', ''), ' ', '')), '')
{%- endmacro %}
