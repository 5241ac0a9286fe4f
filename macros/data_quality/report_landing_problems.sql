{#
    on-run-end: after a run or build that (re)built dq_file_reconciliation, print one line per landing
    file that could not be used as a whole (unreadable, empty, header only, a required column
    missing) naming the file and the problem, then a one-line count of quarantined rows. Printed as
    warnings in the log; the build's exit code is not changed (data problems are not failures).
#}
{% macro report_landing_problems(results) %}
    {% if execute and flags.WHICH in ('run', 'build') %}
        {% set rebuilt = results | selectattr('node.name', 'equalto', 'dq_file_reconciliation')
            | selectattr('status', 'equalto', 'success') | list %}
        {% if rebuilt %}
            {% set relation = rebuilt[0].node.relation_name %}
            {% set files = run_query(
                "select source, file_name, file_status, status_message from " ~ relation
                ~ " where file_status <> 'readable' order by source, file_name"
            ) %}
            {% for file in files.rows %}
                {{ log("WARNING landing file " ~ file[0] ~ "/" ~ file[1] ~ " (" ~ file[2] ~ "): " ~ file[3], info=true) }}
            {% endfor %}
            {% set totals = run_query(
                "select count(*), coalesce(sum(rows_read), 0), coalesce(sum(rows_quarantined), 0),"
                ~ " count(*) filter (where rows_quarantined > 0) from " ~ relation
            ) %}
            {% set t = totals.rows[0] %}
            {{ log("Landing: " ~ t[0] ~ " files, " ~ t[1] ~ " rows read, " ~ t[2] ~ " quarantined in " ~ t[3]
                ~ " files (see data_quality.dq_quarantine and dq_file_reconciliation); "
                ~ files.rows | length ~ " files unusable as a whole.", info=true) }}
        {% endif %}
    {% endif %}
{% endmacro %}
