"""`nara-vard report`: the indicator report, one self-contained Swedish HTML page from the PUBLISHED artefact.

It reads only `<published>/nara_vard.duckdb` (opened read-only; never the build database, so a report
can be made while a build runs), its `_published.json` and the list of export files next to it, and
only tables dbt computed for it:

    marts.rpt_indicator_overview          VGR's slide: one name per indicator, Riktning and Nivå (totalt),
                                          with Nivå in words by kind of reference (mål / jämförelsevärde)
    marts.rpt_indicator_overview_cells_v2 the same cell by cell and by sex: value, 95 % interval, text, flag,
                                          note, why a value is missing, and each period's Riktning and Nivå
    marts.rpt_municipality_comparison_v2  indicator × region / kommunalförbund / kommun × period: the 95 %
                                          interval against the region, per 1 000 inhabitants, position
    marts.rpt_indicator_series_v2         trend lines by sex with intervals and reasons
    marts.dim_indicator                   names, units, "Om indikatorn", target or benchmark with its source
    marts.dim_label                       every Swedish word for a code (legends, symbols, classes)
    marts.dim_period, marts.dim_geography

Python selects and arranges; the page is the template `templates/report.html.j2` with its stylesheet
and script inlined (nara_vard.render). Every value, word, symbol and note comes from those tables.
"""

from __future__ import annotations

import contextlib
import json
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from nara_vard.dbread import labels as read_labels
from nara_vard.dbread import rows, tables
from nara_vard.paths import published_dir, reports_dir
from nara_vard.render import number_sv, relative_href, render_page, write_page

PUBLISHED_DB = "nara_vard.duckdb"
EXPORT_DIR = "export"
REQUIRED_TABLES = ("marts.rpt_indicator_overview", "marts.rpt_indicator_overview_cells_v2",
                   "marts.rpt_municipality_comparison_v2", "marts.rpt_indicator_series_v2",
                   "marts.dim_indicator", "marts.dim_period", "marts.dim_geography", "marts.dim_label")
#: months offered in the municipality comparison besides quarters and years (keeps the page small)
COMPARISON_MONTHS = 6
#: period types drawn as trend lines (the <select> of the trend section)
TREND_PERIOD_TYPES = ("quarter", "month")
#: aggregations whose values follow the size of the geography: drawn in one panel per geography
SIZE_AGGREGATIONS = ("sum", "distinct_count", "point_in_time_count", "count")
SEXES = ("T", "K", "M")
#: the codes of the legends, in the order they are explained (their words are in dim_label)
MISSING_REASONS = ("hidden", "not_measured", "not_applicable", "not_yet_due", "not_delivered")


class ReportError(Exception):
    """Something the user can fix (nothing published yet, an old published version)."""


@dataclass
class ReportData:
    overview: list[dict[str, Any]]
    cells: list[dict[str, Any]]
    indicators: list[dict[str, Any]]
    periods: list[dict[str, Any]]
    geographies: list[dict[str, Any]]
    comparison: list[dict[str, Any]]
    series: list[dict[str, Any]]
    labels: dict[str, dict[str, dict[str, Any]]]
    meta: dict[str, Any]
    exports: list[dict[str, Any]]
    #: Förflyttning: resurser mot uppdrag (rpt_resource_shift), one row per year; empty in an older publication
    shift: list[dict[str, Any]] = field(default_factory=list)
    #: the values this publication revised (rpt_indicator_revisions, totals); empty in an older publication
    revisions: list[dict[str, Any]] = field(default_factory=list)


