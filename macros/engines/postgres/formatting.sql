{#
    PostgreSQL versions of format_date(), format_swedish_number() and geo_slug().

    format_swedish_number: DuckDB rounds a double half away from zero (round(x * 10^n) / 10^n) and
    prints it with fmt; PostgreSQL's round(double) rounds half to even and round(numeric) starts from
    a 15-digit decimal copy, so the same rounding is written out here in double precision and
    printed with to_char (',' and '.' in the picture are fixed characters, not the locale's). A
    negative value that rounds to zero prints as '-0' on DuckDB, and here too.
#}
{% macro postgres__format_date(date_expr, pattern) -%}
    to_char({{ date_expr }}, '{{ pattern | replace('%Y', 'YYYY') | replace('%m', 'MM') | replace('%d', 'DD') }}')
{%- endmacro %}

{% macro postgres__format_swedish_number(value, decimals, unit) -%}
    case
        when {{ value }} is not null
            then
                (case when cast({{ value }} as double precision) < 0 then '-' else '' end)
                || replace(
                    replace(
                        case {{ decimals }}
                            when 0 then to_char(abs({{ postgres__round_double(value, 0) }})::numeric, 'FM999,999,999,999,990')
                            when 1 then to_char(abs({{ postgres__round_double(value, 1) }})::numeric, 'FM999,999,999,999,990.0')
                            when 2 then to_char(abs({{ postgres__round_double(value, 2) }})::numeric, 'FM999,999,999,999,990.00')
                            else to_char(abs({{ postgres__round_double(value, 3) }})::numeric, 'FM999,999,999,999,990.000')
                        end,
                        ',', ' '
                    ),
                    '.', ','
                )
                || case when {{ unit }} = 'procent' then '%' else '' end
    end
{%- endmacro %}

{# round_double(): DuckDB's round(double, n), std::round (half away from zero) of x * 10^n, divided by 10^n #}
{% macro postgres__round_double(value, decimals) -%}
    {%- set scaled = "(cast(" ~ value ~ " as double precision) * " ~ (10 ** decimals) ~ "::double precision)" -%}
    ((trunc({{ scaled }}) + case when abs({{ scaled }} - trunc({{ scaled }})) >= 0.5 then sign({{ scaled }}) else 0 end)
        / {{ 10 ** decimals }}::double precision)
{%- endmacro %}

{#
    geo_slug: DuckDB's strip_accents() drops the accents of å ä ö é … but keeps ø æ ß (no
    decomposition), which the pattern then turns into '_'; translate() over the accented Latin-1
    letters gives the same codes (unaccent would turn ø into o and æ into ae).
#}
{% macro postgres__geo_slug(name) -%}
    regexp_replace(
        translate(lower(btrim({{ name }}) collate "default"), 'àáâãäåçèéêëìíîïñòóôõöùúûüýÿ', 'aaaaaaceeeeiiiinooooouuuuyy'),
        '[^a-z0-9]+', '_', 'g'
    )
{%- endmacro %}

{% macro postgres__regexp_replace_all(text, pattern, replacement) -%}
    regexp_replace({{ text }}, {{ pattern }}, {{ replacement }}, 'g')
{%- endmacro %}
