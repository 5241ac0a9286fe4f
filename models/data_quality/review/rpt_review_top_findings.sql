{#
    Findings per check for the review page: how many, in how many files, the check's dimension,
    severity and description, one example (the first file and line), and the check's rank by count
    (the page shows the most frequent ones).
#}
with findings as (
    select * from {{ ref('dq_findings') }}
),

catalog as (
    select * from {{ ref('dq_check_catalog') }}
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
        row_number() over (order by p.findings desc, p.check_id asc) as finding_rank
    from per_check as p
    inner join examples as e on p.check_id = e.check_id
    left join catalog as c on p.check_id = c.check_id
)

select * from final
