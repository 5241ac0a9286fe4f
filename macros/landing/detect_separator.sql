{#
    detect_separator(header_line): the separator of a file, detected from its header line: the
    most frequent of ; tab and , (ties: ; before tab before ,). Standard SQL, every engine.
#}
{% macro detect_separator(header_line) -%}
    case
        when length({{ header_line }}) - length(replace({{ header_line }}, ';', ''))
            > greatest(
                length({{ header_line }}) - length(replace({{ header_line }}, ',', '')),
                length({{ header_line }}) - length(replace({{ header_line }}, chr(9), ''))
            )
            then ';'
        when length({{ header_line }}) - length(replace({{ header_line }}, chr(9), ''))
            > length({{ header_line }}) - length(replace({{ header_line }}, ',', ''))
            then chr(9)
        else ','
    end
{%- endmacro %}
