"""`nara-vard report`: the indicator report, one self-contained Swedish HTML page from the PUBLISHED artefact.

It reads only `<published>/nara_vard.duckdb` (opened read-only; never the build database, so a report
can be made while a build runs) and only the report tables dbt computed for it:

    marts.rpt_indicator_overview          VGR's slide: indicator × report column, Riktning, Nivå (totalt)
    marts.rpt_indicator_overview_cells_v2 the same cell by cell and by sex: value, 95 % interval, text, flag, note,
                                          and each period's Riktning, Nivå and test of the change by sex
    marts.rpt_municipality_comparison     indicator × kommun × period with a comparison class and symbol (totalt)
    marts.rpt_indicator_series_v2         indicator × region / kommunalförbund / kommun × period × sex, with
                                          the 95 % interval, Riktning and whether the change is beyond noise
    marts.dim_indicator, marts.dim_period, marts.dim_geography

Python only renders: every value, text, symbol, flag and note comes from those tables as dbt wrote
them; this module sorts, filters and pivots them for display and scales numbers to SVG coordinates.

Sections: the overview (indicators × quarters and the latest month, with sparklines, Riktning, Nivå
and the judged period); the municipalities side by side for a period chosen with a <select>
(coloured and marked with a symbol, so it reads without colour); trend lines per indicator for the
region, a kommunalförbund and a chosen municipality, with the 95 % interval as a band. A Totalt /
Kvinnor / Män switch (radio buttons, default Totalt) switches the overview and the trend lines: the
overview has a row per indicator and sex in the HTML and the switch shows one set (`data-views`,
`hidden`); an indicator without a breakdown by sex keeps its totals with a note. An arrow whose change
against a year earlier is within noise (`change_is_significant` false) is muted and marked ≈. The
interactive parts are drawn by a small inline script from JSON embedded in the page. No fonts, scripts,
styles or images from anywhere else; every warehouse value goes through `html.escape` (or the script's
own escaping). Print CSS: A4 landscape, one section per page.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from nara_vard.paths import published_dir, reports_dir
from nara_vard.review_page import CSS as BASE_CSS
from nara_vard.review_page import _rows, _tables, e, sv_key

PUBLISHED_DB = "nara_vard.duckdb"
REQUIRED_TABLES = ("marts.rpt_indicator_overview", "marts.rpt_indicator_overview_cells_v2",
                   "marts.rpt_municipality_comparison", "marts.rpt_indicator_series_v2",
                   "marts.dim_indicator", "marts.dim_period",
                   "marts.dim_geography")
#: months offered in the municipality comparison besides quarters and years (keeps the page small)
COMPARISON_MONTHS = 6
#: period types drawn as trend lines (the <select> of the trend section)
TREND_PERIOD_TYPES = ("quarter", "month")
#: aggregations whose values follow the size of the geography: drawn in one panel per geography
SIZE_AGGREGATIONS = ("sum", "distinct_count", "point_in_time_count", "count")

PERIOD_TYPE_SV = {"quarter": "Kvartal", "year": "År", "month": "Månad"}
UNIT_SV = {"procent": "procent", "antal": "antal", "dagar": "dagar", "per_1000": "per 1 000 invånare"}
RIKTNING_SV = {"↑": "förbättring jämfört med samma period ett år tidigare",
               "→": "oförändrat jämfört med samma period ett år tidigare (inom toleransen)",
               "↓": "försämring jämfört med samma period ett år tidigare",
               "?": "kan inte bedömas (inget värde ett år tidigare eller ingen önskad riktning)"}
NIVA_SV = {"+": "når målet eller riktvärdet", "−": "når inte målet eller riktvärdet",
           "?": "kan inte bedömas (inget mål eller riktvärde)"}
#: comparison_class of rpt_municipality_comparison -> (Swedish label, CSS class)
CLASS_SV = {
    "meets_target": "når målet",
    "misses_target": "når inte målet",
    "best_quarter": "bästa fjärdedelen av kommunerna",
    "middle_half": "mellersta hälften av kommunerna",
    "worst_quarter": "sämsta fjärdedelen av kommunerna",
    "no_judgement": "ingen jämförelse (antal och summor följer kommunens storlek)",
}
BASIS_SV = {"target": "mot målet", "position": "läge bland kommunerna", "none": "ingen jämförelse"}
#: the sexes of the mart (Kolada's codes) and the switch's words; T first: the default view
SEX_SV = {"T": "Totalt", "K": "Kvinnor", "M": "Män"}
NO_SEX_BREAKDOWN_SV = "Redovisas inte per kön"
#: the mark of an arrow whose change against a year earlier is within noise, and what it means
NOISE_MARK = "≈"
NOISE_SV = "förändringen ligger inom slumpvariationen (95 %)"
SIGNIFICANT_SV = "förändringen är större än slumpvariationen (95 %)"


# --------------------------------------------------------------------------------------------- data


@dataclass
class ReportData:
    overview: list[dict[str, Any]]
    cells: list[dict[str, Any]]
    indicators: list[dict[str, Any]]
    periods: list[dict[str, Any]]
    geographies: list[dict[str, Any]]
    comparison: list[dict[str, Any]]
    series: list[dict[str, Any]]
    meta: dict[str, Any]


def load(published: Path) -> ReportData:
    """Read the report tables from the published DuckDB file (read-only)."""
    import duckdb

    db = published / PUBLISHED_DB
    con = duckdb.connect(str(db), read_only=True)
    try:
        missing = [t for t in REQUIRED_TABLES if t not in _tables(con)]
        if missing:
            raise ReportError(f"the published file {db} lacks {', '.join(missing)}; it was published before "
                              "the report tables (or the versions read here) existed: "
                              "run `nara-vard build` and `nara-vard publish`")
        overview = _rows(con, "select * from marts.rpt_indicator_overview order by display_order")
        cells = _rows(con, """
            select indicator_id, sex, column_order, column_name, period_type, period_start, period_label_sv,
                   value, ci_lower, ci_upper, ci_sv, value_sv, quality_flag, suppression, note_sv, is_judged_period,
                   riktning, niva, change_is_significant
            from marts.rpt_indicator_overview_cells_v2 order by display_order, column_order""")
        indicators = _rows(con, "select * from marts.dim_indicator order by display_order")
        periods = _rows(con, "select * from marts.dim_period order by period_type, period_start")
        geographies = _rows(con, """
            select geo_level, geo_code, geo_name_sv, kommunalforbund_code from marts.dim_geography
            where geo_level in ('region', 'kommunalforbund', 'kommun')""")
        comparison = _rows(con, """
            select c.indicator_id, c.municipality_code, c.period_type, c.period_start, c.value_sv,
                   c.comparison_basis, c.comparison_class, c.comparison_symbol, c.municipalities_with_value,
                   c.note_sv
            from marts.rpt_municipality_comparison as c
            inner join marts.dim_period as p using (period_type, period_start)
            where p.is_within_follow_up""")
        series = _rows(con, """
            select s.indicator_id, s.geo_level, s.geo_code, s.period_type, s.period_start, s.sex, s.value,
                   s.value_sv, s.ci_lower, s.ci_upper, s.riktning, s.change_is_significant, s.note_sv
            from marts.rpt_indicator_series_v2 as s
            inner join marts.dim_period as p using (period_type, period_start)
            where p.is_within_follow_up and s.period_type in ({})""".format(
            ", ".join(f"'{t}'" for t in TREND_PERIOD_TYPES)))
    finally:
        con.close()
    meta: dict[str, Any] = {}
    try:
        meta = json.loads((published / "_published.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    return ReportData(overview, cells, indicators, periods, geographies, comparison, series, meta)


class ReportError(Exception):
    """Something the user can fix (nothing published yet, an old published version)."""


# ----------------------------------------------------------------------------------------- helpers


def _period_key(period_type: str, period_start: Any) -> str:
    return f"{period_type}:{period_start.isoformat()}"


def _plot_number(value: Any) -> float | None:
    """A value as an SVG coordinate source: only its position on the chart depends on it."""
    return None if value is None else round(float(value), 4)


def _rel(target: Path, out: Path) -> str:
    return Path(os.path.relpath(target.resolve(), out.parent.resolve())).as_posix()


def _unit_sv(unit: str | None) -> str:
    return UNIT_SV.get(unit or "", unit or "")


def _target_text(ind: dict[str, Any]) -> str:
    target = ind.get("target_value")
    if target is None:
        return ""
    sign = {"increase": "≥ ", "decrease": "≤ "}.get(ind.get("desired_direction") or "", "")
    text = f"{target:g}".replace(".", ",")
    return f"mål {sign}{text}{'%' if ind.get('unit') == 'procent' else ''}"


def _views(views: tuple[str, ...]) -> str:
    """Attributes of an element shown for the switch's choices `views` (hidden at first unless T is one)."""
    return f' data-views="{" ".join(views)}"' + ("" if "T" in views else " hidden")


