{# Spark: a date as text in the strftime patterns the project uses ('%Y', '%Y-%m', '%Y-%m-%d'). #}
{% macro spark__format_date(date_expr, pattern) -%}
    {%- set patterns = {'%Y': 'yyyy', '%Y-%m': 'yyyy-MM', '%Y-%m-%d': 'yyyy-MM-dd'} -%}
    {%- if pattern not in patterns -%}
        {{ exceptions.raise_compiler_error('spark__format_date: no Spark pattern for ' ~ pattern) }}
    {%- endif -%}
    date_format({{ date_expr }}, '{{ patterns[pattern] }}')
{%- endmacro %}

{#
    Spark: a number as a Swedish table prints it (format_swedish_number), character for character
    as DuckDB's format('{:,.Nf}', round(value, N)):
    - DuckDB rounds a double as round(x * 10^N) / 10^N on the binary value (0.285 -> 0.28), Spark's
      round() the shortest decimal form (0.285 -> 0.29): for doubles the DuckDB way;
    - DuckDB keeps the sign of a double rounded to zero and prints it ('-0', '-0,0'), Spark's
      format_number() does not: the '-' is put back;
    - format_number() then writes '2,447.50' as fmt does.
#}
{% macro spark__format_swedish_number(value, decimals, unit) -%}
    case
        when {{ value }} is not null
            then
                replace(
                    replace(
                        case {{ decimals }}
                            {%- for n in range(4) %}
                            {{ 'when ' ~ n if n < 3 else 'else' }} {{ 'then ' if n < 3 }}{{ spark_swedish_number_digits(value, n) }}
                            {%- endfor %}
                        end,
                        ',', ' '
                    ),
                    '.', ','
                )
                || case when {{ unit }} = 'procent' then '%' else '' end
    end
{%- endmacro %}

{# Spark version of round_double(): the scaled double rounded half away from zero (round(x, 0) on a double). #}
{% macro spark__round_double(value, decimals) -%}
    (round(cast({{ value }} as double) * {{ 10 ** decimals }}.0D, 0) / {{ 10 ** decimals }}.0D)
{%- endmacro %}

{# The number with n decimals, with ',' grouping and '.' decimal point (see spark__format_swedish_number). #}
{% macro spark_swedish_number_digits(value, n) -%}
    case
        when typeof({{ value }}) in ('double', 'float')
            then
                case
                    when {{ value }} < 0 and {{ spark__round_double(value, n) }} = 0 then '-'
                    else ''
                end
                || format_number({{ spark__round_double(value, n) }}, {{ n }})
        else format_number(round({{ value }}, {{ n }}), {{ n }})
    end
{%- endmacro %}

{#
    Spark: a stable code from a name (geo_slug). Spark has no strip_accents(): the accented Latin
    letters are translated to their base letter (what strip_accents gives for them; ø, æ and ß have
    no base letter there either), then every run of other characters becomes '_'.
#}
{% macro spark__geo_slug(name) -%}
    regexp_replace(
        translate(lower(trim({{ name }})), 'àáâãäåçèéêëìíîïñòóôõöùúûüýÿ', 'aaaaaaceeeeiiiinooooouuuuyy'),
        '[^a-z0-9]+', '_'
    )
{%- endmacro %}

{#
    Spark: replace every match (Spark's regexp_replace always does). The pattern and replacement
    are written for DuckDB/PostgreSQL: backslashes are doubled for Spark's string literals, and
    the group references \1 .. \9 become $1 .. $9.
#}
{% macro spark__regexp_replace_all(text, pattern, replacement) -%}
    {#- a namespace: a plain `set` inside the loop would not outlive it (Jinja scoping) -#}
    {%- set spark = namespace(replacement=replacement) -%}
    {%- for n in range(1, 10) -%}
        {%- set spark.replacement = spark.replacement | replace('\\' ~ n, '$' ~ n) -%}
    {%- endfor -%}
    regexp_replace({{ text }}, {{ pattern | replace('\\', '\\\\') }}, {{ spark.replacement | replace('\\', '\\\\') }})
{%- endmacro %}
