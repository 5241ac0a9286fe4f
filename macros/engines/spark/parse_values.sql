{#
    Spark's parsers, giving what the DuckDB ones give (NULL for text that is not a value). Spark's
    casts (ANSI off) give NULL for bad text but read more than DuckDB's (Java's parseDouble takes
    '1.5d' and hex), so a number must first look like one. Dates are read with the CORRECTED
    parser (profile: spark.sql.legacy.timeParserPolicy) so a bad date is NULL, never an error;
    'M' and 'd' take one or two digits and 'y' one to four (guarded), as DuckDB's %m, %d and %Y do.
#}
{#
    clean_number_text() for Spark: its chr() takes the code modulo 256, so chr(8239) (narrow
    no-break space) would be '/': the character is decoded from its UTF-8 bytes instead.
#}
{% macro spark_clean_number_text(text) -%}
    replace(replace(replace(replace(replace(trim({{ text }}), ' ', ''), chr(160), ''), decode(unhex('E280AF'), 'UTF-8'), ''), '%', ''), ',', '.')
{%- endmacro %}

{% macro spark__parse_decimal(text) -%}
    case
        when {{ spark_clean_number_text(text) }} rlike '^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?\\z'
            or lower({{ spark_clean_number_text(text) }}) in ('inf', '+inf', '-inf', 'infinity', '+infinity', '-infinity', 'nan')
            then cast({{ spark_clean_number_text(text) }} as double)
    end
{%- endmacro %}

{% macro spark__parse_integer(text) -%}
    case
        when {{ spark_clean_number_text(text) }} rlike '^-?[0-9]+\\z'
            then cast({{ spark_clean_number_text(text) }} as bigint)
    end
{%- endmacro %}

{% macro spark__parse_date(text) -%}
    coalesce(
        case when trim({{ text }}) rlike '^[0-9]{1,4}-' then to_date(trim({{ text }}), 'y-M-d') end,
        to_date(trim({{ text }}), 'yyyyMMdd')
    )
{%- endmacro %}

{% macro spark__parse_month(text) -%}
    trunc(coalesce(
        case when trim({{ text }}) rlike '^[0-9]{1,4}-' then to_date(trim({{ text }}), 'y-M') end,
        to_date(trim({{ text }}), 'yyyyMM'),
        case when trim({{ text }}) rlike '^[0-9]{1,4}-' then to_date(trim({{ text }}), 'y-M-d') end,
        make_date(
            cast(nullif(regexp_extract(trim({{ text }}), '([0-9]{4})$', 1), '') as int),
            nullif(array_position(array({%- for m in swedish_months() %}'{{ m }}'{{ ", " if not loop.last }}{% endfor -%}), left(lower(trim({{ text }})), 3)), 0),
            1
        )
    ), 'MM')
{%- endmacro %}
