{# Spark spells the 64-bit floating point type `double` (it has no `double precision`). #}
{% macro spark__type_double() -%}
    double
{%- endmacro %}

{#
    Spark's regular-expression tests (regexp_contains, regexp_full). Spark's string literals take
    backslash escapes, so a pattern's backslashes are doubled; the whole-text form ends in \z, since
    Java's `$` also matches before a final line break.
#}
{% macro spark__regexp_contains(text, pattern) -%}
    ({{ text }} rlike {{ pattern | replace('\\', '\\\\') }})
{%- endmacro %}

{% macro spark__regexp_full(text, pattern) -%}
    ({{ text }} rlike concat('^(?:', {{ pattern | replace('\\', '\\\\') }}, ')\\z'))
{%- endmacro %}