def load(published: Path) -> ReportData:
    """Read the report tables from the published DuckDB file (read-only)."""
    import duckdb

    db = published / PUBLISHED_DB
    con = duckdb.connect(str(db), read_only=True)
    try:
        missing = [t for t in REQUIRED_TABLES if t not in tables(con)]
        if missing:
            raise ReportError(f"the published file {db} lacks {', '.join(missing)}; it was published before "
                              "the report tables (or the versions read here) existed: "
                              "run `nara-vard build` and `nara-vard publish`")
        overview = rows(con, "select * from marts.rpt_indicator_overview order by display_order")
        cells = rows(con, """
            select c.indicator_id, c.sex, c.column_order, c.column_name, c.period_type, c.period_start,
                   p.period_code, c.value, c.ci_lower, c.ci_upper, c.ci_sv, c.value_sv, c.quality_flag,
                   c.suppression, c.note_sv, c.is_judged_period, c.riktning, c.niva, c.change_is_significant,
                   c.missing_reason, c.missing_symbol
            from marts.rpt_indicator_overview_cells_v2 as c
            inner join marts.dim_period as p using (period_type, period_start)
            order by c.display_order, c.column_order""")
        indicators = rows(con, "select * from marts.dim_indicator order by display_order")
        periods = rows(con, "select * from marts.dim_period order by period_type, period_start")
        # in Swedish alphabetical order (ICU collation): the municipalities by kommunalförbund, then name
        geographies = rows(con, """
            select g.geo_level, g.geo_code, g.geo_name_sv, g.kommunalforbund_code
            from marts.dim_geography as g
            left join marts.dim_geography as kf
                on kf.geo_level = 'kommunalforbund' and g.kommunalforbund_code = kf.geo_code
            where g.geo_level in ('region', 'kommunalforbund', 'kommun')
            order by kf.geo_name_sv collate sv nulls first, g.geo_name_sv collate sv""")
        comparison = rows(con, """
            select c.indicator_id, c.geo_level, c.geo_code, c.period_type, c.period_start, c.value, c.value_sv,
                   c.ci_sv, c.value_per_1000, c.value_per_1000_sv, c.comparison_class, c.comparison_symbol,
                   c.comparison_position, c.missing_reason, c.missing_symbol, c.municipalities_with_value, c.note_sv
            from marts.rpt_municipality_comparison_v2 as c
            inner join marts.dim_period as p using (period_type, period_start)
            where p.is_within_follow_up""")
        series = rows(con, """
            select s.indicator_id, s.geo_level, s.geo_code, s.period_type, s.period_start, s.sex, s.value,
                   s.value_sv, s.ci_lower, s.ci_upper, s.riktning, s.change_is_significant, s.note_sv,
                   s.missing_reason
            from marts.rpt_indicator_series_v2 as s
            inner join marts.dim_period as p using (period_type, period_start)
            where p.is_within_follow_up and s.period_type in ({})""".format(
            ", ".join(f"'{t}'" for t in TREND_PERIOD_TYPES)))
        labels = read_labels(con)
        shift = (rows(con, "select * from marts.rpt_resource_shift order by year")
                 if "marts.rpt_resource_shift" in tables(con) else [])
        meta: dict[str, Any] = {}
        with contextlib.suppress(OSError, ValueError):
            meta = json.loads((published / "_published.json").read_text(encoding="utf-8"))
        revisions = rows(con, """
            select r.*, i.indicator_name_sv, i.display_decimals, g.geo_name_sv, p.period_code
            from marts.rpt_indicator_revisions as r
            inner join marts.dim_indicator as i using (indicator_id)
            inner join marts.dim_geography as g using (geo_level, geo_code)
            inner join marts.dim_period as p using (period_type, period_start)
            where r.publication_id = ? and r.sex = 'T'
            order by i.display_order, r.geo_level, g.geo_name_sv collate sv, r.period_type, r.period_start""",
                         [meta.get("publication_id")]) if "marts.rpt_indicator_revisions" in tables(con) else []
    finally:
        con.close()
    exports = []
    folder = published / EXPORT_DIR
    if folder.is_dir():
        exports = [{"path": p, "name": p.name, "kb": max(1, round(p.stat().st_size / 1024))}
                   for p in sorted(folder.iterdir()) if p.is_file() and not p.name.startswith(".")]
    return ReportData(overview, cells, indicators, periods, geographies, comparison, series, labels, meta,
                      exports, shift, revisions)


# ------------------------------------------------------------------------------------------ helpers


def _period_key(period_type: str, period_start: Any) -> str:
    return f"{period_type}:{period_start.isoformat()}"