class _Notes:
    """Distinct note texts, referred to by index in the embedded JSON (the notes repeat a lot)."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self._index: dict[str, int] = {}

    def __call__(self, text: str | None) -> int:
        if not text:
            return -1
        if text not in self._index:
            self._index[text] = len(self.texts)
            self.texts.append(text)
        return self._index[text]


# ------------------------------------------------------------------------------------------ overview


def sparkline(points: list[tuple[float | None, str, bool]], width: int = 118, height: int = 28) -> str:
    """A small inline SVG line over the report columns; gaps where there is no value.

    `points` are (value, title, is_judged) per column; the judged column gets a larger dot.
    """
    values = [v for v, _, _ in points if v is not None]
    if not values:
        return '<span class="nosp" title="inga värden att rita">–</span>'
    lo, hi = min(values), max(values)
    span = (hi - lo) or (abs(hi) or 1.0)
    pad_x, pad_y = 4, 4
    n = len(points)
    step = (width - 2 * pad_x) / max(n - 1, 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        y = height - pad_y - (v - lo) / span * (height - 2 * pad_y) if hi != lo else height / 2
        return round(pad_x + i * step, 1), round(y, 1)

    segments, current = [], []
    for i, (v, _, _) in enumerate(points):
        if v is None:
            if current:
                segments.append(current)
            current = []
        else:
            current.append(xy(i, v))
    if current:
        segments.append(current)
    lines = "".join(f'<polyline points="{" ".join(f"{x},{y}" for x, y in seg)}"/>' for seg in segments if len(seg) > 1)
    dots = []
    for i, (v, title, judged) in enumerate(points):
        if v is None:
            continue
        x, y = xy(i, v)
        cls = ' class="j"' if judged else ""
        dots.append(f'<circle cx="{x}" cy="{y}" r="{3.2 if judged else 1.9}"{cls}><title>{e(title)}</title></circle>')
    return (f'<svg class="spark" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
            f'aria-label="utveckling">{lines}{"".join(dots)}</svg>')


def _overview_cell(c: dict[str, Any], label: str) -> tuple[str, str]:
    """One value cell of the overview: (the <td>, the quality note shown under the table or '')."""
    text, note = c.get("value_sv"), c.get("note_sv")
    judged = bool(c.get("is_judged_period"))
    attrs = f'data-indicator="{e(c.get("indicator_id"))}" data-column="{e(c.get("column_name"))}" ' \
            f'data-sex="{e(c.get("sex"))}"'
    cls, flag_note = ["v"], ""
    if judged:
        cls.append("judged")
        attrs += ' data-judged="true"'
    if text == "..":
        cls.append("hidden")
        title = f"{label}: dolt – {note or 'dolt för att skydda enskilda'}"
        inner = '<span class="val">..</span>'
    elif text is None:
        cls.append("missing")
        title = f"{label}: saknas – {note or 'ingen uppgift för perioden'}"
        inner = '<span class="val"></span>'
    else:
        title = f"{label}: {text}"
        interval = f"95 % konfidensintervall {c['ci_sv']}" if c.get("ci_sv") else ""
        if interval:
            title += f" ({interval})"
            attrs += f' data-ci="{e(interval)}"'
        inner = f'<span class="val">{e(text)}</span>'
        if note:
            cls.append("flagged")
            title += f" – {note}"
            inner += '<sup class="flag" aria-label="kvalitetsanmärkning">*</sup>'
            flag_note = note
    if judged:
        title += " (perioden som Riktning och Nivå avser)"
    return f'<td class="{" ".join(cls)}" {attrs} title="{e(title)}">{inner}</td>', flag_note


def _riktning_cell(ind_id: str, sex: str, riktning: str, significant: bool | None) -> str:
    """Riktning; an arrow whose change is within noise is muted and marked ≈ (`data-significant`)."""
    title, cls, mark = RIKTNING_SV.get(riktning, riktning), ["rk"], ""
    if significant is False:
        cls.append("noise")
        title += f" – {NOISE_SV}"
        mark = f'<sup class="noise" aria-label="{e(NOISE_SV)}">{NOISE_MARK}</sup>'
    elif significant:
        title += f" – {SIGNIFICANT_SV}"
    state = "" if significant is None else f' data-significant="{str(significant).lower()}"'
    return (f'<td class="{" ".join(cls)}" data-indicator="{e(ind_id)}" data-column="riktning" data-sex="{e(sex)}"'
            f'{state} title="{e(title)}"><span class="val">{e(riktning)}</span>{mark}</td>')


def section_overview(d: ReportData) -> str:
    by_cell = {(c["indicator_id"], c["sex"], c["column_name"]): c for c in d.cells}
    columns = sorted({(c["column_order"], c["column_name"], c["period_type"], c["period_start"]) for c in d.cells})
    period_labels = {(p["period_type"], p["period_start"]): p["period_label_sv"] for p in d.periods}
    judged_cols = {c["column_name"] for c in d.cells if c["is_judged_period"]}
    judged_cells = {(c["indicator_id"], c["sex"]): c for c in d.cells if c["is_judged_period"]}
    indicators = {i["indicator_id"]: i for i in d.indicators}
    head = "".join(
        f'<th class="per" data-column="{e(name)}">{e(period_labels.get((pt, ps), name))}</th>'
        for _, name, pt, ps in columns)
    rows: list[str] = []
    flagged: dict[str, list[tuple[str, str, str, str]]] = {sex: [] for sex in SEX_SV}
    for o in d.overview:
        ind_id = o["indicator_id"]
        ind = indicators.get(ind_id, {})
        by_sex = bool(ind.get("sex_breakdown"))
        for sex in (SEX_SV if by_sex else ("T",)):
            views = (sex,) if by_sex else tuple(SEX_SV)
            tds, spark = [], []
            for _, name, pt, ps in columns:
                c = by_cell.get((ind_id, sex, name)) or {"indicator_id": ind_id, "sex": sex, "column_name": name}
                label = period_labels.get((pt, ps), name)
                td, note = _overview_cell(c, label)
                tds.append(td)
                if note:
                    for view in views:
                        flagged[view].append((o["indicator_label_sv"], label, c["value_sv"], note))
                text = c.get("value_sv")
                spark.append((c.get("value"), f"{label}: {text}" if text else f"{label}: saknas",
                              bool(c.get("is_judged_period"))))
            judgement = judged_cells.get((ind_id, sex)) or {}
            if sex == "T":  # the published table's own judgement
                rik, niv = o["riktning"], o["niva"]
            else:
                rik, niv = judgement.get("riktning") or "?", judgement.get("niva") or "?"
            significant = judgement.get("change_is_significant") if rik in ("↑", "→", "↓") else None
            if by_sex:
                sub = f'<span class="sub">{e(_unit_sv(o["unit"]))} · <b class="sx">{e(SEX_SV[sex].lower())}</b></span>'
            else:
                sub = (f'<span class="sub">{e(_unit_sv(o["unit"]))}</span>'
                       f'<span class="sub sexnote"{_views(("K", "M"))}>{e(NO_SEX_BREAKDOWN_SV)} – totalt visas</span>')
            rows.append(
                f'<tr data-indicator="{e(ind_id)}" data-sex="{sex}"{_views(views)}>'
                f'<th class="ind" scope="row">{e(o["indicator_label_sv"])}{sub}</th>{"".join(tds)}'
                f'<td class="sp">{sparkline(spark)}</td>'
                f'{_riktning_cell(ind_id, sex, rik, significant)}'
                f'<td class="nv" data-indicator="{e(ind_id)}" data-column="niva" data-sex="{sex}" '
                f'title="{e(NIVA_SV.get(niv, niv))}"><span class="val">{e(niv)}</span></td>'
                f'<td class="jp" data-indicator="{e(ind_id)}" data-column="judged_period_sv" data-sex="{sex}">'
                f'<span class="val">{e(o["judged_period_sv"] or "")}</span></td></tr>')
    notes = []
    for sex, items in flagged.items():
        if not items:
            continue
        per_indicator: dict[str, list[str]] = defaultdict(list)
        for lbl, per, txt, note in items:
            per_indicator[lbl].append(f"{e(per)} ({e(txt)}): {e(note)}")
        notes.append(f'<div class="flagnotes" data-sex="{sex}"{_views((sex,))}>'
                     f'<h3>Anmärkningar till värden med * ({e(SEX_SV[sex].lower())})</h3><ul>'
                     + "".join(f"<li><b>{e(lbl)}</b> – {'; '.join(texts)}</li>"
                               for lbl, texts in per_indicator.items())
                     + "</ul></div>")
    judged_note = ("" if not judged_cols else
                   "Inramat värde = den period som Riktning och Nivå avser (kolumnen <i>Bedömd period</i>).")
    legend = f"""
  <div class="legend ov-legend">
    <span><b>Riktning</b> ↑ förbättring · → oförändrat · ↓ försämring · ? kan inte bedömas
      <span class="en-inline">(jämfört med samma period ett år tidigare)</span></span>
    <span><b class="noise-sample">↑{NOISE_MARK}</b> {e(NOISE_SV)}: pilen visar VGR:s regel, men skillnaden
      mot ett år tidigare kan vara slump</span>
    <span><b>Nivå</b> + når målet · − når inte målet · ? inget mål</span>
    <span><b>..</b> dolt för att skydda enskilda · <b>tom ruta</b> saknas · <b>*</b> kvalitetsanmärkning</span>
    <span>{judged_note}</span>
    <span class="screen-only">Håll muspekaren över ett värde för dess 95 % konfidensintervall (andelar och
      medelvärden; antal och summor har inget).</span>
    <span{_views(("K", "M"))} class="sexnote-legend">Kvinnor och män: Riktning och Nivå avser samma period
      som för totalt. Indikatorer som inte redovisas per kön visar totalt.</span>
  </div>"""
    return f"""
