"""`nara-vard review-page`: one self-contained HTML page for the quality reviewer.

The page is written for a quality reviewer in the region, not for an engineer: Swedish throughout,
a symbol in every coloured cell (so red/green colour blindness and a black-and-white print hide
nothing), and every detail that a tooltip shows also as text on the page (a list per municipality,
the reasons under the indicator grid), so touch and keyboard users reach it too. When the landing
was written by the generator, the page says "Syntetiska data" on screen and on every printed page.

Python selects, dbt computes, the template says: every count, rank, label and sort order comes from
the `data_quality.rpt_review_*` models (models/data_quality/review/) and the Swedish words of the
codes from `marts.dim_label` (the seed `reference__labels_sv`), read through one read-only DuckDB
connection. This module only groups the rows the way the page lays them out and hands them to the
template `templates/review.html.j2` (HTML, with `review.css` inlined), rendered by `nara_vard.render`.
The page loads nothing from the network.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from nara_vard.dbread import labels as read_labels
from nara_vard.dbread import rows, tables
from nara_vard.paths import landing_dir, reports_dir, warehouse_path
from nara_vard.provenance import landing_is_synthetic
from nara_vard.render import relative_href, render_page, write_page

GX_INDEX_UNDER_REPORTS = Path("gx") / "uncommitted" / "data_docs" / "local_site" / "index.html"
HEATMAP_SOURCE = "kommun_hsl"
TOP_FINDINGS = 25
TEMPLATE = "review.html.j2"


# --------------------------------------------------------------------------------------------- data


@dataclass
class PageData:
    cells: list[dict[str, Any]]                     # rpt_review_delivery_cells, heat-map source, in row order
    delivery_counts: dict[tuple[str, str], dict[str, Any]]  # rpt_review_delivery_counts by (level, code)
    source_rows: list[dict[str, Any]]               # rpt_review_source_summary, in display order
    indicator_quarters: list[dict[str, Any]]        # rpt_review_indicator_quarters
    readiness: list[dict[str, Any]]                 # rpt_review_readiness
    readiness_counts: dict[str, dict[str, Any]]     # rpt_review_readiness_counts by question_id ('all')
    top_findings: list[dict[str, Any]]              # rpt_review_top_findings, the first TOP_FINDINGS
    summary: dict[str, Any]                         # rpt_review_page_summary
    gx: dict[str, Any] | None
    unusable_files: list[dict[str, Any]]            # dq_file_reconciliation, files not readable
    accounting: list[dict[str, Any]]                # rpt_review_file_accounting, in display order
    labels: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)  # dim_label by domain, code


def _label_relation(present: set[str]) -> str:
    """dim_label when the build made it, else the seed it is built from (a build of only some models)."""
    return "marts.dim_label" if "marts.dim_label" in present else "reference.reference__labels_sv"


def load(db: Path) -> PageData:
    """Select what the page shows from the `rpt_review_*` models and dim_label; nothing is computed here."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        present = tables(con)
        label_relation = _label_relation(present)
        words = read_labels(con, label_relation)
        cells = rows(con, """
            select * from data_quality.rpt_review_delivery_cells where source = ?
            order by row_order, period_start""", [HEATMAP_SOURCE])
        delivery_counts = {(r["rollup_level"], r["group_code"]): r for r in rows(con, """
            select * from data_quality.rpt_review_delivery_counts where source = ?""", [HEATMAP_SOURCE])}
        source_rows = rows(con, "select * from data_quality.rpt_review_source_summary order by display_order")
        indicator_quarters = rows(con, """
            select * from data_quality.rpt_review_indicator_quarters order by display_order, period_start""")
        readiness = rows(con, """
            select * from data_quality.rpt_review_readiness
            order by question_order, question_id, display_order nulls last, indicator_id""")
        readiness_counts = {r["question_id"]: r for r in rows(
            con, "select * from data_quality.rpt_review_readiness_counts")}
        top_findings = rows(con, """
            select * from data_quality.rpt_review_top_findings where finding_rank <= ?
            order by finding_rank""", [TOP_FINDINGS])
        summary = rows(con, "select * from data_quality.rpt_review_page_summary")[0]
        accounting = rows(con, "select * from data_quality.rpt_review_file_accounting order by display_order")
        unusable_files = rows(con, """
            select source, file_name, file_status, status_message, rows_read
            from data_quality.dq_file_reconciliation where file_status <> 'readable'
            order by source, file_name""")
        gx = None
        # Written by `nara-vard quality` after the dbt build, so no dbt model can summarise it.
        if "data_quality.gx_validation_results" in present:
            try:
                gx = rows(con, """
                    select count(*) as expectations, count(*) filter (where not success) as failed,
                           count(distinct source) as sources, max(run_at) as run_at
                    from data_quality.gx_validation_results""")[0]
            except duckdb.Error:  # another layout than expected: just leave the summary out
                gx = None
    finally:
        con.close()
    return PageData(cells, delivery_counts, source_rows, indicator_quarters, readiness, readiness_counts,
                    top_findings, summary, gx, unusable_files, accounting, words)


