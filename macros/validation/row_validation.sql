{#
    Row validation for staging models. A check is [condition, rule, column, message_sql], optionally
    with a fifth element, an SQL expression for the column where it is only known per row; the first
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
        when {{ check[0] }} then {{ check[4] if check | length > 4 else "'" ~ check[2] ~ "'" }}
        {%- endfor %}
    end as invalid_column,
    case
        {%- for check in checks %}
        when {{ check[0] }} then {{ check[3] }}
        {%- endfor %}
    end as invalid_message
{%- endmacro %}

{#
    Checks every landing row gets: no personnummer or samordningsnummer anywhere in the line (it
    was masked in the base model; the row is quarantined), the file has the required columns and
    the line has the header's field count.
#}
{% macro structural_checks() -%}
    {% do return([
        ["personnummer_column is not null", "personnummer", "", "'column ' || personnummer_column"
         ~ " || ': a value looks like a personnummer or samordningsnummer (valid check digit); it is masked"
         ~ " and the row is quarantined'", "personnummer_column"],
        [string_list_size('missing_columns') ~ " > 0", "missing_column", "",
         "'required column(s) ' || " ~ string_list_join('missing_columns', "', '") ~ " || ' missing in ' || file_name"],
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
        "'column " ~ header ~ ": ' || chr(39) || " ~ raw ~ " || chr(39) || ' is not " ~ expectation ~ "'"
    ]) %}
{%- endmacro %}

{# A value outside its allowed set. #}
{% macro check_accepted(raw, values, header) -%}
    {% do return([
        raw ~ " is not null and " ~ raw ~ " not in ('" ~ values | join("', '") ~ "')", "not_accepted", header,
        "'column " ~ header ~ ": ' || chr(39) || " ~ raw ~ " || chr(39) || ' is not one of " ~ values | join(", ") ~ "'"
    ]) %}
{%- endmacro %}

{% macro check_non_negative(parsed, raw, header) -%}
    {% do return([
        parsed ~ " < 0", "negative_count", header, "'column " ~ header ~ ": ' || chr(39) || " ~ raw ~ " || chr(39) || ' is negative'"
    ]) %}
{%- endmacro %}

{#
    The row's period contradicts the period in its file name (e.g. February rows in a file named
    for January): the file name is how deliveries are counted, so such rows are quarantined.
    `date_column` is the row's parsed date (any day of the period), `frequency` month, quarter or
    year. Rows without a readable date, and files whose name carries no period, are not judged here.
#}
{% macro check_file_period(date_column, frequency, header) -%}
    {%- set file_period = file_name_period(frequency) -%}
    {% do return([
        date_column ~ " is not null and " ~ file_period ~ " is not null and cast(date_trunc('" ~ frequency
        ~ "', " ~ date_column ~ ") as date) <> " ~ file_period, "file_name_mismatch", header,
        "'column " ~ header ~ ": ' || " ~ format_date(date_column, '%Y-%m-%d') ~ " || ' is outside the " ~ frequency
        ~ " in the file name ' || file_name"
    ]) %}
{%- endmacro %}

{# The first day of the period a file name carries (_YYYY-MM or _YYYYMM, _YYYY-Qn or _YYYY); NULL if none. #}
{% macro file_name_period(frequency) -%}
    {%- if frequency == 'month' -%}
        {#- _YYYY-MM, or the financial system's compact _YYYYMM (ekonomi_region_202301.txt) -#}
        coalesce(
            {{ parse_month(regexp_group('file_name', "'_([0-9]{4}-[0-9]{2})'", 1)) }},
            {{ parse_month(regexp_group('file_name', "'_([0-9]{6})(?:[^0-9]|$)'", 1)) }}
        )
    {%- elif frequency == 'quarter' -%}
        case
            when {{ regexp_contains('file_name', "'_[0-9]{4}-[Qq][1-4]'") }}
                then make_date(
                    cast({{ regexp_group('file_name', "'_([0-9]{4})-[Qq][1-4]'", 1) }} as integer),
                    cast({{ regexp_group('file_name', "'_[0-9]{4}-[Qq]([1-4])'", 1) }} as integer) * 3 - 2,
                    1
                )
        end
    {%- else -%}
        make_date(cast({{ regexp_group('file_name', "'_([0-9]{4})(?:[^0-9-]|$)'", 1) }} as integer), 1, 1)
    {%- endif -%}
{%- endmacro %}

{# A municipality code that is not four digits (kommun_kod, as delivered). #}
{% macro check_municipality_code(raw) -%}
    {% do return([
        raw ~ " is not null and not " ~ regexp_full(raw, "'[0-9]{4}'"), "invalid_format", raw,
        "'column " ~ raw ~ ": ' || chr(39) || " ~ raw ~ " || chr(39) || ' is not a four-digit municipality code'"
    ]) %}
{%- endmacro %}

{# An age (parsed whole years) outside 0-120. #}
{% macro check_plausible_age(parsed, raw) -%}
    {% do return([
        parsed ~ " not between 0 and 120", "implausible_value", raw,
        "'column " ~ raw ~ ": ' || chr(39) || " ~ raw ~ " || chr(39) || ' is not a plausible age'"
    ]) %}
{%- endmacro %}
