{#
    Row validation for staging models. A check is [condition, rule, column, message_sql]; the first
    check that holds names the row's failure. Rows are flagged, never dropped: data_quality counts
    and quarantines them.
#}
{% macro validation_columns(checks) -%}
    case
        {%- for check in checks %}
        when {{ check[0] }} then '{{ check[1] }}'
        {%- endfor %}
    end as invalid_rule,
    case
        {%- for check in checks %}
        when {{ check[0] }} then '{{ check[2] }}'
        {%- endfor %}
    end as invalid_column,
    case
        {%- for check in checks %}
        when {{ check[0] }} then {{ check[3] }}
        {%- endfor %}
    end as invalid_message
{%- endmacro %}

{# Checks every landing row gets: the file has the required columns and the line has the header's field count. #}
{% macro structural_checks() -%}
    {% do return([
        ["len(missing_columns) > 0", "missing_column", "",
         "'required column(s) ' || array_to_string(missing_columns, ', ') || ' missing in ' || file_name"],
        ["field_count <> header_field_count", "field_count", "",
         "'line has ' || field_count || ' fields, the header has ' || header_field_count"],
    ]) %}
{%- endmacro %}

{% macro check_required(raw, header) -%}
    {% do return([raw ~ " is null", "required_value", header, "'column " ~ header ~ " is empty'"]) %}
{%- endmacro %}

{# A non-empty value that its parser could not read. `expectation` completes "… is not <expectation>". #}
{% macro check_format(raw, parsed, header, expectation) -%}
    {% do return([
        raw ~ " is not null and " ~ parsed ~ " is null", "invalid_format", header,
        "'column " ~ header ~ ": ''' || " ~ raw ~ " || ''' is not " ~ expectation ~ "'"
    ]) %}
{%- endmacro %}

{# A value outside its allowed set. #}
{% macro check_accepted(raw, values, header) -%}
    {% do return([
        raw ~ " is not null and " ~ raw ~ " not in ('" ~ values | join("', '") ~ "')", "not_accepted", header,
        "'column " ~ header ~ ": ''' || " ~ raw ~ " || ''' is not one of " ~ values | join(", ") ~ "'"
    ]) %}
{%- endmacro %}

{% macro check_non_negative(parsed, raw, header) -%}
    {% do return([
        parsed ~ " < 0", "negative_count", header, "'column " ~ header ~ ": ''' || " ~ raw ~ " || ''' is negative'"
    ]) %}
{%- endmacro %}
