"""`nara-vard review-page`: one self-contained HTML page for the quality reviewer.

The page is written for a quality reviewer in the region, not for an engineer: Swedish text with
English subtitles, colours with symbols (so red/green colour blindness does not hide anything), and
tooltips only as extra detail (everything essential is readable on screen and on paper). Python
renders, dbt computes: every count, rank, label and sort order on the page comes from the
`data_quality.rpt_review_*` models (models/data_quality/review/), which this module only selects from,
through one read-only DuckDB connection. It writes one HTML file with inline CSS and no scripts, fonts
or stylesheets from anywhere else. Every value from the warehouse goes through `html.escape`.

Sections: header with a one-line summary; the heat map of the municipalities' monthly kommun_hsl
deliveries; a per-source summary; indicator usability per quarter and follow-up readiness per
question; the most frequent findings; a link to the Great Expectations Data Docs.
"""

from __future__ import annotations

import html
import os
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterable

from nara_vard.paths import reports_dir, warehouse_path

GX_INDEX_UNDER_REPORTS = Path("gx") / "uncommitted" / "data_docs" / "local_site" / "index.html"
HEATMAP_SOURCE = "kommun_hsl"
TOP_FINDINGS = 25

STATUS_SV = {"on_time": "i tid", "late": "sen", "missing": "saknas", "not_due": "inte förfallen än",
             "none": "inte förväntad"}
USABILITY_SV = {"usable": "användbar", "incomplete": "ofullständig", "missing": "saknas"}
FLAG_SV = {
    "ok": "användbar",
    "incomplete": "ofullständig täckning – några leveranser saknas",
    "no_data": "källan är inte levererad för perioden",
    "not_reported": "källan levererad, men utan just denna uppgift",
    "followup_incomplete": "uppföljningstiden efter perioden har inte gått ut i datat",
}
READY_SV = {"yes": ("Ja", "yes"), "partly": ("Delvis", "partly"), "no": ("Nej", "no")}
SEVERITY_SV = {"error": "fel", "warn": "varning", "info": "info"}
FILE_STATUS_SV = {"unreadable": "oläsbar", "empty": "tom", "header_only": "bara rubrikrad",
                  "missing_columns": "kolumn saknas"}
DIMENSION_SV = {
    "completeness": "fullständighet", "validity": "giltighet", "consistency": "konsistens",
    "timeliness": "aktualitet", "uniqueness": "unikhet", "conformance": "formatriktighet",
    "plausibility": "rimlighet", "accuracy": "riktighet",
}
_SV_SORT = str.maketrans({"å": "{", "ä": "|", "ö": "}", "Å": "{", "Ä": "|", "Ö": "}",
                          "é": "e", "É": "e", "ü": "y", "Ü": "y"})


def e(value: Any) -> str:
    """Escape anything for HTML text and attribute values (None -> empty)."""
    return "" if value is None else html.escape(str(value), quote=True)


def sv_key(text: str) -> str:
    """Sort key in Swedish alphabetical order (å, ä, ö last). Used by the indicator report (report.py);
    this page gets its order from the rpt_review_* models, which sort the same way in SQL."""
    return (text or "").lower().translate(_SV_SORT)


def num(n: Any) -> str:
    """An integer with a (no-break) space as thousands separator, as written in Swedish."""
    if n is None:
        return "–"
    return f"{int(n):,}".replace(",", "\u00a0")


def pct(share: Any) -> str:
    if share is None:
        return "–"
    return f"{share * 100:.0f}\u00a0%"


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
    unusable_files: list[dict[str, Any]]
    accounting: list[dict[str, Any]]                # rpt_review_file_accounting


def _rows(con: Any, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
    cur = con.execute(sql, list(params))
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]


def _tables(con: Any) -> set[str]:
    return {f"{s}.{t}" for s, t in con.execute(
        "select table_schema, table_name from information_schema.tables").fetchall()}


