{#
    engine_functions(): functions an engine needs before the models run (on-run-start): nothing on
    DuckDB or by default; PostgreSQL creates the functions below.
#}
{% macro engine_functions() -%}
    {{ return(adapter.dispatch('engine_functions', 'nara_vard')()) }}
{%- endmacro %}

{% macro default__engine_functions() -%}
{%- endmacro %}

{#
    PostgreSQL: the functions the landing macros need that SQL alone cannot give, created (or
    replaced) in the target schema at the start of every dbt invocation (on-run-start, via
    engine_functions()):
    - nara_vard_utf8_text(bytea): the bytes as UTF-8 text, or NULL when they are not valid UTF-8
      (convert_from raises on invalid bytes; DuckDB's try(decode(…)) gives NULL, this gives the same);
    - nara_vard_contains_personnummer(text): has_valid_personnummer() (contains_personnummer() without the pre-filter):
      the maximal digit runs and the text between them, a run of 10 or 12 digits or of 6 or 8 digits,
      one of - + or space and 4 digits, whose last ten digits pass the Luhn check;
    - nara_vard_try_double(text), nara_vard_try_bigint(text), nara_vard_try_date(y, m, d): a cast
      or make_date that gives NULL where PostgreSQL raises (DuckDB's try_cast, try_strptime).
#}
{% macro postgres__engine_functions() %}
create or replace function {{ target.schema }}.nara_vard_utf8_text(content bytea)
returns text
language plpgsql immutable strict parallel safe
as $body$
begin
    return convert_from(content, 'UTF8');
exception when others then
    return null;
end
$body$;

create or replace function {{ target.schema }}.nara_vard_contains_personnummer(line text)
returns boolean
language sql immutable strict parallel safe
as $body$
    select coalesce(bool_or({{ luhn_valid('candidate') }}), false)
    from (
        select
            case
                when piece ~ '^([0-9]{10}|[0-9]{12})$' then right(piece, 10)
                when piece ~ '^([0-9]{6}|[0-9]{8})$' and next_piece in ('-', '+', ' ') and after_next ~ '^[0-9]{4}$'
                    then right(piece, 6) || after_next
            end as candidate
        from (
            select
                match[1] as piece,
                lead(match[1]) over (order by piece_number) as next_piece,
                lead(match[1], 2) over (order by piece_number) as after_next
            from regexp_matches(line, '[0-9]+|[^0-9]+', 'g') with ordinality as pieces (match, piece_number)
        ) as pieces
    ) as candidates
$body$;

create or replace function {{ target.schema }}.nara_vard_try_double(value text)
returns double precision
language plpgsql immutable strict parallel safe
as $body$
begin
    return value::double precision;
exception when others then
    return null;
end
$body$;

create or replace function {{ target.schema }}.nara_vard_try_bigint(value text)
returns bigint
language plpgsql immutable strict parallel safe
as $body$
begin
    return value::bigint;
exception when others then
    return null;
end
$body$;

create or replace function {{ target.schema }}.nara_vard_try_date(year integer, month integer, day integer)
returns date
language plpgsql immutable strict parallel safe
as $body$
begin
    return make_date(year, month, day);
exception when others then
    return null;
end
$body$;
{% endmacro %}
