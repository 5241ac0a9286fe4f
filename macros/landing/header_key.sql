{#
    header_key(name): a header name reduced to a comparison key: lower case, å/ä→a, ö→o, é→e, '+' →
    'plus', and everything but letters and digits removed. "Inskrivna 65+", "PAT_65PLUS" and
    "antal_inskrivna_65_plus" become inskrivna65plus, pat65plus and antalinskrivna65plus. One body
    for every engine (lower_text() lowers every letter on PostgreSQL too; regexp_replace_all()).
#}
{% macro header_key(name) -%}
    {{ regexp_replace_all(
        "replace(translate(" ~ lower_text("trim(" ~ name ~ ")") ~ ", 'åäöéüáàø', 'aaoeuaao'), '+', 'plus')",
        "'[^a-z0-9]'",
        "''"
    ) }}
{%- endmacro %}