def load(db: Path) -> PageData:
    """Select what the page shows from the `rpt_review_*` models; nothing is computed here."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = _tables(con)
        cells = _rows(con, """
            select * from data_quality.rpt_review_delivery_cells where source = ?
            order by row_order, period_start""", [HEATMAP_SOURCE])
        delivery_counts = {(r["rollup_level"], r["group_code"]): r for r in _rows(con, """
            select * from data_quality.rpt_review_delivery_counts where source = ?""", [HEATMAP_SOURCE])}
        source_rows = _rows(con, "select * from data_quality.rpt_review_source_summary order by display_order")
        indicator_quarters = _rows(con, """
            select * from data_quality.rpt_review_indicator_quarters order by display_order, period_start""")
        readiness = _rows(con, """
            select * from data_quality.rpt_review_readiness
            order by question_order, question_id, display_order nulls last, indicator_id""")
        readiness_counts = {r["question_id"]: r for r in _rows(
            con, "select * from data_quality.rpt_review_readiness_counts")}
        top_findings = _rows(con, """
            select * from data_quality.rpt_review_top_findings where finding_rank <= ?
            order by finding_rank""", [TOP_FINDINGS])
        summary = _rows(con, "select * from data_quality.rpt_review_page_summary")[0]
        unusable_files = _rows(con, """
            select source, file_name, file_status, status_message, rows_read
            from data_quality.dq_file_reconciliation where file_status <> 'readable'
            order by source, file_name""")
        accounting = _rows(con, "select * from data_quality.rpt_review_file_accounting order by source")
        gx = None
        # Written by `nara-vard quality` after the dbt build, so no dbt model can summarise it.
        if "data_quality.gx_validation_results" in tables:
            try:
                gx = _rows(con, """
                    select count(*) as expectations, count(*) filter (where not success) as failed,
                           count(distinct source) as sources, max(run_at) as run_at
                    from data_quality.gx_validation_results""")[0]
            except duckdb.Error:  # another layout than expected: just leave the summary out
                gx = None
    finally:
        con.close()
    return PageData(cells, delivery_counts, source_rows, indicator_quarters, readiness, readiness_counts,
                    top_findings, summary, gx, unusable_files, accounting)


# ----------------------------------------------------------------------------------------- sections

CSS = """
:root { --ok:#2f9e5b; --late:#f2a900; --miss:#d1263b; --none:#e4e6ea; --inc:#f2a900;
        --ink:#1d2530; --muted:#5b6675; --line:#d5dae1; --bg:#f6f7f9; --accent:#0a5c8a; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin:0; background:var(--bg); color:var(--ink);
       font: 14px/1.45 "Segoe UI", "Liberation Sans", "DejaVu Sans", Arial, Helvetica, sans-serif; }
