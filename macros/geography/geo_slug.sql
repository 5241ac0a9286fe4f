{# A stable code from a Swedish name: 'Göteborgsregionen' → 'goteborgsregionen', 'Närsjukvårdsteam Borås' → 'narsjukvardsteam_boras'. #}
{% macro geo_slug(name) -%}
    {{ return(adapter.dispatch('geo_slug', 'nara_vard')(name)) }}
{%- endmacro %}

{% macro default__geo_slug(name) -%}
    {{ exceptions.raise_compiler_error('geo_slug has no implementation for ' ~ target.type) }}
{%- endmacro %}

{# DuckDB: strip_accents() and regexp_replace with the 'g' flag. #}
{% macro duckdb__geo_slug(name) -%}
    regexp_replace(lower(strip_accents(trim({{ name }}))), '[^a-z0-9]+', '_', 'g')
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