# ------------------------------------------------------------------------------- shape for the page


def _domain(d: PageData, domain: str) -> list[dict[str, Any]]:
    """The codes of one dim_label domain, in their sort order (legends)."""
    return sorted(d.labels.get(domain, {}).values(), key=lambda r: (r["sort_order"] is None, r["sort_order"]))


def _heatmap(d: PageData) -> dict[str, Any]:
    """The heat map's months, and its rows grouped by kommunalförbund, in the models' order."""
    empty = {"municipalities": 0, "expected": 0, "on_time": 0, "missing": 0, "late": 0, "corrected": 0}

    def counts(level: str, code: str) -> dict[str, Any]:
        return d.delivery_counts.get((level, code)) or empty

    months: dict[Any, dict[str, Any]] = {}
    municipalities: dict[str, dict[str, Any]] = {}
    groups: dict[str, dict[str, Any]] = {}
    for c in d.cells:  # in row order, then month order
        ym = c["period_start"].isoformat()[:7]
        if c["period_start"] not in months:
            months[c["period_start"]] = {"ym": ym, "year": c["period_start"].year,
                                         "is_january": c["period_start"].month == 1,
                                         "abbreviation": c["month_abbreviation_sv"],
                                         "label_long": c["period_label_long_sv"], "counts": counts("month", ym)}
        m = municipalities.get(c["org_code"])
        if m is None:
            m = municipalities[c["org_code"]] = {"code": c["org_code"], "name": c["municipality_name"],
                                                 "counts": counts("municipality", c["org_code"]), "cells": []}
            group = groups.setdefault(c["kommunalforbund_name"], {
                "name": c["kommunalforbund_name"], "counts": counts("kommunalforbund", c["kommunalforbund_name"]),
                "municipalities": []})
            group["municipalities"].append(m)
        m["cells"].append({**c, "ym": ym, "is_january": c["period_start"].month == 1})
    years: dict[int, int] = {}
    for month in months.values():
        years[month["year"]] = years.get(month["year"], 0) + 1
    return {"months": list(months.values()), "years": list(years.items()), "groups": list(groups.values()),
            "municipalities": len(municipalities), "totals": counts("all", "all")}


def _indicator_grid(d: PageData) -> dict[str, Any]:
    """Quarters (columns) and indicators (rows with their cells), in the model's order."""
    quarters: dict[Any, dict[str, Any]] = {}
    indicators: dict[str, dict[str, Any]] = {}
    for r in d.indicator_quarters:  # by display order, then period
        quarters.setdefault(r["period_start"], {"label": r["period_code"], "is_partial": r["is_partial_quarter"]})
        ind = indicators.setdefault(r["indicator_id"], {"name": r["indicator_name_sv"],
                                                         "source_name": r["source_name_sv"], "cells": {}})
        ind["cells"][r["period_start"]] = r
    order = sorted(quarters)
    for ind in indicators.values():
        ind["cells"] = [ind["cells"].get(q) for q in order]
        ind["notes"] = [c for c in ind["cells"] if c is not None and c["usability"] not in (None, "usable")]
    return {"quarters": [quarters[q] for q in order], "indicators": list(indicators.values()),
            "has_partial": any(q["is_partial"] for q in quarters.values())}