def _plot_number(value: Any) -> float | None:
    """A value as an SVG coordinate source: only its position on the chart depends on it (and the order of a
    sorted column), so five significant digits are plenty."""
    return None if value is None else float(f"{float(value):.5g}")


class _Index:
    """Distinct values referred to by index in the embedded JSON (notes and codes repeat a lot)."""

    def __init__(self) -> None:
        self.items: list[Any] = []
        self._index: dict[Any, int] = {}

    def __call__(self, item: Any) -> int:
        if item is None or item == "":
            return -1
        if item not in self._index:
            self._index[item] = len(self.items)
            self.items.append(item)
        return self._index[item]


def _sparkline(points: list[tuple[float | None, str, bool]], width: int = 118, height: int = 28) -> dict[str, Any]:
    """Coordinates of a small line over the report columns; gaps where there is no value."""
    values = [v for v, _, _ in points if v is not None]
    if not values:
        return {"empty": True}
    lo, hi = min(values), max(values)
    span = (hi - lo) or (abs(hi) or 1.0)
    pad = 4
    step = (width - 2 * pad) / max(len(points) - 1, 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        y = height - pad - (v - lo) / span * (height - 2 * pad) if hi != lo else height / 2
        return round(pad + i * step, 1), round(y, 1)

    segments: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    dots = []
    for i, (v, title, judged) in enumerate(points):
        if v is None:
            if current:
                segments.append(current)
            current = []
            continue
        x, y = xy(i, v)
        current.append((x, y))
        dots.append({"x": x, "y": y, "title": title, "judged": judged})
    if current:
        segments.append(current)
    lines = [" ".join(f"{x},{y}" for x, y in seg) for seg in segments if len(seg) > 1]
    return {"empty": False, "width": width, "height": height, "lines": lines, "dots": dots}


# -------------------------------------------------------------------------------------------- context


def overview_context(d: ReportData) -> dict[str, Any]:
    """The overview table: a row per indicator and sex, Riktning and Nivå first, then the periods."""
    by_cell = {(c["indicator_id"], c["sex"], c["column_name"]): c for c in d.cells}
    columns = sorted({(c["column_order"], c["column_name"], c["period_type"], c["period_start"], c["period_code"])
                      for c in d.cells})
    indicators = {i["indicator_id"]: i for i in d.indicators}
    judged = {(c["indicator_id"], c["sex"]): c for c in d.cells if c["is_judged_period"]}
    out_rows = []
    notes: dict[str, list[dict[str, Any]]] = {sex: [] for sex in SEXES}
    for o in d.overview:
        ind = indicators[o["indicator_id"]]
        by_sex = bool(ind["sex_breakdown"])
        for sex in (SEXES if by_sex else ("T",)):
            views = [sex] if by_sex else list(SEXES)
            cells, spark = [], []
            for _, name, _pt, _ps, code in columns:
                c = by_cell.get((o["indicator_id"], sex, name)) or {
                    "indicator_id": o["indicator_id"], "sex": sex, "column_name": name, "value_sv": None,
                    "note_sv": None, "ci_sv": None, "is_judged_period": False, "missing_reason": None,
                    "missing_symbol": None, "value": None}
                cells.append({**c, "label": code})
                if c.get("note_sv") and c.get("value_sv") not in (None, ".."):
                    for view in views:
                        notes[view].append({"indicator": o["indicator_label_sv"], "period": code,
                                            "value": c["value_sv"], "note": c["note_sv"]})
                text = c.get("value_sv")
                spark.append((c.get("value"), f"{code}: {text}" if text else code, bool(c.get("is_judged_period"))))
            j = judged.get((o["indicator_id"], sex)) or {}
            if sex == "T":
                riktning, niva = o["riktning"], o["niva"]
            else:
                riktning, niva = j.get("riktning") or "?", j.get("niva") or "?"
            significant = j.get("change_is_significant") if riktning in ("↑", "→", "↓") else None
            niva_domain = f"niva_{ind['reference_kind']}"
            out_rows.append({
                "indicator_id": o["indicator_id"], "name": o["indicator_label_sv"], "sex": sex, "views": views,
                "by_sex": by_sex, "unit": d.labels["unit"].get(ind["unit"], {}).get("label", ind["unit"]),
                "cells": cells, "spark": _sparkline(spark), "riktning": riktning,
                "riktning_sv": d.labels["riktning"].get(riktning, {}).get("label_long", ""),
                "significant": significant,
                "niva": niva if ind["reference_kind"] != "none" else "?",
                "niva_sv": d.labels.get(niva_domain, {}).get(niva if ind["reference_kind"] != "none" else "?",
                                                              {}).get("label_long", ""),
                "reference_label": ind["reference_label_sv"],
                # the judged period in the page's one convention, with its value (a phone sees it first)
                "judged_period": (by_cell.get((o["indicator_id"], "T", j["column_name"])) or {}).get("period_code", "")
                if j else "",
                "judged": j,
            })
    period_codes = [code for *_, code in columns]
    return {"columns": [{"name": name, "code": code} for _, name, _, _, code in columns],
            "rows": out_rows, "notes": notes, "period_codes": period_codes}


def headline_context(d: ReportData) -> dict[str, Any]:
    """The first screen's answer to "how are we doing?" (totalt, the judged period of each indicator)."""
    indicators = {i["indicator_id"]: i for i in d.indicators}
    judged = {c["indicator_id"]: c for c in d.cells if c["is_judged_period"] and c["sex"] == "T"}
    improving = [o for o in d.overview if o["riktning"] == "↑" and (judged.get(o["indicator_id"]) or {})
                 .get("change_is_significant")]
    worsening = [o for o in d.overview if o["riktning"] == "↓" and (judged.get(o["indicator_id"]) or {})
                 .get("change_is_significant")]
    with_target = [o for o in d.overview if indicators[o["indicator_id"]]["reference_kind"] == "target"]
    with_benchmark = [o for o in d.overview if indicators[o["indicator_id"]]["reference_kind"] == "benchmark"]
    latest_code = max((c["column_order"], c["period_code"]) for c in d.cells)[1] if d.cells else ""
    latest = {c["indicator_id"]: c for c in d.cells if c["sex"] == "T" and c["period_code"] == latest_code}
    missing: dict[str, list[str]] = defaultdict(list)
    for o in d.overview:
        c = latest.get(o["indicator_id"])
        if c is not None and c["missing_reason"]:
            missing[c["missing_reason"]].append(o["indicator_label_sv"])
    return {
        "n": len(d.overview),
        "improving": [o["indicator_label_sv"] for o in improving],
        "worsening": [o["indicator_label_sv"] for o in worsening],
        "targets": len(with_target), "targets_met": [o["indicator_label_sv"] for o in with_target if o["niva"] == "+"],
        "benchmarks": len(with_benchmark),
        "benchmarks_met": [o["indicator_label_sv"] for o in with_benchmark if o["niva"] == "+"],
        "latest_code": latest_code,
        "missing": [{"reason": d.labels["missing_reason"][r]["label_long"],
                     "symbol": d.labels["missing_reason"][r]["label"],
                     "indicators": names} for r in MISSING_REASONS for names in [missing.get(r)] if names],
    }


def page_data(d: ReportData) -> dict[str, Any]:
    """Everything the two interactive sections draw, compact (texts by index, cells aligned by geography)."""
    notes, codes = _Index(), _Index()
    geos = d.geographies
    # `geos` comes in Swedish alphabetical order (load)
    kf_names = {g["geo_code"]: g["geo_name_sv"] for g in geos if g["geo_level"] == "kommunalforbund"}
    kf_order = list(kf_names)
    kommuner = [g for g in geos if g["geo_level"] == "kommun"]
    region = next((g for g in geos if g["geo_level"] == "region"), {"geo_code": "", "geo_name_sv": ""})
    # the comparison's rows: the region, the kommunalförbund, then the municipalities
    cmp_geos = ([{"l": "region", "c": region["geo_code"], "n": region["geo_name_sv"], "f": ""}]
                + [{"l": "kommunalforbund", "c": c, "n": kf_names[c], "f": c} for c in kf_order]
                + [{"l": "kommun", "c": g["geo_code"], "n": g["geo_name_sv"], "f": g["kommunalforbund_code"]}
                   for g in kommuner])
    geo_index = {(g["l"], g["c"]): i for i, g in enumerate(cmp_geos)}
    period_codes = {(p["period_type"], p["period_start"]): p["period_code"] for p in d.periods}
    in_follow_up = [p for p in d.periods if p["is_within_follow_up"]]

    months = sorted(p["period_start"] for p in in_follow_up if p["period_type"] == "month")[-COMPARISON_MONTHS:]
    offered = [(t, p["period_start"]) for t in ("quarter", "year") for p in in_follow_up if p["period_type"] == t]
    offered += [("month", m) for m in months]
    offered_keys = {_period_key(t, s) for t, s in offered}
    cells: dict[str, dict[str, list[Any]]] = defaultdict(dict)
    has_value: set[str] = set()
    for r in d.comparison:
        key = _period_key(r["period_type"], r["period_start"])
        gi = geo_index.get((r["geo_level"], r["geo_code"]))
        if key not in offered_keys or gi is None:
            continue
        row = cells[key].setdefault(r["indicator_id"], [None] * len(cmp_geos))
        # [text, interval, class, symbol, per 1 000, position, missing reason, note, value for sorting]
        row[gi] = [r["value_sv"], r["ci_sv"], codes(r["comparison_class"]), r["comparison_symbol"] or "",
                   r["value_per_1000_sv"], codes(r["comparison_position"]), codes(r["missing_reason"]),
                   notes(r["note_sv"]), _plot_number(r["value"])]
        if r["value"] is not None:
            has_value.add(key)
    periods = [{"k": _period_key(t, s), "t": t, "l": period_codes.get((t, s), str(s))}
               for t, s in offered if _period_key(t, s) in cells]
    quarters_with_values = [p["k"] for p in periods if p["t"] == "quarter" and p["k"] in has_value]
    default = quarters_with_values[-1] if quarters_with_values else (periods[-1]["k"] if periods else "")
    # the first indicator (in the catalogue's order) compared with the region that has values then
    comparable = [i["indicator_id"] for i in d.indicators
                  if i["aggregation"] in ("ratio", "mean") and i["interval_method"] != "none"]
    default_ind = next((i for i in comparable if any(c and c[8] is not None for c in cells[default].get(i) or [])),
                       d.indicators[0]["indicator_id"] if d.indicators else "")

    # Trend lines: region, kommunalförbund and kommun per period type and sex. A point is
    # [value, text, note, ci_lower, ci_upper, riktning, significant] (trailing empties dropped), a missing one
    # [null, text, note, why], one not measured by design null.
    series: dict[str, Any] = {}
    by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in d.series:
        by_type[r["period_type"]].append(r)
    prefix = {"region": "r", "kommunalforbund": "f", "kommun": "k"}
    for ptype in TREND_PERIOD_TYPES:
        starts = sorted(p["period_start"] for p in in_follow_up if p["period_type"] == ptype)
        pos = {s: i for i, s in enumerate(starts)}
        data: dict[str, dict[str, dict[str, list[Any]]]] = defaultdict(lambda: defaultdict(dict))
        for r in by_type.get(ptype, []):
            if r["period_start"] not in pos:
                continue
            geo = f'{prefix[r["geo_level"]]}:{r["geo_code"]}'
            line = data[r["sex"]][r["indicator_id"]].setdefault(geo, [None] * len(starts))
            line[pos[r["period_start"]]] = _series_point(r, notes, codes)
        series[ptype] = {"labels": [period_codes.get((ptype, s), str(s)) for s in starts], "data": data}

    lab = d.labels
    indicators = [{
        "id": i["indicator_id"], "name": i["indicator_name_sv"], "unit": i["unit"],
        "unitSv": lab["unit"].get(i["unit"], {}).get("label", i["unit"]), "dec": i["display_decimals"],
        "size": (i["aggregation"] or "") in SIZE_AGGREGATIONS, "sx": bool(i["sex_breakdown"]),
        "ref": i["reference_label_sv"] or "", "cmp": (i["aggregation"] in ("ratio", "mean")
                                                      and i["desired_direction"] in ("increase", "decrease")
                                                      and i["interval_method"] != "none")}
        for i in d.indicators]
    return {
        "notes": notes.items,
        "codes": codes.items,
        "words": {domain: {code: [v["label"], v["label_long"]] for code, v in lab.get(domain, {}).items()}
                  for domain in ("comparison_class", "comparison_position", "missing_reason", "riktning",
                                 "significance", "period_type", "sex", "geo_level")},
        "region": {"c": region["geo_code"], "n": region["geo_name_sv"]},
        "kf": [{"c": c, "n": kf_names[c]} for c in kf_order],
        "kommuner": [{"c": g["geo_code"], "n": g["geo_name_sv"], "f": g["kommunalforbund_code"]} for g in kommuner],
        "ind": indicators,
        "cmp": {"geos": cmp_geos, "periods": periods, "default": default, "defaultInd": default_ind, "cells": cells},
        "ser": series,
    }


def _series_point(r: dict[str, Any], notes: _Index, codes: _Index) -> list[Any] | None:
    """One trend point, compact; a period not measured by design is null (drawn as nothing)."""
    if r["value"] is None and r["missing_reason"] == "not_measured":
        return None
    if r["value"] is None:  # [null, text ('..' or null), note, why missing]
        return [None, r["value_sv"], notes(r["note_sv"]), codes(r["missing_reason"])]
    riktning = r["riktning"] if r["riktning"] in ("↑", "→", "↓") else None
    significant = None if riktning is None or r["change_is_significant"] is None else int(r["change_is_significant"])
    point = [_plot_number(r["value"]), r["value_sv"], notes(r["note_sv"]), _plot_number(r["ci_lower"]),
             _plot_number(r["ci_upper"]), riktning, significant]
    while point and point[-1] in (None, -1):
        point.pop()
    return point


def about_context(d: ReportData) -> list[dict[str, Any]]:
    """"Om indikatorn" for every indicator, from dim_indicator's Swedish columns."""
    out = []
    for i in d.indicators:
        out.append({**i, "kind_sv": d.labels["reference_kind"][i["reference_kind"]]["label_long"],
                    "unit_sv": d.labels["unit"].get(i["unit"], {}).get("label", i["unit"])})
    return out


def resources_context(d: ReportData) -> dict[str, Any]:
    """Resurser och förflyttning: the yearly side-by-side of money and mission, and what the measures count.
    The unit of a change and the significance words are the labels seed's (`unit` procentenheter, `significance`)."""
    indicators = {i["indicator_id"]: i for i in d.indicators}
    points = d.labels["unit"]["procentenheter"]["label"]
    significance = d.labels["significance"]

    def share(value: Any) -> str:
        return "–" if value is None else f"{number_sv(value, 1)}\u00a0%"

    def change(value: Any, significant: Any = None) -> str:
        if value is None:
            return "–"
        sign = "+" if float(value) > 0 else "−" if float(value) < 0 else "±"
        tested = "" if significant is None else f" ({significance[str(bool(significant)).lower()]['label']})"
        return f"{sign}{number_sv(abs(float(value)), 1)}\u00a0{points}{tested}"

    years = [{
        "year": r["year"],
        "cost": share(r["cost_share"]), "cost_change": change(r["cost_share_change_points"]),
        "near": share(r["nara_vard_share"]), "near_change": change(r["nara_vard_share_change_points"]),
        "near_incomplete": r["nara_vard_quality_flag"] == "incomplete",
        "contacts": share(r["contact_share"]),
        "contacts_change": change(r["contact_share_change_points"], r["contact_change_is_significant"]),
        "entirely": share(r["entirely_primary_care_share"]),
        "entirely_change": change(r["entirely_primary_care_change_points"],
                                  r["entirely_primary_care_change_is_significant"]),
        "answer": r["answer_sv"],
    } for r in d.shift]
    defined = [indicators[i] for i in ("andel_resurser_nara_vard", "primarvardens_kostnadsandel",
                                       "kommunal_hsl_kostnad_per_invanare", "kostnad_per_kontakt_primarvard",
                                       "kostnad_per_vardtillfalle_somatik") if i in indicators]
    return {"years": years, "defined": defined}


def revisions_context(d: ReportData, shown: int = 40) -> dict[str, Any]:
    """Reviderat: how many totals this publication revised, by reason, and the first `shown` of them; the words
    are the labels seed's (`revision_reason`, `revision_kind`, the notice `revised`)."""
    reasons = d.labels.get("revision_reason", {})
    kinds = d.labels.get("revision_kind", {})
    counts: dict[str, int] = defaultdict(int)
    for r in d.revisions:
        counts[r["reason"]] += 1

    def value(v: Any, decimals: Any) -> str:
        return "–" if v is None else number_sv(v, int(decimals or 0))

    return {
        "word": d.labels.get("notice", {}).get("revised", {}).get("label", ""),
        "total": len(d.revisions),
        "by_reason": [{"label": reasons.get(k, {}).get("label", k), "long": reasons.get(k, {}).get("label_long", k),
                       "count": n} for k, n in sorted(counts.items(), key=lambda kv: -kv[1])],
        "rows": [{"indicator": r["indicator_name_sv"], "geo": r["geo_name_sv"], "period": r["period_code"],
                  "previous": value(r["previous_value"], r["display_decimals"]),
                  "revised": value(r["revised_value"], r["display_decimals"]),
                  "kind": kinds.get(r["revision_kind"], {}).get("label", r["revision_kind"]),
                  "reason": reasons.get(r["reason"], {}).get("label", r["reason"]), "files": r["reason_files"] or ""}
                 for r in d.revisions[:shown]],
        "previous_id": d.meta.get("previous_publication_id"),
    }


def render(d: ReportData, published: Path, out: Path) -> str:
    follow_up = sorted((p for p in d.periods if p["is_within_follow_up"] and p["period_type"] == "month"),
                       key=lambda p: p["period_start"])
    period_text = f"{follow_up[0]['period_code']} – {follow_up[-1]['period_code']}" if follow_up else ""
    try:
        published_text = datetime.fromisoformat(d.meta["published_at"]).astimezone().strftime("%Y-%m-%d %H:%M")
    except (KeyError, TypeError, ValueError):
        published_text = ""
    notice = d.labels["notice"]
    synthetic = bool(d.meta.get("synthetic_data"))
    data = page_data(d)
    return render_page(
        "report.html.j2",
        notice=notice["synthetic_data"]["label"] if synthetic else None,
        notice_long=notice["synthetic_data"]["label_long"] if synthetic else None,
        licence=notice["data_licence"], code_licence=notice["code_licence"],
        period_text=period_text, published_text=published_text,
        created_text=datetime.now().astimezone().strftime("%Y-%m-%d %H:%M"),
        meta=d.meta, published_db=str(published / PUBLISHED_DB),
        overview=overview_context(d), headline=headline_context(d), about=about_context(d),
        resources=resources_context(d), revisions=revisions_context(d),
        labels=d.labels, missing_reasons=MISSING_REASONS, data=data,
        kf=data["kf"], kommuner=data["kommuner"], trend_period_types=TREND_PERIOD_TYPES,
        exports=[{**x, "href": relative_href(x["path"], out)} for x in d.exports],
        docs_href=relative_href(reports_dir() / "docs" / "index.html", out),
        quality_href=relative_href(reports_dir() / "quality" / "index.html", out),
    )


def build_report(published: Path, out: Path, progress: bool = False) -> Path:
    """Read the published artefact (read-only) and write the page. Returns the path written."""
    started = time.perf_counter()
    data = load(published)
    if progress:
        print(f"report: read {len(data.overview)} indicators, {len(data.comparison):,} comparison cells, "
              f"{len(data.series):,} series points in {time.perf_counter() - started:.1f} s", flush=True)
    return write_page(out, render(data, published, out))


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
