{#
    source_contract(source_name): the contract of one landing source, written once as the `contract` meta of
    its table in models/staging/<group>/_<group>__sources.yml (the export layout of SOURCES.md):

    columns: in delivery order, each {name, header?, aliases?, required?, never_empty?, format?, format_note?,
        codes?, pseudonymous?, not_negative?, known?}
        name         our column name, the contract's header in header_key() form unless `header` says otherwise
        header       the header as the contract writes it (default: name), used in messages
        aliases      other header_key() forms a delivery may use (the name's own form is always accepted)
        required     the header must be in the file (default true): without it the file is unusable
        never_empty  the value may not be empty            format   a named format (nara_vard.quality.FORMATS)
        codes        the values a coded column may take    pseudonymous  a pseudonymous id, never a personnummer
        not_negative a count that may not be negative      known    {seed, column}: a code listed in a seed
    unique: column lists unique over every delivered line;  not_after: [{earlier, later}] dates in order
    total_rows: {column, labels}: total rows a delivery may append (reported once, left out of line checks)
    file_name_code: {column, pattern}: the code in the file name that every row must repeat

    The base model parses the columns (landing_rows), staging checks the codes (source_codes), the Great
    Expectations suites are built from all of it (nara_vard.quality, reading the same YAML). dbt keeps the
    meta in the manifest; a model reads it through `graph` when it is compiled (while dbt parses, the contract
    is not known yet and this returns an empty one).
#}
{% macro source_contract(source_name) -%}
    {#- while dbt parses, and in a unit test (dbt compiles it without the sources in `graph`: it tests the
        model's own logic on the rows it is given), the contract is not known: an empty one -#}
    {%- if not execute or 'sources' not in graph -%}
        {{ return({'columns': []}) }}
    {%- endif -%}
    {%- for node in graph.sources.values() if node.package_name == project_name and node.name == source_name -%}
        {%- set contract = node.config.get('meta', {}).get('contract') or node.meta.get('contract') -%}
        {%- if contract -%}
            {{ return(contract) }}
        {%- endif -%}
    {%- endfor -%}
    {{ exceptions.raise_compiler_error("the landing source " ~ source_name ~ " has no contract: add `config: meta: "
        ~ "contract:` to its table in models/staging/<group>/_<group>__sources.yml") }}
{%- endmacro %}

{# The columns of a source's contract as landing_rows reads them: {name, header, aliases, required}. #}
{% macro contract_columns(source_name) -%}
    {%- set columns = [] -%}
    {%- for col in source_contract(source_name).columns -%}
        {%- set own_key = col.name | replace('_', '') | lower -%}
        {%- do columns.append({
            'name': col.name,
            'header': col.get('header', col.name),
            'aliases': [own_key] + (col.get('aliases', []) | reject('equalto', own_key) | list),
            'required': col.get('required', true),
        }) -%}
    {%- endfor -%}
    {{ return(columns) }}
{%- endmacro %}

{#
    The values a coded column of a source may take (its contract's `codes`, the one place they are written;
    the Great Expectations suites read the same YAML). While dbt parses, a placeholder.
#}
{% macro source_codes(source_name, column) -%}
    {%- if not execute -%}
        {{ return(['?']) }}
    {%- endif -%}
    {%- for col in source_contract(source_name).columns if col.name == column and col.codes -%}
        {{ return(col.codes) }}
    {%- endfor -%}
    {{ exceptions.raise_compiler_error("the contract of " ~ source_name ~ " has no codes for " ~ column) }}
{%- endmacro %}

{#
    The staging checks of a source's coded columns: check_accepted() for each column with `codes` in its
    contract, in contract order, named by the contract's header. While dbt parses, none.
#}
{% macro contract_code_checks(source_name) -%}
    {%- set checks = [] -%}
    {%- for col in source_contract(source_name).columns if col.codes -%}
        {%- do checks.append(check_accepted(col.name, col.codes, col.get('header', col.name))) -%}
    {%- endfor -%}
    {{ return(checks) }}
{%- endmacro %}