def _readiness(d: PageData) -> list[dict[str, Any]]:
    """The readiness rows grouped by the pilot study's questions (in question, then display order)."""
    questions: dict[Any, dict[str, Any]] = {}
    for r in d.readiness:
        q = questions.setdefault((r["question_order"], r["question_id"]), {
            "order": r["question_order"], "text": r["question_sv"], "still_missing": r.get("still_missing_sv"),
            "counts": d.readiness_counts.get(r["question_id"], {}), "members": []})
        gaps = [g.strip() for g in (r.get("gaps") or "").split(";") if g.strip()]
        q["members"].append({**r, "gap_list": gaps})
    return list(questions.values())


def _versions() -> list[tuple[str, str]]:
    out = []
    for package in ("nara_vard", "dbt-core", "dbt-duckdb", "duckdb", "Jinja2"):
        try:
            out.append((package, metadata.version(package)))
        except metadata.PackageNotFoundError:
            continue
    return out


def context(d: PageData, db: Path, out: Path, synthetic: bool) -> dict[str, Any]:
    """Everything the template needs, grouped the way the page lays it out."""
    notice = (d.labels.get("notice") or {}).get("synthetic_data") if synthetic else None
    try:
        db_time = datetime.fromtimestamp(db.stat().st_mtime).astimezone().strftime("%Y-%m-%d %H:%M")
    except OSError:
        db_time = None
    gx_candidates = [out.parent / GX_INDEX_UNDER_REPORTS, reports_dir() / "quality" / GX_INDEX_UNDER_REPORTS]
    gx_target = next((p for p in gx_candidates if p.is_file()), gx_candidates[0])
    heat_source = next((r for r in d.source_rows if r["source"] == HEATMAP_SOURCE), None)
    return {
        "notice": notice["label"] if notice else None,
        "notice_long": notice["label_long"] if notice else None,
        "labels": d.labels,
        "delivery_statuses": _domain(d, "delivery_status"),
        "usabilities": _domain(d, "usability"),
        "readiness_words": d.labels.get("readiness", {}),
        "heatmap": _heatmap(d),
        "heat_source_name": heat_source["source_name_sv"] if heat_source else HEATMAP_SOURCE,
        "sources": d.source_rows,
        "grid": _indicator_grid(d),
        "questions": _readiness(d),
        "readiness_all": d.readiness_counts.get("all") or {},
        "findings": d.top_findings,
        "top_findings": TOP_FINDINGS,
        "summary": d.summary,
        "accounting": d.accounting,
        "source_names": {r["source"]: r["source_name_sv"] for r in d.accounting},
        "unusable_files": d.unusable_files,
        "gx": d.gx,
        "gx_href": relative_href(gx_target, out),
        "gx_exists": gx_target.is_file(),
        "report_href": relative_href(reports_dir() / "indikatorer" / "index.html", out),
        "docs_href": relative_href(reports_dir() / "docs" / "index.html", out),
        "created": datetime.now().astimezone().strftime("%Y-%m-%d %H:%M"),
        "db_time": db_time,
        "db_name": db.name,
        "db_path": str(db.resolve()),
        "versions": _versions(),
        "synthetic": synthetic,
    }


def render(d: PageData, db: Path, out: Path, synthetic: bool = False) -> str:
    return render_page(TEMPLATE, **context(d, db, out, synthetic))


def build_review_page(db: Path, out: Path, landing: Path | None = None) -> Path:
    """Read the warehouse (read-only) and write the page. `landing` (default $NARA_VARD_LANDING) decides
    whether the page carries the synthetic-data notice. Returns the path written."""
    data = load(db)
    synthetic = landing_is_synthetic(Path(landing) if landing else landing_dir())
    return write_page(out, render(data, db, out, synthetic))


def run_review_page(db: Path | None = None, out: Path | None = None) -> int:
    started = time.perf_counter()
    db = Path(db) if db else warehouse_path()
    out = Path(out) if out else reports_dir() / "quality" / "index.html"
    if not db.is_file():
        print(f"review-page: no warehouse at {db}; run `nara-vard build` first (or pass --db)", file=sys.stderr)
        return 2
    build_review_page(db, out)
    print(f"wrote {out} in {time.perf_counter() - started:.1f} s")
    return 0