main { max-width: 1340px; margin: 0 auto; padding: 20px 24px 40px; }
header.page { background:#0b3954; color:#fff; padding: 18px 24px 16px; }
header.page .inner { max-width:1340px; margin:0 auto; padding: 0 24px; }
header.page h1 { margin:0; font-size:24px; font-weight:600; }
header.page .en { color:#b8d4e6; font-size:13px; margin-top:2px; }
header.page .meta { color:#d7e6f0; font-size:13px; margin-top:8px; }
header.page .summary { margin-top:10px; font-size:17px; font-weight:600; }
nav.toc { margin-top:10px; font-size:13px; }
nav.toc a { color:#fff; margin-right:14px; }
section { background:#fff; border:1px solid var(--line); border-radius:6px; padding:16px 20px 18px;
          margin-top:18px; }
h2 { margin:0 0 2px; font-size:19px; }
h2 + .en, h3 + .en { color:var(--muted); font-size:12.5px; margin:0 0 10px; }
h3 { margin:16px 0 2px; font-size:16px; }
p.lead { margin:4px 0 10px; max-width: 980px; }
.en-inline { color:var(--muted); font-size:12px; }
.kpis { display:flex; flex-wrap:wrap; gap:10px; margin-top:12px; }
.kpi { background:#fff; color:var(--ink); border-radius:5px; padding:8px 14px; min-width:150px;
       border-left:6px solid var(--accent); }
.kpi b { display:block; font-size:22px; line-height:1.1; }
.kpi span { font-size:12px; color:var(--muted); }
.kpi.miss { border-left-color:var(--miss); } .kpi.late { border-left-color:var(--late); }
.kpi.ok { border-left-color:var(--ok); }
table { border-collapse:collapse; }
table.data { width:100%; font-size:13px; }
table.data th, table.data td { border-bottom:1px solid var(--line); padding:5px 8px; text-align:left;
                               vertical-align:top; }
table.data th { background:#eef1f5; font-weight:600; font-size:12.5px; }
table.data td.n, table.data th.n { text-align:right; font-variant-numeric: tabular-nums; white-space:nowrap; }
table.data tr.q td { background:#eef4f8; font-weight:600; border-top:2px solid #b9cfdd; }
table.data .sub { display:block; color:var(--muted); font-size:11.5px; font-weight:normal; }
code, .mono { font-family: "DejaVu Sans Mono", "Liberation Mono", Consolas, monospace; font-size:12px; }
.zero { color:#9aa3ae; }
.bad { color:#a3162a; font-weight:600; }
.warnc { color:#8a5a00; font-weight:600; }
/* heat map */
.hm-wrap { overflow-x:auto; }
table.hm { font-size:12px; }
table.hm th, table.hm td { padding:0; }
table.hm th.year { text-align:left; font-size:12px; padding:2px 4px; border-left:2px solid #fff;
                   background:#eef1f5; }
table.hm th.mon { font-weight:normal; color:var(--muted); font-size:11px; width:34px; text-align:center;
                  padding-bottom:2px; }
table.hm th.mon.jan { border-left:2px solid #fff; }
table.hm td.name { white-space:nowrap; padding:0 10px 0 4px; height:20px; }
table.hm td.name .code { color:var(--muted); font-size:11px; margin-left:4px; }
table.hm tr.grp td { font-weight:600; padding:8px 4px 3px; font-size:12.5px; color:#0b3954;
                     border-bottom:1px solid var(--line); }
table.hm tr.grp td .en-inline { font-weight:normal; }
table.hm td.c { width:34px; height:20px; text-align:center; color:#fff; font-size:10px; font-weight:600;
                border:1px solid #fff; position:relative; line-height:18px; }
table.hm td.c.jan { border-left:3px solid #fff; }
td.c.on_time { background:var(--ok); }
td.c.late { background:var(--late); color:#3a2a00; }
td.c.missing { background:var(--miss); font-size:12px; }
td.c.none { background:var(--none); }
td.c .v2 { position:absolute; top:-1px; right:0; font-size:8px; line-height:9px; padding:0 1px;
           background:#0b3954; color:#fff; border-radius:0 0 0 3px; font-weight:600; }
table.hm td.tot { text-align:right; padding:0 6px; font-variant-numeric: tabular-nums; width:52px;
                  font-size:12px; }
table.hm th.tot { font-size:11px; color:var(--muted); font-weight:normal; padding:0 6px; text-align:right; }
table.hm tr.colsum td { border-top:2px solid var(--line); font-size:11px; text-align:center; color:var(--muted);
                        padding-top:3px; }
table.hm tr.colsum td.name { font-weight:600; color:var(--ink); font-size:12px; text-align:left; }
table.hm tr:hover td.name { background:#fff5cc; }
.legend { display:flex; flex-wrap:wrap; gap:16px; align-items:center; margin:6px 0 12px; font-size:13px; }
.legend .sw { display:inline-block; width:26px; height:18px; vertical-align:middle; margin-right:6px;
              text-align:center; color:#fff; font-size:10px; font-weight:600; line-height:18px;
              border-radius:2px; position:relative; }
.sw.on_time { background:var(--ok); } .sw.late { background:var(--late); color:#3a2a00 !important; }
.sw.missing { background:var(--miss); font-size:12px !important; } .sw.none { background:var(--none); }
.sw.not_due, td.c.not_due { background:var(--none); outline:1px dashed #888; outline-offset:-3px; }
.sw.usable { background:var(--ok); } .sw.incomplete { background:var(--inc); color:#3a2a00 !important; }
.sw .v2 { position:absolute; top:0; right:0; font-size:8px; line-height:9px; padding:0 1px;
          background:#0b3954; color:#fff; border-radius:0 0 0 3px; }
/* indicator grid */
table.ug th.qh { font-size:11.5px; font-weight:600; padding:3px 2px; text-align:center; width:62px;
                 color:var(--muted); }
table.ug td.name { padding:3px 12px 3px 2px; font-size:13px; white-space:nowrap; }
table.ug td.name .sub { color:var(--muted); font-size:11px; }
table.ug td.u { width:62px; height:24px; text-align:center; font-size:11px; font-weight:600; color:#fff;
                border:2px solid #fff; }
td.u.usable { background:var(--ok); } td.u.incomplete { background:var(--inc); color:#3a2a00; }
td.u.missing { background:var(--miss); }
td.u.na { background:var(--none); color:#777; }
.badge { display:inline-block; padding:1px 9px; border-radius:10px; font-weight:700; font-size:12px; }
.badge.yes { background:#d8f0e1; color:#17643a; border:1px solid var(--ok); }
.badge.partly { background:#fff0c7; color:#6b4a00; border:1px solid var(--late); }
.badge.no { background:#fbdde1; color:#8c1224; border:1px solid var(--miss); }
details summary { cursor:pointer; color:var(--accent); font-size:12.5px; }
details ul { margin:4px 0 0 0; padding-left:18px; font-size:12px; color:var(--muted); }
.sev { display:inline-block; padding:0 7px; border-radius:9px; font-size:11.5px; font-weight:600; }
.sev.error { background:#fbdde1; color:#8c1224; } .sev.warn { background:#fff0c7; color:#6b4a00; }
.sev.info { background:#e2edf6; color:#1c4f77; }
.note { color:var(--muted); font-size:12.5px; margin-top:8px; }
a { color:var(--accent); }
.gxlink { font-size:15px; font-weight:600; }
footer { color:var(--muted); font-size:12px; margin-top:18px; }
@media print {
  body { background:#fff; } section { break-inside:avoid-page; border:none; padding:0; }
  nav.toc { display:none; } details { display:block; } details > ul { display:block; }
}
"""


def _legend_item(cls: str, inner: str, label: str, extra: str = "") -> str:
    return f'<span><span class="sw {cls}">{inner}{extra}</span>{label}</span>'


def section_heatmap(d: PageData) -> str:
    months: dict[date, dict[str, Any]] = {}
    rows: dict[str, list[dict[str, Any]]] = {}
    for c in d.cells:  # in row order, then month order
        months.setdefault(c["period_start"], c)
        rows.setdefault(c["org_code"], []).append(c)
    groups: dict[str, list[str]] = {}
    for code, cells in rows.items():
        groups.setdefault(cells[0]["kommunalforbund_name"], []).append(code)

    def counts(level: str, code: str) -> dict[str, Any]:
        return d.delivery_counts.get((level, code)) or {"municipalities": 0, "missing": 0, "late": 0}

    y_spans: dict[int, int] = defaultdict(int)
    for mth in months:
        y_spans[mth.year] += 1
    head_years = "".join(f'<th class="year" colspan="{n}">{y}</th>' for y, n in y_spans.items())
    head_months = "".join(
        f'<th class="mon{" jan" if m.month == 1 else ""}" title="{e(c["period_label_long_sv"])}">'
        f'{e(c["month_abbreviation_sv"])}</th>' for m, c in months.items())
    body: list[str] = []
    for group_name, codes in groups.items():
        g = counts("kommunalforbund", group_name)
        body.append(f'<tr class="grp"><td colspan="{len(months) + 3}">{e(group_name)} '
                    f'<span class="en-inline">– {g["municipalities"]} kommuner, {g["missing"]} saknade, '
                    f'{g["late"]} sena leveranser</span></td></tr>')
        for code in codes:
            name = rows[code][0]["municipality_name"]
            tds = []
            for r in rows[code]:
                status, mth = r["status"], r["period_start"]
                jan = " jan" if mth.month == 1 else ""
                label = f"{name} ({code}), {r['period_label_long_sv']}: {STATUS_SV.get(status, status)}"
                inner = ""
                if status == "none":
                    label += " (ingen leverans förväntad)"
                elif status == "missing":
                    inner = "✕"
                    label += f" – ingen fil, deadline {r['deadline_date']}"
                else:
                    if status == "late":
                        inner = str(r["days_late"]) if r["days_late"] is not None else "!"
                        label += f" – {r['days_late']} dagar för sent"
                    label += (f" – levererad {r['delivered_at'] or 'okänt datum'}, deadline "
                              f"{r['deadline_date']}, fil {r['file_name']}, {num(r['rows_delivered'])} rader")
                    if r["is_corrected"]:
                        label += (f"; rättad fil version {r['version']}"
                                  f" (senast inkommen {r['last_delivered_at'] or 'okänt datum'})")
                        inner += f'<span class="v2">v{int(r["version"])}</span>'
                tds.append(f'<td class="c {e(status)}{jan}" data-status="{e(status)}" '
                           f'data-org="{e(code)}" data-period="{e(mth.isoformat()[:7])}" '
                           f'title="{e(label)}">{inner}</td>')
            row = counts("municipality", code)
            miss_cls = "bad" if row["missing"] else "zero"
            late_cls = "warnc" if row["late"] else "zero"
            body.append(f'<tr><td class="name">{e(name)}<span class="code">{e(code)}</span></td>{"".join(tds)}'
                        f'<td class="tot {miss_cls}">{row["missing"]}</td>'
                        f'<td class="tot {late_cls}">{row["late"]}</td></tr>')
    colsum = ""
    for m, c in months.items():
        col = counts("month", m.isoformat()[:7])
        colsum += (f'<td class="{"bad" if col["missing"] else "zero"}" title="{e(c["period_label_long_sv"])}: '
                   f'{col["missing"]} saknas, {col["late"]} sena">{col["missing"]}</td>')
    totals = counts("all", "all")
    body.append(f'<tr class="colsum"><td class="name">Saknas per månad</td>{colsum}'
                f'<td class="tot bad">{totals["missing"]}</td><td class="tot warnc">{totals["late"]}</td></tr>')

    legend = (
        '<div class="legend">'
        + _legend_item("on_time", "", "levererad i tid <span class='en-inline'>(on time)</span>")
        + _legend_item("late", "12", "sen – siffran är dagar efter deadline "
                       "<span class='en-inline'>(late, days after deadline)</span>")
        + _legend_item("missing", "✕", "saknas – ingen fil <span class='en-inline'>(missing)</span>")
        + _legend_item("on_time", "", "rättad fil (version 2) <span class='en-inline'>(corrected)</span>",
                       '<span class="v2">v2</span>')
        + _legend_item("none", "", "inte förväntad <span class='en-inline'>(not expected)</span>")
        + "</div>")
    n_munis = len(rows)
    return f"""
<section id="leveranser">
  <h2>Kommunernas leveranser månad för månad</h2>
  <div class="en">Heat map of the municipalities' monthly home health care reports
  (source <code>{e(HEATMAP_SOURCE)}</code>)</div>
  <p class="lead">Varje rad är en kommun ({n_munis} st, grupperade per kommunalförbund), varje ruta en månad.
  Kommunerna ska rapportera senast den 15:e månaden efter. Röda rutor med ✕ är rapporter som aldrig kom,
  gula rutor kom för sent. Håll muspekaren över en ruta för fil, datum och antal rader.
  Kolumnerna till höger räknar saknade och sena leveranser per kommun.</p>
  {legend}
  <div class="hm-wrap"><table class="hm">
    <thead><tr><th></th>{head_years}<th class="tot"></th><th class="tot"></th></tr>
    <tr><th></th>{head_months}<th class="tot">Saknas</th><th class="tot">Sena</th></tr></thead>
    <tbody>{"".join(body)}</tbody>
  </table></div>
</section>"""


def section_sources(d: PageData) -> str:
    freq_sv = {"month": "månadsvis", "quarter": "kvartalsvis", "year": "årsvis"}
    out = []
    for r in d.source_rows:  # in display order
        src = r["source"]
        freq = r["frequency"]
        has_cov = r["expected"] is not None
        sub = [f"<code>{e(src)}</code>"]
        if (r["organisations"] or 0) > 1:
            sub.append(f"{r['organisations']} avsändare")
        if freq:
            sub.append(e(freq_sv.get(freq, freq)))

        def cell(value: Any, cls: str = "", show: bool = True) -> str:
            return f'<td class="n {cls}">{num(value) if show and value is not None else "–"}</td>'

        out.append(
            f'<tr><td>{e(r["source_name_sv"])}<span class="sub">{" · ".join(sub)}</span></td>'
            + cell(r["expected"], show=has_cov)
            + cell(r["on_time"], show=has_cov)
            + cell(r["late"], "warnc" if r["late"] else "zero", has_cov)
            + cell(r["missing"], "bad" if r["missing"] else "zero", has_cov)
            + cell(r["corrected"], "" if r["corrected"] else "zero", has_cov)
            + cell(r["rows_delivered"])
            + cell(r["findings_error"], "bad" if r["findings_error"] else "zero")
            + cell(r["findings_warn"], "warnc" if r["findings_warn"] else "zero")
            + cell(r["findings_info"], "" if r["findings_info"] else "zero")
            + f'<td class="n">{e(r["latest_delivered_label_sv"] or "–")}</td></tr>')
    return f"""
<section id="kallor">
  <h2>Sammanfattning per källa</h2>
  <div class="en">Per-source summary: expected, on-time, late and missing deliveries, rows and findings</div>
  <table class="data">
    <thead><tr><th>Källa <span class="sub">source</span></th>
      <th class="n">Förväntade<span class="sub">expected</span></th>
      <th class="n">I tid<span class="sub">on time</span></th>
      <th class="n">Sena<span class="sub">late</span></th>
      <th class="n">Saknas<span class="sub">missing</span></th>
      <th class="n">Rättade<span class="sub">v2+</span></th>
      <th class="n">Rader levererade<span class="sub">rows</span></th>
      <th class="n">Fynd: fel<span class="sub">error</span></th>
      <th class="n">varning<span class="sub">warn</span></th>
      <th class="n">info<span class="sub">info</span></th>
      <th class="n">Senast levererade period<span class="sub">latest period</span></th></tr></thead>
    <tbody>{"".join(out)}</tbody>
  </table>
  <p class="note">En leverans är en fil per avsändare och period. Rader levererade avser senaste versionen av
  varje fil. Fynd är utfall av kvalitetskontrollerna (se avsnittet Vanligaste fynden).</p>
</section>"""


def section_indicators(d: PageData) -> str:
    by_cell = {(r["indicator_id"], r["period_start"]): r for r in d.indicator_quarters if r["usability"]}
    quarters = {r["period_start"]: r for r in d.indicator_quarters}  # in period order per indicator
    quarters = dict(sorted(quarters.items()))
    indicators = {r["indicator_id"]: r for r in d.indicator_quarters}  # in display order
    partial_tip = "kvartalet är bara delvis med i uppföljningsperioden"
    head = "".join(
        f'<th class="qh" title="{e(partial_tip if q["is_partial_quarter"] else "")}">'
        f'{e(q["period_label_sv"])}{"*" if q["is_partial_quarter"] else ""}</th>' for q in quarters.values())
    rows = []
    for ind in indicators.values():
        tds = []
        for q in quarters:
            r = by_cell.get((ind["indicator_id"], q))
            if r is None:
                tds.append('<td class="u na" data-usability="none" title="ingen bedömning">·</td>')
                continue
            u = r["usability"]
            text = {"usable": "✓", "missing": "✕"}.get(u, pct(r["coverage_share"]))
            tip = f"{ind['indicator_name_sv']}, {r['period_label_sv']}: {USABILITY_SV.get(u, u)}"
            if r["quality_flag"] and r["quality_flag"] != "ok":
                tip += f" – {FLAG_SV.get(r['quality_flag'], r['quality_flag'])}"
            if r["coverage_share"] is not None and u != "usable":
                tip += f"; täckning {pct(r['coverage_share'])}"
            if r["reason"]:
                tip += f". Reason: {r['reason']}"
            tds.append(f'<td class="u {e(u)}" data-usability="{e(u)}" title="{e(tip)}">{e(text)}</td>')
        rows.append(f'<tr><td class="name">{e(ind["indicator_name_sv"])}'
                    f'<span class="sub"> · {e(ind["source"])}</span></td>{"".join(tds)}</tr>')
    footnote = ""
    if any(q["is_partial_quarter"] for q in quarters.values()):
        footnote = (f'<p class="note">* Kvartalet är bara delvis med i uppföljningsperioden (data t.o.m. '
                    f'{e(d.summary["last_month_label_sv"])}); det räknas inte i tabellen nedan.</p>')
    legend = ('<div class="legend">'
              + _legend_item("usable", "✓", "användbar <span class='en-inline'>(usable)</span>")
              + _legend_item("incomplete", "92", "ofullständig – siffran är täckningen i procent "
                             "<span class='en-inline'>(incomplete, coverage %)</span>")
              + _legend_item("missing", "✕", "saknas <span class='en-inline'>(missing)</span>")
              + "</div>")

    # Readiness, grouped by the pilot study's four questions (rows in question, then display order).
    ready_rows = []
    by_q: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for r in d.readiness:
        by_q[(r["question_order"], r["question_id"])].append(r)
    for (q_order, q_id), members in by_q.items():
        counts = d.readiness_counts.get(q_id, {})
        summary = ", ".join(f"{counts[f'indicators_{k}']} {READY_SV[k][0].lower()}"
                            for k in ("yes", "partly", "no") if counts.get(f"indicators_{k}"))
        ready_rows.append(f'<tr class="q"><td colspan="5">Fråga {e(q_order)}: {e(members[0]["question_sv"])}'
                          f'<span class="sub">{e(members[0]["question_en"] or "")} — {e(summary)}</span></td></tr>')
        for m in members:
            label, cls = READY_SV.get(m["can_follow_up_today"], (m["can_follow_up_today"], "no"))
            gaps = [g.strip() for g in (m.get("gaps") or "").split(";") if g.strip()]
            gap_html = "<span class='zero'>inga luckor</span>"
            if gaps:
                gap_html = (f"<details><summary>{len(gaps)} {'lucka' if len(gaps) == 1 else 'luckor'}: "
                            f"{e(gaps[0].split(':')[0])}{' …' if len(gaps) > 1 else ''}</summary><ul>"
                            + "".join(f"<li>{e(g)}</li>" for g in gaps) + "</ul></details>")
            ready_rows.append(
                f'<tr><td>{e(m["indicator_name_sv"])}<span class="sub"><code>{e(m["indicator_id"])}</code> · '
                f'{e(m.get("source"))}</span></td>'
                f'<td><span class="badge {e(cls)}" data-ready="{e(m["can_follow_up_today"])}">{e(label)}</span></td>'
                f'<td class="n">{e(m["periods_usable"])} av {e(m["periods_expected"])}</td>'
                f'<td class="n">{e(m["latest_period_label_sv"] or "–")}</td>'
                f'<td>{gap_html}</td></tr>')
    all_counts = d.readiness_counts.get("all", {})
    verdicts = (f'{all_counts.get("indicators_yes", 0)} ja, {all_counts.get("indicators_partly", 0)} delvis, '
                f'{all_counts.get("indicators_no", 0)} nej')
    return f"""
<section id="indikatorer">
  <h2>Indikatorernas användbarhet per kvartal</h2>
  <div class="en">Indicator usability per quarter, region level (Västra Götaland)</div>
  <p class="lead">Kan indikatorn räknas ut för hela regionen för kvartalet? Grönt = ja, gult = bara delvis
  (några leveranser saknas, siffran är andelen som kom in), rött = nej.
  Håll muspekaren över en ruta för skälet.</p>
  {legend}
  <div class="hm-wrap"><table class="ug">
    <thead><tr><th></th>{head}</tr></thead>
    <tbody>{"".join(rows)}</tbody>
  </table></div>
  {footnote}
  <h3 id="beredskap">Kan vi följa upp piloten i dag?</h3>
  <div class="en">Follow-up readiness by the pilot study's four questions (yes / partly / no) —
  {verdicts}</div>
  <table class="data">
    <thead><tr><th>Indikator <span class="sub">indicator</span></th>
    <th>Kan följas upp i dag? <span class="sub">can follow up today</span></th>
    <th class="n">Användbara perioder <span class="sub">periods usable (kvartal/år)</span></th>
    <th class="n">Senaste period med värde <span class="sub">latest value</span></th>
    <th>Luckor <span class="sub">gaps (klicka för att visa)</span></th></tr></thead>
    <tbody>{"".join(ready_rows)}</tbody>
  </table>
</section>"""


def section_findings(d: PageData) -> str:
    rows = []
    for r in d.top_findings:
        example = r["example_file"] or "–"
        if r["example_line"] is not None:
            example += f":{r['example_line']}"
        dim = r["dimension"] or ""
        dim_sv = DIMENSION_SV.get(dim, dim)
        kahn = r["kahn_dimension"] or ""
        sev = r["severity"] or ""
        rows.append(
            f'<tr><td><code>{e(r["check_id"])}</code>'
            f'{"<span class=sub>" + e(r["description"]) + "</span>" if r["description"] else ""}</td>'
            f'<td>{e(dim_sv)}<span class="sub">{e(dim)}'
            f'{" · Kahn: " + e(kahn) if kahn and kahn != dim else ""}</span></td>'
            f'<td><span class="sev {e(sev)}">{e(SEVERITY_SV.get(sev, sev))}</span></td>'
            f'<td class="n">{num(r["findings"])}</td><td class="n">{num(r["files"])}</td>'
            f'<td><span class="mono">{e(example)}</span><span class="sub">{e(r["example_message"])}</span></td></tr>')
    c = d.summary
    uncat = (f", varav {c['checks_uncatalogued']} som inte finns i katalogen" if c["checks_uncatalogued"] else "")
    return f"""
<section id="fynd">
  <h2>Vanligaste fynden</h2>
  <div class="en">Top {TOP_FINDINGS} findings by check, with an example file and line</div>
  <p class="lead">Kontrollkatalogen har <b>{num(c["checks_catalogued"])}</b> kontroller, varav
  <b>{num(c["checks_implemented"])}</b>
  är implementerade. <b>{num(c["checks_fired"])}</b> kontroller gav utfall i den här körningen{e(uncat)},
  totalt <b>{num(c["findings"])}</b> fynd. <span class="en-inline">({num(c["checks_implemented"])} of
  {num(c["checks_catalogued"])}
  checks implemented, {num(c["checks_fired"])} fired, {num(c["findings"])} findings.)</span></p>
  <table class="data">
    <thead><tr><th>Kontroll <span class="sub">check_id · description</span></th>
    <th>Dimension <span class="sub">dimension</span></th><th>Allvarlighet <span class="sub">severity</span></th>
    <th class="n">Antal <span class="sub">count</span></th><th class="n">Filer <span class="sub">files</span></th>
    <th>Exempel <span class="sub">file:line · message</span></th></tr></thead>
    <tbody>{"".join(rows) or '<tr><td colspan="6">Inga fynd.</td></tr>'}</tbody>
  </table>
</section>"""


def section_files(d: PageData) -> str:
    """Row accounting per source and every landing file that could not be used as a whole."""
    acc = "".join(
        f'<tr><td>{e(r["source"])}</td><td class="n">{num(r["files"])}</td><td class="n">{num(r["rows_read"])}</td>'
        f'<td class="n">{num(r["rows_accepted"])}</td><td class="n">{num(r["rows_quarantined"])}</td>'
        f'<td class="n">{num(r["rows_superseded"])}</td><td class="n">{num(r["unusable_files"])}</td></tr>'
        for r in d.accounting)
    files = "".join(
        f'<tr><td>{e(r["source"])}</td><td><span class="mono">{e(r["file_name"])}</span></td>'
        f'<td>{e(FILE_STATUS_SV.get(r["file_status"], r["file_status"]))}'
        f'<span class="sub">{e(r["file_status"])}</span></td><td>{e(r["status_message"])}</td></tr>'
        for r in d.unusable_files)
    return f"""
<section id="filer">
  <h2>Filer och rader som inte kunde användas</h2>
  <div class="en">Every landing file accounted for: rows read = accepted + quarantined + superseded</div>
  <p class="lead"><b>{num(len(d.unusable_files))}</b> filer kunde inte användas alls. Avvisade rader finns med
  regel och förklaring i <code>data_quality.dq_quarantine</code>.</p>
  <table class="data">
    <thead><tr><th>Källa <span class="sub">source</span></th><th class="n">Filer <span class="sub">files</span></th>
    <th class="n">Lästa rader <span class="sub">read</span></th><th class="n">Godkända <span class="sub">accepted</span></th>
    <th class="n">I karantän <span class="sub">quarantined</span></th>
    <th class="n">Ersatta <span class="sub">superseded</span></th>
    <th class="n">Oanvändbara filer <span class="sub">unusable files</span></th></tr></thead>
    <tbody>{acc or '<tr><td colspan="7">Inga filer.</td></tr>'}</tbody>
  </table>
  <table class="data">
    <thead><tr><th>Källa <span class="sub">source</span></th><th>Fil <span class="sub">file</span></th>
    <th>Status</th><th>Varför <span class="sub">why</span></th></tr></thead>
    <tbody>{files or '<tr><td colspan="4">Alla filer kunde läsas.</td></tr>'}</tbody>
  </table>
</section>"""


def section_gx(d: PageData, out: Path) -> str:
    candidates = [out.parent / GX_INDEX_UNDER_REPORTS, reports_dir() / "quality" / GX_INDEX_UNDER_REPORTS]
    target = next((p for p in candidates if p.is_file()), candidates[0])
    href = Path(os.path.relpath(target.resolve(), out.parent.resolve())).as_posix()
    if target.is_file():
        text = "Great Expectations Data Docs"
        state = "Öppna rapporten från Great Expectations (skapad med <code>nara-vard quality</code>)."
    else:
        text = "Great Expectations Data Docs (run `nara-vard quality`)"
        state = ("Rapporten finns inte ännu: kör <code>nara-vard quality</code> så skapas den på den här "
                 "platsen.")
    summary = ""
    if d.gx:
        g = d.gx
        summary = (f'<p>Senaste körning {e(str(g["run_at"])[:16])} UTC: {num(g["expectations"])} förväntningar '
                   f'på {num(g["sources"])} källor, <b>{num(g["failed"])}</b> ej uppfyllda '
                   f'<span class="en-inline">(expectations failed)</span>.</p>')
    return f"""
<section id="gx">
  <h2>Great Expectations</h2>
  <div class="en">Second-opinion checks on the raw lines as delivered</div>
  <p>{state}</p>
  {summary}
  <p class="gxlink"><a href="{e(href)}">{e(text)}</a></p>
  <p class="note">Obs: Data Docs hämtar sina stilmallar från internet och ser enklare ut utan nätverk.</p>
</section>"""


def _sibling_href(out: Path, folder: str) -> str:
    """Relative link from this page to another report's index.html under reports/ (`nara-vard report`, `docs`)."""
    target = reports_dir() / folder / "index.html"
    return Path(os.path.relpath(target.resolve(), out.parent.resolve())).as_posix()


def render(d: PageData, db: Path, out: Path) -> str:
    heat_html = section_heatmap(d)
    totals = d.delivery_counts.get(("all", "all")) or {"expected": 0, "missing": 0, "late": 0, "corrected": 0}
    first, last = d.summary["first_month_label_sv"], d.summary["last_month_label_sv"]
    period_text = f"{first} – {last}" if first and last else "okänd"
    summary = (f"{num(totals['missing'])} av {num(totals['expected'])} förväntade kommunleveranser saknas, "
               f"{num(totals['late'])} kom sent")
    ready = d.readiness_counts.get("all") or {}
    ready = {k: ready.get(f"indicators_{k}", 0) for k in ("yes", "partly", "no")}
    n_ind = (d.readiness_counts.get("all") or {}).get("indicators", 0)
    other_missing = d.summary["missing_deliveries_other_sources"]
    now = datetime.now().astimezone()
    try:
        db_time = datetime.fromtimestamp(db.stat().st_mtime).astimezone().strftime("%Y-%m-%d %H:%M")
    except OSError:
        db_time = "okänt"
    kpis = f"""
    <div class="kpis">
      <div class="kpi miss"><b>{num(totals['missing'])}</b>
        <span>kommunleveranser saknas<br>av {num(totals['expected'])} förväntade</span></div>
      <div class="kpi late"><b>{num(totals['late'])}</b><span>kommunleveranser kom sent</span></div>
      <div class="kpi"><b>{num(totals['corrected'])}</b><span>kommunleveranser rättade (v2)</span></div>
      <div class="kpi miss"><b>{num(other_missing)}</b><span>saknade leveranser<br>från övriga källor</span></div>
      <div class="kpi ok"><b>{ready['yes']} / {n_ind}</b>
        <span>indikatorer kan följas upp i dag<br>({ready['partly']} delvis, {ready['no']} nej)</span></div>
      <div class="kpi"><b>{num(d.summary["findings"])}</b>
        <span>fynd från {num(d.summary["checks_fired"])} kontroller</span></div>
    </div>"""
    return f"""<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Datakvalitet – nära vård i Västra Götaland</title>
<style>{CSS}</style>
</head>
<body>
<header class="page"><div class="inner">
  <h1>Datakvalitet i uppföljningen av god och nära vård</h1>
  <div class="en">Data quality review page – Västra Götalandsregionen, nara_vard warehouse</div>
  <div class="meta">Uppföljningsperiod <b>{e(period_text)}</b> · sidan skapad {e(now.strftime("%Y-%m-%d %H:%M"))}
   · lagret byggt {e(db_time)} · <span title="{e(str(db))}">{e(db.name)}</span></div>
  <div class="summary">{e(summary)}.</div>
  {kpis}
  <nav class="toc"><a href="#leveranser">Kommunernas leveranser</a><a href="#kallor">Per källa</a>
  <a href="#indikatorer">Indikatorer</a><a href="#beredskap">Kan vi följa upp?</a><a href="#fynd">Vanligaste fynden</a>
  <a href="#filer">Filer och karantän</a><a href="#gx">Great Expectations</a>
  <a href="{e(_sibling_href(out, "indikatorer"))}"><b>Indikatorrapporten</b></a>
  <a href="{e(_sibling_href(out, "docs"))}"><b>Dokumentation av modellerna (dbt docs)</b></a></nav>
</div></header>
<main>
{heat_html}
{section_sources(d)}
{section_indicators(d)}
{section_findings(d)}
{section_files(d)}
{section_gx(d, out)}
<footer>Skapad av <code>nara-vard review-page</code> från tabellerna i schemat <code>data_quality</code>.
Sidan är fristående: den hämtar inget från internet och fungerar utskriven.
<span class="en-inline">Generated by nara-vard review-page; self-contained, no network resources.</span></footer>
</main>
</body>
</html>
"""


def build_review_page(db: Path, out: Path) -> Path:
    """Read the warehouse (read-only) and write the page. Returns the path written."""
    data = load(db)
    page = render(data, db, out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(out)
    return out


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
