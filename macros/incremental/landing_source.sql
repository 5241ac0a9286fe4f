{#
    File-level incremental loading of the landing (the base models).

    landing_source(source_name, table_name): the relation a base model parses, in place of
    source(source_name, table_name). On a full build (first build, --full-refresh) that is the
    source itself: read_blob over every file of the folder. On an incremental build it is
    read_blob([...]) over only the files that are new or changed since the rows already in
    {{ this }}: a file is unchanged when a row of {{ this }} has its path, last_modified and size
    (read_blob lists those without reading any content). With no such file it is an empty relation
    of the same shape. Files that hold no rows in {{ this }} (a lines table has none for an empty,
    header-only or unreadable file) are read again each time: they are small, and their result is
    the same.

    landing_prune_changed_files(): the pre-hook of every base model. On an incremental build it
    deletes from {{ this }} the rows of files that changed (other last_modified or size) or are
    gone from the landing, in the transaction that then appends the rows landing_source() read.
    So {{ this }} always holds exactly the rows of the files in the landing, as a full build would.
#}
{% macro landing_source(source_name, table_name) %}
    {%- set relation = source(source_name, table_name) -%}
    {%- if not (execute and is_incremental()) -%}
        {{ return(relation) }}
    {%- endif -%}
    {%- do landing_check_incremental_columns() -%}
    {%- set to_read = run_query(
        "select listing.filename from " ~ relation ~ " as listing"
        ~ " left join (select distinct file_path, last_modified, file_bytes from " ~ this ~ ") as loaded"
        ~ " on listing.filename = loaded.file_path and listing.last_modified = loaded.last_modified"
        ~ " and listing.size = loaded.file_bytes"
        ~ " where loaded.file_path is null order by listing.filename"
    ).columns[0].values() -%}
    {%- if to_read | length == 0 -%}
        {{ return("(select * from " ~ relation ~ " where false)") }}
    {%- endif -%}
    {%- set quoted = [] -%}
    {%- for path in to_read -%}
        {%- do quoted.append("'" ~ path | replace("'", "''") ~ "'") -%}
    {%- endfor -%}
    {{ return("read_blob([" ~ quoted | join(", ") ~ "])") }}
{% endmacro %}

{% macro landing_prune_changed_files() %}
    {%- if execute and is_incremental() -%}
        {%- do landing_check_incremental_columns() -%}
        {%- if model.sources | length != 1 -%}
            {%- do exceptions.raise_compiler_error(
                model.name ~ ": landing_prune_changed_files() expects a base model reading exactly one source"
            ) -%}
        {%- endif -%}
        delete from {{ this }} as loaded
        where not exists (
            select 1
            from {{ source(model.sources[0][0], model.sources[0][1]) }} as listing
            where listing.filename = loaded.file_path
                and listing.last_modified = loaded.last_modified
                and listing.size = loaded.file_bytes
        )
    {%- endif -%}
{% endmacro %}

{#
    A base table built before the base models became incremental (or by a version whose columns
    differ) cannot be updated in place: say so plainly instead of failing on a missing column.
#}
{% macro landing_check_incremental_columns() %}
    {%- set names = adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list -%}
    {%- for required in ['file_path', 'last_modified', 'file_bytes'] -%}
        {%- if required not in names -%}
            {%- do exceptions.raise_compiler_error(
                this ~ " has no column " ~ required ~ ": it was built by an earlier version of the project. "
                ~ "Rebuild it once with `nara-vard build --full-refresh` (the base tables are then loaded "
                ~ "incrementally, file by file)."
            ) -%}
        {%- endif -%}
    {%- endfor -%}
{% endmacro %}