<section id="oversikt" class="overview">
  <h2>Utfall indikatorer – Västra Götaland</h2>
  <div class="en">Overview: region values per quarter and the latest month, with trend (Riktning) and level (Nivå)</div>
  <p class="lead">Regionens värden per kvartal och senaste månad, som i VGR:s uppföljningsbild.
  <span class="screen-only">Håll muspekaren över en ruta för förklaringen till ett saknat eller dolt värde eller en
  anmärkning.</span></p>
  {legend}
  <div class="tw"><table class="ov" id="overview-table">
    <thead><tr><th class="ind">Indikator</th>{head}<th class="sp">Utveckling</th>
    <th class="rk">Riktning</th><th class="nv">Nivå</th><th class="jp">Bedömd period</th></tr></thead>
    <tbody>{"".join(rows)}</tbody>
  </table></div>
  {"".join(notes)}
</section>"""


# ------------------------------------------------------------------------------- embedded page data


def page_data(d: ReportData) -> dict[str, Any]:
    """Everything the two interactive sections draw, compact (notes by index, cells aligned by kommun)."""
    notes = _Notes()
    geos = d.geographies
    kf_names = {g["geo_code"]: g["geo_name_sv"] for g in geos if g["geo_level"] == "kommunalforbund"}
    kf_order = sorted(kf_names, key=lambda c: sv_key(kf_names[c]))
    kommuner = sorted((g for g in geos if g["geo_level"] == "kommun"),
                      key=lambda g: (kf_order.index(g["kommunalforbund_code"]) if g["kommunalforbund_code"] in kf_names
                                     else len(kf_order), sv_key(g["geo_name_sv"])))
    region = next((g for g in geos if g["geo_level"] == "region"), {"geo_code": "", "geo_name_sv": "Regionen"})
    k_index = {g["geo_code"]: i for i, g in enumerate(kommuner)}
    period_labels = {(p["period_type"], p["period_start"]): p["period_label_sv"] for p in d.periods}
    in_follow_up = [p for p in d.periods if p["is_within_follow_up"]]

    # Municipality comparison: quarters and years of the follow-up, and its last months.
    months = sorted(p["period_start"] for p in in_follow_up if p["period_type"] == "month")[-COMPARISON_MONTHS:]
    offered = [(t, p["period_start"]) for t in ("quarter", "year") for p in in_follow_up if p["period_type"] == t]
    offered += [("month", m) for m in months]
    offered_keys = {_period_key(t, s) for t, s in offered}
    classes: list[str] = []
    cells: dict[str, dict[str, list[Any]]] = defaultdict(dict)
    has_value: set[str] = set()
    basis: dict[str, dict[str, str]] = defaultdict(dict)
    for r in d.comparison:
        key = _period_key(r["period_type"], r["period_start"])
        if key not in offered_keys or r["municipality_code"] not in k_index:
            continue
        row = cells[key].setdefault(r["indicator_id"], [None] * len(kommuner))
        cls = r["comparison_class"]
        if cls is not None and cls not in classes:
            classes.append(cls)
        row[k_index[r["municipality_code"]]] = [
            r["value_sv"], classes.index(cls) if cls is not None else -1, r["comparison_symbol"] or "",
            notes(r["note_sv"]), r["municipalities_with_value"]]
        if r["value_sv"] is not None and r["value_sv"] != "..":
            has_value.add(key)
        if r["comparison_basis"]:
            basis[key][r["indicator_id"]] = r["comparison_basis"]
    periods = [{"k": _period_key(t, s), "t": t, "l": period_labels.get((t, s), str(s))}
               for t, s in offered if _period_key(t, s) in cells]
    quarters_with_values = [p["k"] for p in periods if p["t"] == "quarter" and p["k"] in has_value]
    default = quarters_with_values[-1] if quarters_with_values else (periods[-1]["k"] if periods else "")

    # Trend lines: region, kommunalförbund and kommun per period type of the follow-up and sex. A point is
    # [value, text, note, ci_lower, ci_upper, riktning, change_is_significant], trailing empties dropped.
    series: dict[str, Any] = {}
    by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in d.series:
        by_type[r["period_type"]].append(r)
    for ptype in TREND_PERIOD_TYPES:
        starts = sorted(p["period_start"] for p in in_follow_up if p["period_type"] == ptype)
        pos = {s: i for i, s in enumerate(starts)}
        data: dict[str, dict[str, dict[str, list[Any]]]] = defaultdict(lambda: defaultdict(dict))
        prefix = {"region": "r", "kommunalforbund": "f", "kommun": "k"}
        for r in by_type.get(ptype, []):
            if r["period_start"] not in pos:
                continue
            geo = f'{prefix[r["geo_level"]]}:{r["geo_code"]}'
            line = data[r["sex"]][r["indicator_id"]].setdefault(geo, [None] * len(starts))
            line[pos[r["period_start"]]] = _series_point(r, notes)
        series[ptype] = {"labels": [period_labels.get((ptype, s), str(s)) for s in starts], "data": data}

    indicators = [{
        "id": i["indicator_id"], "name": i["indicator_name_sv"], "unit": i["unit"], "unitSv": _unit_sv(i["unit"]),
        "dec": i["display_decimals"], "size": (i["aggregation"] or "") in SIZE_AGGREGATIONS,
        "sx": bool(i["sex_breakdown"]), "target": _target_text(i)} for i in d.indicators]
    return {
        "notes": notes.texts,
        "region": {"c": region["geo_code"], "n": region["geo_name_sv"]},
        "kf": [{"c": c, "n": kf_names[c]} for c in kf_order],
        "kommuner": [{"c": g["geo_code"], "n": g["geo_name_sv"], "f": g["kommunalforbund_code"]} for g in kommuner],
        "ind": indicators,
        "classes": classes,
        "classSv": CLASS_SV,
        "basisSv": BASIS_SV,
        "cmp": {"periods": periods, "default": default, "cells": cells, "basis": basis},
        "ser": series,
        "periodTypeSv": PERIOD_TYPE_SV,
        "sexSv": SEX_SV,
        "noSexSv": NO_SEX_BREAKDOWN_SV,
        "noiseSv": NOISE_SV,
        "significantSv": SIGNIFICANT_SV,
        "riktningSv": RIKTNING_SV,
    }


def _series_point(r: dict[str, Any], notes: _Notes) -> list[Any]:
    """One trend point, compact: Riktning only where it says something, trailing empty fields dropped."""
    riktning = r["riktning"] if r["riktning"] in ("↑", "→", "↓") else None
    significant = None if riktning is None or r["change_is_significant"] is None else int(r["change_is_significant"])
    point = [_plot_number(r["value"]), r["value_sv"], notes(r["note_sv"]), _plot_number(r["ci_lower"]),
             _plot_number(r["ci_upper"]), riktning, significant]
    while point[-1] is None:
        point.pop()
    return point


def _json_script(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    # Inside <script>, "</" could end the element and "<!--" open a comment: escape both.
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


# -------------------------------------------------------------------------------------- sections


def sex_switch() -> str:
    """The Totalt / Kvinnor / Män switch: three radio buttons in a fieldset (keyboard and screen reader
    friendly); the page's script reads it. Without a script the page shows totalt."""
    options = "".join(
        f'<label><input type="radio" name="kon" value="{sex}" id="kon-{sex}"{" checked" if sex == "T" else ""}>'
        f" {e(word)}</label>" for sex, word in SEX_SV.items())
    return f"""
<div class="sexbar" id="sex-bar">
  <fieldset class="sexswitch" id="sex-switch"><legend>Kön</legend>{options}</fieldset>
  <span class="sexhelp">Gäller översikten och diagrammen. Indikatorer som inte redovisas per kön visar
  totalt. Kommunjämförelsen visar totalt.</span>
  <noscript><span class="sexhelp">Valet kräver JavaScript; sidan visar totalt.</span></noscript>
</div>"""


