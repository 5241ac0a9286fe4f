{#
    Findings per check for the review page: how many, in how many files, the check's dimension,
    severity and description, one example (the first file and line), and the check's rank by count
    (the page shows the most frequent ones). The Swedish words come from reference__labels_sv: the
    description by rule (domain `check_rule`, code `<rule>` or, where one rule covers checks of
    different meaning, `<rule>.<last part of the check id>`), severity and dimensions; the source's
    name from the delivery schedule.
#}
with findings as (
    select * from {{ ref('dq_findings') }}
),

catalog as (
    select * from {{ ref('dq_check_catalog') }}
),

schedule as (
    select * from {{ ref('reference__delivery_schedule') }}
),

labels as (
    select * from {{ ref('reference__labels_sv') }}
),

examples as (
    select
        check_id,
        example_file,
        example_line,
        example_message
    from (
        select
            check_id,
            file_name as example_file,
            line_number as example_line,
            message as example_message,
            row_number() over (
                partition by check_id order by file_name asc nulls last, line_number asc nulls last
            ) as example_rank
        from findings
    ) as ranked
    where example_rank = 1
),

per_check as (
    select
        check_id,
        count(*) as findings,
        count(distinct file_name) as files,
        min(kahn_dimension) as kahn_dimension,
        min(dimension) as dimension,
        min(severity) as severity,
        min(source) as source
    from findings
    group by check_id
),

final as (
    select
        p.check_id,
        p.findings,
        p.files,
        p.kahn_dimension,
        p.dimension,
        p.severity,
        p.source,
        e.example_file,
        e.example_line,
        e.example_message,
        c.description,
        coalesce(check_label.label_long, rule_label.label_long) as description_sv,
        sev.label as severity_label_sv,
        dim.label as dimension_label_sv,
        kahn.label as kahn_dimension_label_sv,
        coalesce(s.source_name_sv, p.source) as source_name_sv,
        row_number() over (order by p.findings desc, p.check_id asc) as finding_rank
    from per_check as p
    inner join examples as e on p.check_id = e.check_id
    left join catalog as c on p.check_id = c.check_id
    left join schedule as s on p.source = s.source
    left join labels as check_label
        on
            check_label.domain = 'check_rule'
            and c.rule || '.' || {{ dbt.split_part('p.check_id', "'.'", 3) }} = check_label.code
    left join labels as rule_label on rule_label.domain = 'check_rule' and c.rule = rule_label.code
    left join labels as sev on sev.domain = 'severity' and p.severity = sev.code
    left join labels as dim on dim.domain = 'dq_dimension' and p.dimension = dim.code
    left join labels as kahn on kahn.domain = 'dq_dimension' and p.kahn_dimension = kahn.code
)

select * from final
