"""What changed between two publications, cell by cell, and why.

A publication keeps its public values in `history/<publication_id>/indicator_values.parquet` and the landing
files its build read in `deliveries.parquet` (nara_vard.publish). When the next one is published, every cell
of the previous one whose published value or disclosure status is different now is a *revision*, with

- `revision_kind`: `value_changed`, `filled` (no figure before, one now), `withdrawn` (a figure before, none
  now), `now_hidden` / `now_shown` (disclosure control), `removed` (the cell is gone);
- `reason`, from the files that are new or changed in the landing between the two builds, preferring files of
  the indicator's own source whose period touches the cell:
  `correction` (a `_vN` re-delivery or a `_korr` file), `late_delivery` (a file for a period the previous
  publication already covered), `new_month` (only files for periods after it: a quarter or year in progress
  gained a month, or a rolling measure moved), `rule_change` (no landing file changed: the code, catalogue or
  reference data did);
- `reason_files`: up to five of those files.

Cells that are new (a new month) are not revisions. The previous and revised values are both published ones
(a hidden cell is null in both), so the list tells a reader nothing the two publications do not.
"""

from __future__ import annotations

KEY = ("indicator_id", "geo_level", "geo_code", "period_type", "period_start", "sex")
COLUMNS = ("publication_id", "previous_publication_id", *KEY, "previous_value", "revised_value",
           "previous_suppression", "revised_suppression", "revision_kind", "reason", "reason_files")


def deliveries_sql(catalog: str) -> str:
    """The landing files a build read (int_landing_files_parsed) with their size, from the database `catalog`."""
    return f"""
        select f.source, f.file_name, f.org_code, f.period_start, f.version, f.valid_row_count,
               r.file_bytes
        from {catalog}.intermediate.int_landing_files_parsed as f
        left join (select source, file_name, max(file_bytes) as file_bytes
                   from {catalog}.data_quality.dq_file_reconciliation group by all) as r
            using (source, file_name)"""


def revisions_sql(new_values: str, old_values: str, new_files: str, old_files: str, indicators: str,
                  publication_id: str, previous_id: str) -> str:
    """SQL listing the revisions of `old_values` in `new_values` (relations with the public values' columns),
    explained by `new_files` against `old_files` (deliveries_sql's columns); `indicators` gives each
    indicator's `source`. The two ids are SQL-quoted here; they come from `_published.json`, never a user."""
    on = " and ".join(f"o.{k} = n.{k}" for k in KEY)
    ids = f"'{publication_id}' as publication_id, '{previous_id}' as previous_publication_id"
    return f"""
    with old as (select * from {old_values}), new as (select * from {new_values}),
    cells as (
        select {", ".join(f"o.{k}" for k in KEY)}, o.period_end,
            o.value as previous_value, n.value as revised_value,
            o.suppression as previous_suppression, n.suppression as revised_suppression,
            case
                when n.indicator_id is null then 'removed'
                when o.suppression is null and n.suppression is not null then 'now_hidden'
                when o.suppression is not null and n.suppression is null then 'now_shown'
                when o.value is null and n.value is not null then 'filled'
                when o.value is not null and n.value is null then 'withdrawn'
                else 'value_changed'
            end as revision_kind
        from old as o left join new as n on {on}
        where n.indicator_id is null
           or o.suppression is distinct from n.suppression
           or (o.value is null) <> (n.value is null)
           or abs(o.value - n.value) > 1e-9 * greatest(abs(o.value), abs(n.value))
    ),
    new_files as (select * from {new_files}), old_files as (select * from {old_files}),
    changed_files as (
        select n.* from new_files as n
        left join old_files as o on n.source = o.source and n.file_name = o.file_name
            and n.org_code is not distinct from o.org_code
        where o.file_name is null or o.file_bytes is distinct from n.file_bytes
           or o.valid_row_count is distinct from n.valid_row_count
    ),
    covered as (select source, max(period_start) as last_period from old_files group by source),
    yearly_sources as (
        select source from (select * from old_files union all select * from new_files)
        group by source having count(distinct month(period_start)) = 1 and min(month(period_start)) = 1
    ),
    candidates as (
        select c.*, f.file_name, f.version, f.period_start <= v.last_period as is_late,
            f.version > 1 or f.file_name ilike '%\\_korr.%' escape '\\' as is_correction,
            (f.source = i.source)::int * 2 + (
                f.period_start between c.period_start and c.period_end
                or (y.source is not null and year(f.period_start) = year(c.period_start))
            )::int as fit
        from cells as c
        inner join {indicators} as i on c.indicator_id = i.indicator_id
        cross join changed_files as f
        left join covered as v on f.source = v.source
        left join yearly_sources as y on f.source = y.source
    ),
    best as (
        select * from candidates
        qualify fit = max(fit) over (partition by {", ".join(KEY)})
    ),
    explained as (
        select {", ".join(KEY)},
            case when bool_or(is_correction) then 'correction' when bool_or(is_late) then 'late_delivery'
                 else 'new_month' end as reason,
            array_to_string(list_slice(list(distinct file_name order by file_name), 1, 5), ', ') as reason_files
        from best group by all
    )
    select {ids}, {", ".join(f"c.{k}" for k in KEY)}, c.previous_value, c.revised_value,
        c.previous_suppression, c.revised_suppression, c.revision_kind,
        coalesce(e.reason, 'rule_change') as reason, e.reason_files
    from cells as c left join explained as e using ({", ".join(KEY)})
    order by all"""