def section_comparison(data: dict[str, Any]) -> str:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for p in data["cmp"]["periods"]:
        groups[p["t"]].append(p)
    options = "".join(
        f'<optgroup label="{e(PERIOD_TYPE_SV.get(t, t))}">'
        + "".join(f'<option value="{e(p["k"])}"{" selected" if p["k"] == data["cmp"]["default"] else ""}>'
                  f'{e(p["l"])}</option>' for p in groups[t]) + "</optgroup>"
        for t in ("quarter", "year", "month") if groups.get(t))
    legend_items = [
        ("meets_target", "+", "når målet"), ("misses_target", "−", "når inte målet"),
        ("best_quarter", "▲", "bästa fjärdedelen"), ("middle_half", "●", "mellersta hälften"),
        ("worst_quarter", "▼", "sämsta fjärdedelen"), ("no_judgement", "", "ingen jämförelse (antal, summor)"),
        ("hidden", "..", "dolt för att skydda enskilda"), ("missing", "", "saknas"),
    ]
    legend = "".join(f'<span><span class="sw c-{cls}">{sym}</span>{e(text)}</span>' for cls, sym, text in legend_items)
    return f"""
<section id="kommuner" class="comparison">
  <h2>Kommunerna jämförda</h2>
  <div class="en">The 49 municipalities side by side, grouped by kommunalförbund</div>
  <p class="lead"><label for="cmp-period"><b>Period:</b></label>
  <select id="cmp-period" aria-label="välj period">{options}</select>
  <span class="pl" id="cmp-period-label"></span></p>
  <p class="note sexnote"{_views(("K", "M"))}>Kommunjämförelsen redovisas för totalt (kvinnor och män
  tillsammans); könsuppdelade värden finns i översikten och diagrammen.</p>
  <p class="caution"><b>Läget (▲ ● ▼) jämför kommunen med de andra kommunerna samma period – det är inte ett
  omdöme.</b> Den bästa fjärdedelen ett dåligt år kan fortfarande vara dålig. Där katalogen har ett mål jämförs
  värdet med målet i stället (+ når målet, − når det inte). Antal och summor jämförs inte: de följer kommunens
  storlek.</p>
  <div class="legend cmp-legend">{legend}</div>
  <div class="tw"><table class="cmp" id="cmp-table"><tbody><tr><td>Tabellen ritas av sidans skript.</td></tr>
  </tbody></table></div>
  <noscript><p class="note">Tabellen kräver JavaScript.</p></noscript>
</section>"""


def section_trends(data: dict[str, Any]) -> str:
    kommun_opts = []
    for kf in data["kf"]:
        members = [k for k in data["kommuner"] if k["f"] == kf["c"]]
        kommun_opts.append(f'<optgroup label="{e(kf["n"])}">'
                           + "".join(f'<option value="{e(k["c"])}">{e(k["n"])}</option>' for k in members)
                           + "</optgroup>")
    ptype_opts = "".join(f'<option value="{e(t)}">{e(PERIOD_TYPE_SV[t])}</option>' for t in TREND_PERIOD_TYPES)
    return f"""
<section id="trender" class="trends">
  <h2>Utveckling per indikator</h2>
  <div class="en">Trend lines: the region, the municipality's kommunalförbund and the municipality</div>
  <p class="lead"><label for="trend-kommun"><b>Kommun:</b></label>
  <select id="trend-kommun" aria-label="välj kommun">{"".join(kommun_opts)}</select>
  <label for="trend-ptype"><b>Per:</b></label>
  <select id="trend-ptype" aria-label="välj periodtyp">{ptype_opts}</select></p>
  <div class="legend" id="trend-legend"></div>
  <p class="note">Ett avbrott i en linje är ett värde som saknas eller är dolt. Under diagrammet står
  <b>..</b> för ett dolt värde och en tom ruta för ett saknat; håll muspekaren över för skälet.
  Antal och summor ritas i en ruta per nivå (de följer områdets storlek). Det skuggade bandet runt en linje är
  värdets 95 % konfidensintervall (andelar och medelvärden): ju mindre område, desto bredare band. Håll
  muspekaren över en punkt för värdet, intervallet och Riktning; {NOISE_MARK} = {e(NOISE_SV)}.</p>
  <div class="charts" id="trend-charts"></div>
</section>"""


REPORT_CSS = """
main { max-width: 1560px; }
header.page .inner { max-width: 1560px; }
header.page nav.toc a.ext { font-weight:600; }
.tw { overflow-x:auto; }
table.ov { border-collapse:collapse; font-size:13px; width:100%; }
table.ov th, table.ov td { border-bottom:1px solid var(--line); padding:4px 6px; }
table.ov thead th { background:#0b3954; color:#fff; font-weight:600; font-size:12.5px; text-align:center;
                    white-space:nowrap; }
table.ov thead th.ind { text-align:left; }
table.ov th.ind { text-align:left; font-weight:600; font-size:12.5px; min-width:230px; max-width:340px; }
table.ov th.ind .sub { display:block; color:var(--muted); font-weight:normal; font-size:11px; }
table.ov td.v { text-align:right; white-space:nowrap; font-variant-numeric:tabular-nums; min-width:56px; }
table.ov td.v.judged .val { outline:2px solid #0b3954; outline-offset:2px; padding:0 2px; font-weight:700; }
table.ov td.v.hidden { background: repeating-linear-gradient(135deg, #fff 0 4px, #eceef2 4px 6px); }
sup.flag { color:#8a5a00; font-weight:700; margin-left:1px; cursor:help; }
table.ov td.rk, table.ov td.nv { text-align:center; font-size:17px; font-weight:700; width:64px; }
table.ov td.jp { text-align:center; white-space:nowrap; color:var(--muted); font-size:12px; }
table.ov td.sp { width:126px; }
table.ov tbody tr:nth-child(even) td, table.ov tbody tr:nth-child(even) th { background-color:#f7f9fb; }
table.ov tbody tr:nth-child(even) td.hidden { background: repeating-linear-gradient(135deg, #f7f9fb 0 4px, #e6e9ee 4px 6px); }
svg.spark { display:block; }
svg.spark polyline { fill:none; stroke:#0a5c8a; stroke-width:1.6; }
svg.spark circle { fill:#0a5c8a; }
svg.spark circle.j { fill:#fff; stroke:#0b3954; stroke-width:2; }
.ov-legend { font-size:12.5px; gap:6px 22px; }
[hidden] { display:none !important; }
/* the Totalt / Kvinnor / Män switch */
.sexbar { position:sticky; top:0; z-index:5; display:flex; flex-wrap:wrap; align-items:center; gap:4px 16px;
          background:#fff; border:1px solid var(--line); border-radius:4px; padding:6px 12px; margin:10px 0 0; }
fieldset.sexswitch { border:none; margin:0; padding:0; display:flex; align-items:center; gap:4px; }
fieldset.sexswitch legend { float:left; font-weight:700; margin-right:8px; padding:0; }
fieldset.sexswitch label { border:1px solid #0b3954; border-radius:4px; padding:3px 12px; cursor:pointer;
                           font-weight:600; color:#0b3954; }
fieldset.sexswitch label:has(input:checked) { background:#0b3954; color:#fff; }
fieldset.sexswitch input { accent-color:#0b3954; margin:0 4px 0 0; }
fieldset.sexswitch label:has(input:focus-visible) { outline:3px solid #d97706; outline-offset:2px; }
.sexhelp { color:var(--muted); font-size:12px; }
.sexnote { color:#8a5a00; }
table.ov th.ind .sub.sexnote { color:#8a5a00; font-style:italic; }
table.ov th.ind .sx { font-weight:600; color:#0b3954; }
table.ov td.rk.noise .val { color:#9aa3ae; }
table.ov td.rk sup.noise, .noise-sample { color:#5b6675; font-weight:700; }
table.ov td.rk sup.noise { font-size:11px; margin-left:1px; cursor:help; }
.flagnotes h3 { font-size:13px; margin:12px 0 2px; }
.flagnotes ul { margin:0; padding-left:18px; font-size:11.5px; color:var(--muted); }
select { font:inherit; padding:2px 6px; margin-right:14px; }
.caution { background:#fff8e1; border-left:4px solid var(--late); padding:6px 10px; max-width:1100px; }
/* municipality comparison */
table.cmp { border-collapse:collapse; font-size:12px; }
table.cmp th, table.cmp td { border:1px solid #fff; padding:2px 5px; }
table.cmp thead th { background:#eef1f5; font-weight:600; font-size:11px; vertical-align:bottom; width:84px;
                     min-width:72px; text-align:center; line-height:1.2; }
table.cmp thead th .sub { display:block; color:var(--muted); font-weight:normal; font-size:10px; }
table.cmp thead th.kn { text-align:left; width:auto; }
table.cmp tr.grp th { background:#0b3954; color:#fff; text-align:left; font-size:12px; padding:4px 6px; }
table.cmp td.kn { white-space:nowrap; padding-right:10px; font-weight:600; border-bottom:1px solid var(--line); }
table.cmp td.c { text-align:right; white-space:nowrap; font-variant-numeric:tabular-nums; height:20px; }
table.cmp td.c .sym { display:inline-block; width:12px; text-align:center; margin-left:3px; font-weight:700; }
.c-meets_target { background:#cfe9d9; color:#10512d; }
.c-misses_target { background:#f8d3d8; color:#7d1020; }
.c-best_quarter { background:#cfe2f3; color:#0c3d66; }
.c-middle_half { background:#eef0f3; color:#333; }
.c-worst_quarter { background:#fcdcb4; color:#6b3a00; }
.c-no_judgement { background:#fff; color:var(--ink); }
.c-hidden { background: repeating-linear-gradient(135deg, #fff 0 4px, #d9dde3 4px 6px); color:var(--ink);
            box-shadow: inset 0 0 0 1px var(--line); }
.c-missing { background:#fff; box-shadow: inset 0 0 0 1px #aab2bd; }
.c-none { background:transparent; }
.cmp-legend .sw { color:inherit !important; font-size:12px !important; }
table.cmp td.c-hidden, table.cmp td.c-missing, table.cmp td.c-none { text-align:center; }
table.cmp tbody tr:hover td.kn { background:#fff5cc; }
/* trends */
.charts { display:grid; grid-template-columns: repeat(auto-fill, minmax(440px, 1fr)); gap:14px 18px;
          align-items:start; }
figure.chart { margin:0; border:1px solid var(--line); border-radius:4px; padding:8px 10px 6px; background:#fff;
               break-inside:avoid; page-break-inside:avoid; }
figure.chart figcaption { font-weight:600; font-size:13px; }
figure.chart figcaption .sub { font-weight:normal; color:var(--muted); font-size:11.5px; margin-left:6px; }
figure.chart svg { display:block; width:100%; height:auto; }
svg.tr text { font-size:10px; fill:#5b6675; font-family: "Liberation Sans", "DejaVu Sans", Arial, sans-serif; }
svg.tr text.pn { font-size:10px; fill:#1d2530; font-weight:600; }
svg.tr text.gap { font-size:11px; font-weight:700; fill:#1d2530; }
svg.tr .grid { stroke:#e4e7ec; stroke-width:1; }
svg.tr .axis { stroke:#9aa3ae; stroke-width:1; }
svg.tr .ln { fill:none; stroke-width:2; }
svg.tr .s-r .ln { stroke:#0b3954; stroke-width:2.6; }
svg.tr .s-f .ln { stroke:#2a8c82; stroke-dasharray:7 4; }
svg.tr .s-k .ln { stroke:#d97706; }
svg.tr .s-r .pt { fill:#0b3954; } svg.tr .s-f .pt { fill:#2a8c82; } svg.tr .s-k .pt { fill:#d97706; }
svg.tr polygon.ci { stroke:none; fill-opacity:.14; } svg.tr line.ci { stroke-width:5; stroke-opacity:.22; }
svg.tr .s-r polygon.ci { fill:#0b3954; } svg.tr .s-f polygon.ci { fill:#2a8c82; }
svg.tr .s-k polygon.ci { fill:#d97706; }
svg.tr .s-r line.ci { stroke:#0b3954; } svg.tr .s-f line.ci { stroke:#2a8c82; } svg.tr .s-k line.ci { stroke:#d97706; }
svg.tr rect.ci-sample { fill:#5b6675; fill-opacity:.2; }
figure.chart figcaption .sexnote { display:block; font-weight:normal; font-size:11.5px; font-style:italic; }
svg.tr rect.miss { fill:#fff; stroke:#9aa3ae; stroke-width:1; }
svg.tr rect.nodata { fill:#f6f7f9; }
svg.tr text.nodata { font-size:12px; fill:#5b6675; }
.lg-item { display:inline-flex; align-items:center; gap:6px; }
@page { size: A4 landscape; margin: 10mm 10mm 11mm 10mm; }
@media print {
  html, body { background:#fff; font-size:11px; }
  main { max-width:none; padding:0; }
  header.page { padding:6px 0 8px; background:#fff; color:var(--ink); border-bottom:2px solid #0b3954; }
  header.page .inner { padding:0; max-width:none; }
  header.page h1 { font-size:18px; } header.page .en, header.page .meta { color:var(--muted); }
  nav.toc { display:none; }
  .sexbar { position:static; border:none; padding:0; margin:4px 0 0; }
  .sexhelp { font-size:9.5px; }
  fieldset.sexswitch label { padding:0 6px; font-size:10px; }
  section { break-inside:auto; border:none; padding:0; margin-top:6px; }
  section.comparison, section.trends { break-before:page; }
  h2 { font-size:15px; } .lead { margin:2px 0 6px; }
  .screen-only, section .en, header.page .en { display:none; }
  header.page h1 { font-size:16px; } header.page .meta { margin-top:2px; font-size:10px; }
  figure.chart figcaption { font-size:11px; } figure.chart figcaption .sub { font-size:9.5px; }
  #trender .note, #trender .lead { margin:2px 0; font-size:9.5px; } #trend-legend { margin:2px 0; font-size:10px; }
  table.ov { font-size:9.5px; } table.ov th, table.ov td { padding:1px 3px; }
  table.ov thead th { font-size:9.5px; }
  table.ov th.ind { min-width:0; max-width:none; font-size:9.5px; }
  table.ov th.ind .sub { display:inline; margin-left:4px; font-size:8.5px; }
  table.ov td.rk, table.ov td.nv { font-size:13px; }
  table.ov td.jp { font-size:9px; }
  svg.spark { height:20px; }
  .ov-legend { font-size:9.5px; margin:2px 0 4px; }
  .flagnotes h3 { font-size:10px; margin:4px 0 0; } .flagnotes ul { font-size:8.5px; }
  table.cmp { font-size:9px; } table.cmp td.c { height:auto; } table.cmp th, table.cmp td { padding:0 3px; }
  table.cmp thead th { font-size:8.5px; width:auto; min-width:0; }
  table.cmp tr.grp th { padding:1px 4px; font-size:9.5px; }
  table.cmp tr.grp.pagebreak { break-before:page; }
  .cmp-legend { font-size:9.5px; margin:2px 0 4px; } .cmp-legend .sw { height:13px; line-height:13px; }
  table.cmp tr { break-inside:avoid; }
  table.cmp thead { display:table-header-group; }
  .charts { grid-template-columns: repeat(3, 1fr); gap:8px 10px; }
  figure.chart { padding:4px 6px; }
  select { appearance:none; -webkit-appearance:none; border:none; font-weight:700; padding:0; }
  .caution { max-width:none; padding:3px 8px; }
  footer { margin-top:6px; }
}
"""


SCRIPT = r"""
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("report-data").textContent);
  function esc(s) {
    return String(s == null ? "" : s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  }
  function note(i) { return i >= 0 ? D.notes[i] : ""; }
  var hash = {};
  (location.hash || "").replace(/^#/, "").split("&").forEach(function (kv) {
    var i = kv.indexOf("="); if (i > 0) { hash[decodeURIComponent(kv.slice(0, i))] = decodeURIComponent(kv.slice(i + 1)); }
  });
  function saveHash() {
    var h = "#period=" + encodeURIComponent(selPeriod.value) + "&kommun=" + encodeURIComponent(selKommun.value) +
      "&per=" + encodeURIComponent(selPtype.value) + "&kon=" + encodeURIComponent(currentSex());
    try { history.replaceState(null, "", h); } catch (err) { /* file:// in some browsers */ }
  }
  var indById = {}; D.ind.forEach(function (i) { indById[i.id] = i; });

  // ---------------------------------------------------------------- Totalt / Kvinnor / Män
  var sexInputs = Array.prototype.slice.call(document.querySelectorAll('input[name="kon"]'));
  function currentSex() {
    for (var i = 0; i < sexInputs.length; i++) { if (sexInputs[i].checked) { return sexInputs[i].value; } }
    return "T";
  }
  function applySex() {
    // every element made for some of the choices (overview rows, notes) is shown for those only
    var s = currentSex();
    document.documentElement.setAttribute("data-sex", s);
    Array.prototype.forEach.call(document.querySelectorAll("[data-views]"), function (el) {
      el.hidden = el.getAttribute("data-views").split(" ").indexOf(s) < 0;
    });
  }
  var kfName = {}; D.kf.forEach(function (f) { kfName[f.c] = f.n; });

  // ---------------------------------------------------------------- municipality comparison
  var selPeriod = document.getElementById("cmp-period");
  function periodOf(k) { for (var i = 0; i < D.cmp.periods.length; i++) { if (D.cmp.periods[i].k === k) { return D.cmp.periods[i]; } } return null; }
  function renderComparison() {
    var key = selPeriod.value, P = D.cmp.cells[key] || {}, per = periodOf(key), basis = D.cmp.basis[key] || {};
    var inds = D.ind.filter(function (i) { return P[i.id]; });
    var absent = D.ind.filter(function (i) { return !P[i.id]; }).map(function (i) { return i.name; });
    var h = ['<thead><tr><th class="kn">Kommun</th>'];
    inds.forEach(function (i) {
      var sub = [i.unitSv];
      if (basis[i.id]) { sub.push(D.basisSv[basis[i.id]] + (basis[i.id] === "target" && i.target ? " (" + i.target + ")" : "")); }
      h.push('<th data-indicator="' + esc(i.id) + '" title="' + esc(i.name + (i.target ? " – " + i.target : "")) + '">' +
        esc(i.name) + '<span class="sub">' + esc(sub.join(" · ")) + "</span></th>");
    });
    h.push("</tr></thead><tbody>");
    var shown = 0, broken = false;
    D.kf.forEach(function (f) {
      // On paper the 49 rows take two pages: break before the group that would pass the middle.
      var members = D.kommuner.filter(function (k) { return k.f === f.c; }).length;
      var pb = !broken && shown > 0 && shown + members > D.kommuner.length / 2 + 4;
      if (pb) { broken = true; }
      shown += members;
      h.push('<tr class="grp' + (pb ? " pagebreak" : "") + '" data-kommunalforbund="' + esc(f.c) + '"><th colspan="' + (inds.length + 1) + '">' + esc(f.n) + "</th></tr>");
      D.kommuner.forEach(function (k, idx) {
        if (k.f !== f.c) { return; }
        h.push('<tr class="km" data-municipality="' + esc(k.c) + '" data-kommunalforbund="' + esc(f.c) + '"><td class="kn">' + esc(k.n) + "</td>");
        inds.forEach(function (i) {
          var c = P[i.id][idx], at = ' data-municipality="' + esc(k.c) + '" data-indicator="' + esc(i.id) + '"';
          var where = k.n + ", " + i.name + ", " + (per ? per.l : "") + ": ";
          if (!c) {
            h.push('<td class="c c-none"' + at + ' data-state="none" title="' + esc(where + "ingen uppgift för kommunen") + '"></td>');
          } else if (c[0] === "..") {
            h.push('<td class="c c-hidden"' + at + ' data-state="hidden" title="' + esc(where + "dolt – " + note(c[3])) + '">..</td>');
          } else if (c[0] == null) {
            h.push('<td class="c c-missing"' + at + ' data-state="missing" title="' + esc(where + "saknas – " + note(c[3])) + '"></td>');
          } else {
            var cls = c[1] >= 0 ? D.classes[c[1]] : "no_judgement";
            var t = where + c[0] + " – " + (D.classSv[cls] || cls);
            if (cls === "best_quarter" || cls === "middle_half" || cls === "worst_quarter") { t += " (bland " + c[4] + " kommuner med värde)"; }
            if (c[3] >= 0) { t += ". " + note(c[3]); }
            h.push('<td class="c c-' + esc(cls) + '"' + at + ' data-state="value" data-class="' + esc(cls) + '" title="' + esc(t) + '">' +
              '<span class="cv">' + esc(c[0]) + '</span><span class="sym">' + esc(c[2]) + "</span></td>");
          }
        });
        h.push("</tr>");
      });
    });
    h.push("</tbody>");
    var table = document.getElementById("cmp-table");
    table.innerHTML = h.join("");
    table.setAttribute("data-period", key);
    document.getElementById("cmp-period-label").textContent = absent.length ?
      "Redovisas inte per kommun för perioden: " + absent.join(", ") + "." : "";
  }

  // ---------------------------------------------------------------- trend lines
  var selKommun = document.getElementById("trend-kommun"), selPtype = document.getElementById("trend-ptype");
  var STYLE = { r: { cls: "s-r", mark: "circle" }, f: { cls: "s-f", mark: "square" }, k: { cls: "s-k", mark: "triangle" } };
  function marker(kind, x, y, r) {
    if (kind === "square") { return '<rect class="pt" x="' + (x - r) + '" y="' + (y - r) + '" width="' + 2 * r + '" height="' + 2 * r + '"'; }
    if (kind === "triangle") { return '<path class="pt" d="M' + x + " " + (y - r - 1) + "L" + (x + r + 1) + " " + (y + r) + "L" + (x - r - 1) + " " + (y + r) + 'Z"'; }
    return '<circle class="pt" cx="' + x + '" cy="' + y + '" r="' + r + '"';
  }
  function niceTicks(lo, hi, parts) {
    parts = parts || 3;
    var raw = (hi - lo) / parts, mag = Math.pow(10, Math.floor(Math.log10(raw))), r = raw / mag;
    var step = (r <= 1 ? 1 : r <= 2 ? 2 : r <= 2.5 ? 2.5 : r <= 5 ? 5 : 10) * mag, ticks = [];
    for (var t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) { ticks.push(Math.abs(t) < step * 1e-9 ? 0 : t); }
    if (ticks.length < 2 && parts < 24) { return niceTicks(lo, hi, parts * 2); }
    return { ticks: ticks, dec: Math.max(0, Math.min(2, -Math.floor(Math.log10(step) + 1e-9))) };
  }
  function fmt(v, dec, ind) {
    return v.toLocaleString("sv-SE", { minimumFractionDigits: dec, maximumFractionDigits: dec }) + (ind.unit === "procent" ? "%" : "");
  }
  function legendSample(kind, cls) {
    return '<svg width="34" height="12" class="tr"><g class="' + cls + '"><line class="ln" x1="1" y1="6" x2="33" y2="6"/>' + marker(kind, 17, 6, 3.2) + "/></g></svg>";
  }
  function bands(line, x, y) {
    // the 95 % interval: a band over each run of points that have one, a whisker for a lone point
    var out = [], run = [];
    function flush() {
      if (run.length === 1) {
        var i = run[0];
        out.push('<line class="ci" x1="' + x(i).toFixed(1) + '" x2="' + x(i).toFixed(1) + '" y1="' + y(line[i][3]).toFixed(1) +
          '" y2="' + y(line[i][4]).toFixed(1) + '"/>');
      } else if (run.length > 1) {
        var up = run.map(function (i) { return x(i).toFixed(1) + "," + y(line[i][4]).toFixed(1); });
        var down = run.slice().reverse().map(function (i) { return x(i).toFixed(1) + "," + y(line[i][3]).toFixed(1); });
        out.push('<polygon class="ci" points="' + up.concat(down).join(" ") + '"/>');
      }
      run = [];
    }
    line.forEach(function (p, i) { if (p && p[0] != null && p[3] != null && p[4] != null) { run.push(i); } else { flush(); } });
    flush();
    return out;
  }
  function renderTrends() {
    var k = null;
    D.kommuner.forEach(function (x) { if (x.c === selKommun.value) { k = x; } });
    if (!k) { k = D.kommuner[0]; selKommun.value = k.c; }
    var S = D.ser[selPtype.value], labels = S.labels, n = labels.length;
    var geos = [{ key: "r:" + D.region.c, name: D.region.n, s: "r" }, { key: "f:" + k.f, name: kfName[k.f] || k.f, s: "f" },
      { key: "k:" + k.c, name: k.n, s: "k" }];
    document.getElementById("trend-legend").innerHTML = geos.map(function (g) {
      return '<span class="lg-item">' + legendSample(STYLE[g.s].mark, STYLE[g.s].cls) + esc(g.name) + "</span>";
    }).join("");
    document.getElementById("trend-legend").innerHTML += '<span class="lg-item"><svg width="34" height="12" class="tr">' +
      '<rect class="ci-sample" x="1" y="1" width="32" height="10"/></svg>95 % konfidensintervall</span>';
    var sex = currentSex(), out = [];
    D.ind.forEach(function (ind) {
      var shown = ind.sx ? sex : "T", data = (S.data[shown] || {})[ind.id];
      var who = shown !== "T" ? " · " + D.sexSv[shown] : (sex !== "T" ? " · " + D.sexSv.T : "");
      var cap = '<figcaption>' + esc(ind.name) + '<span class="sub">' + esc(ind.unitSv) + (ind.target ? " · " + esc(ind.target) : "") +
        esc(who) + "</span>" + (ind.sx || sex === "T" ? "" : '<span class="sexnote">' + esc(D.noSexSv) + " – totalt visas</span>") + "</figcaption>";
      var fig = '<figure class="chart" data-indicator="' + esc(ind.id) + '" data-sex="' + esc(shown) + '">';
      if (!data) {
        out.push(fig + cap +
          '<p class="note">Redovisas inte per ' + esc(D.periodTypeSv[selPtype.value].toLowerCase()) + ".</p></figure>");
        return;
      }
      var present = geos.filter(function (g) { return data[g.key]; });
      var panels = ind.size ? present.map(function (g) { return [g]; }) : [present];
      var W = 460, L = 64, R = 22, PH = ind.size ? 46 : 104, PT = ind.size ? 13 : 4, GAP = 16, ROW = 12;
      var gapRows = present.filter(function (g) { return data[g.key].some(function (p) { return !p || p[0] == null; }); });
      var H = 6 + panels.length * (PT + PH + GAP) + 14 + gapRows.length * ROW + 4;
      var x = function (i) { return L + (n > 1 ? i * (W - L - R) / (n - 1) : (W - L - R) / 2); };
      var svg = ['<svg class="tr" viewBox="0 0 ' + W + " " + H + '" role="img" aria-label="' + esc(ind.name + who) + '">'];
      var top = 6;
      panels.forEach(function (members) {
        var vals = [];
        members.forEach(function (g) {
          data[g.key].forEach(function (p) {
            if (p && p[0] != null) { vals.push(p[0]); }
            if (p && p[3] != null && p[4] != null) { vals.push(p[3], p[4]); }
          });
        });
        if (ind.size) { svg.push('<text class="pn" x="' + L + '" y="' + (top + 10) + '">' + esc(members[0] ? members[0].name : "") + "</text>"); }
        top += PT;
        if (!vals.length) {
          var why = "";
          members.forEach(function (g) { data[g.key].forEach(function (p) { if (!why && p && p[2] >= 0) { why = note(p[2]); } }); });
          svg.push('<rect class="nodata" x="' + L + '" y="' + top + '" width="' + (W - L - R) + '" height="' + PH + '"/>' +
            '<text class="nodata" x="' + ((L + W - R) / 2) + '" y="' + (top + PH / 2 + 4) + '" text-anchor="middle">Inga värden under perioden' +
            "<title>" + esc(why) + "</title></text>");
          top += PH + GAP;
          return;
        }
        var lo = Math.min.apply(null, vals), hi = Math.max.apply(null, vals);
        if (ind.size) { lo = Math.min(lo, 0); }
        if (hi === lo) { hi = hi + (Math.abs(hi) || 1) * 0.1; lo = ind.size && lo >= 0 ? 0 : lo - (Math.abs(lo) || 1) * 0.1; }
        var pad = (hi - lo) * 0.08; if (!ind.size || lo < 0) { lo -= pad; } hi += pad;
        var nt = niceTicks(lo, hi);
        var y = function (v) { return top + PH - (v - lo) / (hi - lo) * PH; };
        nt.ticks.forEach(function (t) {
          svg.push('<line class="grid" x1="' + L + '" x2="' + (W - R) + '" y1="' + y(t).toFixed(1) + '" y2="' + y(t).toFixed(1) + '"/>' +
            '<text x="' + (L - 5) + '" y="' + (y(t) + 3).toFixed(1) + '" text-anchor="end">' + esc(fmt(t, nt.dec, ind)) + "</text>");
        });
        svg.push('<line class="axis" x1="' + L + '" x2="' + (W - R) + '" y1="' + (top + PH) + '" y2="' + (top + PH) + '"/>');
        members.forEach(function (g) {
          var st = STYLE[g.s], line = data[g.key], seg = [], parts = [];
          svg.push('<g class="' + st.cls + '" data-geo="' + esc(g.key) + '">');
          bands(line, x, y).forEach(function (b) { svg.push(b); });
          line.forEach(function (p, i) {
            if (p && p[0] != null) { seg.push(x(i).toFixed(1) + "," + y(p[0]).toFixed(1)); }
            else { if (seg.length) { parts.push(seg); } seg = []; }
          });
          if (seg.length) { parts.push(seg); }
          parts.forEach(function (s) { if (s.length > 1) { svg.push('<polyline class="ln" points="' + s.join(" ") + '"/>'); } });
          line.forEach(function (p, i) {
            if (p && p[0] != null) {
              var t = g.name + ", " + labels[i] + ": " + p[1] + (p[3] != null && p[4] != null ?
                " (95 % konfidensintervall " + fmt(p[3], ind.dec, ind).replace("%", "") + "–" + fmt(p[4], ind.dec, ind) + ")" : "") +
                (p[5] ? ". Riktning " + p[5] + " " + (D.riktningSv[p[5]] || "") +
                  (p[6] === 0 ? " – " + D.noiseSv : p[6] === 1 ? " – " + D.significantSv : "") : "") +
                (p[2] >= 0 ? " – " + note(p[2]) : "");
              svg.push(marker(st.mark, +x(i).toFixed(1), +y(p[0]).toFixed(1), 3) + "><title>" + esc(t) + "</title>" +
                (st.mark === "circle" ? "</circle>" : st.mark === "square" ? "</rect>" : "</path>"));
            }
          });
          svg.push("</g>");
        });
        top += PH + GAP;
      });
      var step = n > 12 ? 3 : 1, ly = top - GAP + 12;
      labels.forEach(function (l, i) {
        if (i % step === 0 || i === n - 1) { svg.push('<text x="' + x(i).toFixed(1) + '" y="' + ly + '" text-anchor="middle">' + esc(l) + "</text>"); }
      });
      var gy = ly + 4;
      gapRows.forEach(function (g) {
        gy += ROW;
        var st = STYLE[g.s];
        svg.push('<g class="' + st.cls + '">' + marker(st.mark, 6, gy - 4, 3) + "/>" +
          '<text x="13" y="' + gy + '">' + (g.s === "r" ? "region" : g.s === "f" ? "förbund" : "kommun") + "</text></g>");
        data[g.key].forEach(function (p, i) {
          var where = g.name + ", " + labels[i] + ": ";
          if (!p) {
            svg.push('<rect class="miss" data-gap="none" x="' + (x(i) - 4).toFixed(1) + '" y="' + (gy - 8) + '" width="8" height="8"><title>' +
              esc(where + "ingen uppgift") + "</title></rect>");
          } else if (p[1] === "..") {
            svg.push('<text class="gap" data-gap="hidden" x="' + x(i).toFixed(1) + '" y="' + gy + '" text-anchor="middle">..<title>' +
              esc(where + "dolt – " + note(p[2])) + "</title></text>");
          } else if (p[0] == null) {
            svg.push('<rect class="miss" data-gap="missing" x="' + (x(i) - 4).toFixed(1) + '" y="' + (gy - 8) + '" width="8" height="8"><title>' +
              esc(where + "saknas – " + note(p[2])) + "</title></rect>");
          }
        });
      });
      svg.push("</svg>");
      out.push(fig + cap + svg.join("") + "</figure>");
    });
    document.getElementById("trend-charts").innerHTML = out.join("");
  }

  if (hash.period && periodOf(hash.period)) { selPeriod.value = hash.period; }
  if (hash.kommun) { selKommun.value = hash.kommun; }
  if (hash.per && D.ser[hash.per]) { selPtype.value = hash.per; }
  sexInputs.forEach(function (r) { if (r.value === hash.kon) { r.checked = true; } });
  sexInputs.forEach(function (r) { r.addEventListener("change", function () { applySex(); renderTrends(); saveHash(); }); });
  selPeriod.addEventListener("change", function () { renderComparison(); saveHash(); });
  selKommun.addEventListener("change", function () { renderTrends(); saveHash(); });
  selPtype.addEventListener("change", function () { renderTrends(); saveHash(); });
  applySex();
  renderComparison();
  renderTrends();
  document.documentElement.setAttribute("data-rendered", "true");
})();
"""


def render(d: ReportData, published: Path, out: Path) -> str:
    data = page_data(d)
    docs_href = _rel(reports_dir() / "docs" / "index.html", out)
    quality_href = _rel(reports_dir() / "quality" / "index.html", out)
    meta = d.meta
    published_at = meta.get("published_at")
    try:
        published_text = datetime.fromisoformat(published_at).astimezone().strftime("%Y-%m-%d %H:%M")
    except (TypeError, ValueError):
        published_text = "okänt"
    follow_up = sorted(p["period_start"] for p in d.periods if p["is_within_follow_up"] and p["period_type"] == "month")
    labels = {(p["period_type"], p["period_start"]): p["period_label_sv"] for p in d.periods}
    period_text = (f"{labels[('month', follow_up[0])]} – {labels[('month', follow_up[-1])]}" if follow_up else "okänd")
    now = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
    return f"""<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Indikatorer – god och nära vård i Västra Götaland</title>
<style>{BASE_CSS}{REPORT_CSS}</style>
</head>
<body>
<header class="page"><div class="inner">
  <h1>Indikatorer för god och nära vård i Västra Götaland</h1>
  <div class="en">Indicator report – Västra Götalandsregionen and its 49 municipalities, nara_vard warehouse</div>
  <div class="meta">Uppföljningsperiod <b>{e(period_text)}</b> · publicerat {e(published_text)} · sidan skapad {e(now)}
   · källa <span title="{e(str(published / PUBLISHED_DB))}">publicerad {e(PUBLISHED_DB)}</span>
   {f'· dbt {e(meta.get("dbt_version"))}' if meta.get("dbt_version") else ""}</div>
  <nav class="toc"><a href="#oversikt">Översikt</a><a href="#kommuner">Kommunerna jämförda</a>
  <a href="#trender">Utveckling per indikator</a>
  <a class="ext" href="{e(quality_href)}">Datakvalitet (granskningssida)</a>
  <a class="ext" href="{e(docs_href)}">Dokumentation av modellerna (dbt docs)</a></nav>
</div></header>
<main>
{sex_switch()}
{section_overview(d)}
{section_comparison(data)}
{section_trends(data)}
<footer>Skapad av <code>nara-vard report</code> från den publicerade filen ({e(PUBLISHED_DB)}: tabellerna
<code>rpt_indicator_overview</code>, <code>rpt_indicator_overview_cells_v2</code>, <code>rpt_municipality_comparison</code>,
<code>rpt_indicator_series_v2</code>). Alla värden, symboler och förklaringar räknas i dbt-modellerna; sidan visar dem bara.
Sidan är fristående: den hämtar inget från internet och fungerar utskriven (A4 liggande).
Definitioner: <a href="{e(docs_href)}">dbt docs</a> · kvalitet: <a href="{e(quality_href)}">granskningssidan</a>.
<span class="en-inline">Generated by nara-vard report from the published artefact; self-contained, no network resources.</span>
</footer>
</main>
<script type="application/json" id="report-data">{_json_script(data)}</script>
<script>{SCRIPT}</script>
</body>
</html>
"""


def build_report(published: Path, out: Path, progress: bool = False) -> Path:
    """Read the published artefact (read-only) and write the page. Returns the path written."""
    started = time.perf_counter()
    data = load(published)
    if progress:
        print(f"report: read {len(data.overview)} indicators, {len(data.comparison):,} municipality cells, "
              f"{len(data.series):,} series points in {time.perf_counter() - started:.1f} s", flush=True)
    page = render(data, published, out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(out)
    return out


def run_report(published: Path | None = None, out: Path | None = None) -> int:
    started = time.perf_counter()
    published = Path(published) if published else published_dir()
    out = Path(out) if out else reports_dir() / "indikatorer" / "index.html"
    db = published / PUBLISHED_DB
    if not db.is_file():
        print(f"report: no published artefact at {db}; run `nara-vard publish` (or `make build`) first, "
              "or pass --published", file=sys.stderr)
        return 2
    print(f"report: reading {db} (read-only)", flush=True)
    try:
        build_report(published, out, progress=True)
    except ReportError as error:
        print(f"report: {error}", file=sys.stderr)
        return 2
    size = out.stat().st_size
    print(f"report: {size / 1024:,.0f} kB written in {time.perf_counter() - started:.1f} s".replace(",", " "))
    print(f"wrote {out}")
    return 0
