"""An independent LP audit of the published artefact: what can a reader with a solver learn?

Statistical offices do not trust a suppression algorithm because it says it is done; they attack the
published tables the way a reader could (tau-argus' and sdcTable's audits). This module is such an
attacker, written from the published DuckDB file alone, without any knowledge of how the project
chose the cells it hides. It only reads what a BI user can read (`marts.*`, `data_quality.*`).

The reader model, per person-counting indicator (`dim_indicator.counts_persons`) and per additive
published quantity (numerator, denominator, base count):

* **Known values** are every figure published for a cell in any table (a count indicator's `value`
  is its numerator when the published rows show that they are equal; a trend's `previous_value` is
  the previous cell's value). A cell that is not hidden and shows no figure at all counts zero.
* **Unknowns** are the hidden cells (`suppression` not null), at least 1 in the column the
  disclosure threshold applies to (zeros are always shown) and at least 0 elsewhere.
* **Relations** are the sums a reader can form: geography (kommun → kommunalförbund / delregional
  nämnd / region, care units → kommun / kf / DN / region, kf and DN → region), period (month →
  quarter → year, month → year; the last month for point-in-time counts) and sex (T = K + M + U,
  U ≥ 0 the unknown sex; U = 0 where the artefact says so; K + M = s·T where the share of known
  sex s is published) and indicator parts (an indicator the catalogue names as the whole of others,
  `dim_indicator.part_of_indicator_id`, is the sum of its parts cell by cell: the whole and its parts are
  attacked as one system). The reader only uses a relation type after checking it on the instances
  where every member is published: exact everywhere → equality; parent always ≥ (≤) the sum →
  equality with a non-negative remainder per instance; contradicted → dropped.
* **Labels**: where the reader knows which hidden cells are primary (1 to threshold − 1) and which
  are secondary (≥ threshold), those bounds are added. Labels come from the caller (`known_labels`)
  or from the artefact itself (`suppression` = 'primary'/'secondary', a note saying "1–4"); a
  published primary label is also reported as a direct leak, since it says "1–4" by itself.

Assumptions (each is checked on the published cells where it can be, and documented in the report's
`relation_notes`):

* A hidden cell of the threshold column is at least 1 (the README: zeros are always shown).
* `base_count_basis` = records: the numerator also carries the threshold, because every record
  contributes at least one unit (a sum below the threshold means fewer records than the threshold);
  where `base_count` itself is published it is a quantity of its own with the threshold.
* Where `base_count` equals the numerator (denominator) on every published cell and the catalogue
  names that basis, it is the same quantity.
* Rows missing from a table (a care unit without data in a month) contribute zero, like cells that
  are not hidden and show no figure; a cell that shows some count but not this one is an unknown ≥ 0.
* The share of known sex s is (K + M) / T of a quantity only if the fully published cells show it
  (it counts rows, so it need not hold for summed days); a printed share is used within its rounding.
* `coverage_share` of T is a delivery share (verified: it is not T's share of known sex); of K and M
  it is T's coverage × s where the published rows show exactly that, and then it gives s back.

The reader then solves linear programs (HiGHS) for the smallest and largest value of every hidden
cell. Findings are `upper_below_threshold` (the reader learns that 1 to threshold − 1 persons stand
behind the cell), `pinned` (the integer interval is a single value) and `direct_leak` (a figure of
a hidden cell is given back directly by some published column).

Speed matters because this runs as a publish gate: hidden cells are grouped per indicator and
quantity into connected components, each component is one HiGHS model that is re-solved with new
objectives from the previous basis (primal simplex), and many cells are certified per solve
(maximise and minimise the sum of the cells not yet certified) before any single-cell LP is solved.
A single-cell LP is skipped where a solution already sits at the variable's own bound or at the
bound constraint propagation proves; `_audit(..., exact=True)` solves every LP without shortcuts
and gives the same findings (the validation does that).
"""

from __future__ import annotations

import argparse
import functools
import math
import re
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import duckdb
import numpy as np

CellKey = tuple[str, str, str, str, str, str]
"""(indicator_id, geo_level, geo_code, period_type, period_start 'YYYY-MM-DD', sex)."""

KINDS = ("upper_below_threshold", "pinned", "direct_leak")
SEXES_PARTS = ("K", "M")
REL_TOL = 1e-6  # relative tolerance when checking a published relation (figures are doubles)
ROUND_TOL = 1e-6  # tolerance when rounding LP bounds to integers
BIG = 1e7  # the smallest finite upper bound of a variable
PLACEHOLDERS = {None, "", "?", "..", "–", "-", "—"}  # categorical values that say nothing
GEO_ABOVE = {  # parent level -> child levels a reader can add up to it (via dim_geography's codes)
    "region": ("kommunalforbund", "delregional_namnd", "kommun", "sjukhus", "vardcentral", "team"),
    "kommunalforbund": ("kommun", "sjukhus", "vardcentral", "team"),
    "delregional_namnd": ("kommun", "sjukhus", "vardcentral", "team"),
    "kommun": ("sjukhus", "vardcentral", "team"),
}
GEO_CODE_COLUMN = {  # parent level -> dim_geography column that names a row's parent at that level
    "kommunalforbund": "kommunalforbund_code",
    "delregional_namnd": "delregional_namnd_code",
    "kommun": "municipality_code",
}
PERIOD_ABOVE = (("month", "quarter"), ("quarter", "year"), ("month", "year"))
SEX_SHARE_TEXT = re.compile(r"(?:sex is known for|könet är känt för)\s*(\d+(?:[.,]\d+)?)\s*%", re.I)


@dataclass(frozen=True)
class Finding:
    """One thing a reader can learn about one hidden cell (key fields as in the published tables)."""

    indicator_id: str
    geo_level: str
    geo_code: str
    period_type: str
    period_start: str
    sex: str
    column: str
    kind: str
    lower: float | None
    upper: float | None
    detail: str

    @property
    def key(self) -> CellKey:
        return (self.indicator_id, self.geo_level, self.geo_code, self.period_type, self.period_start,
                self.sex)


@dataclass
class AuditReport:
    """What the audit found; `ok` is the publish gate's answer."""

    threshold: int
    hidden_cells: int
    checked_lps: int
    seconds: float
    findings: list[Finding]
    relation_notes: list[str]
    label_mode: bool = False
    errors: list[str] = field(default_factory=list)  # parts the audit could not decide (see `ok`)

    @property
    def ok(self) -> bool:
        """No finding, and every component could be solved: a gate must not pass what it could not check."""
        return not self.findings and not self.errors

    def summary(self) -> str:
        """A few lines for a terminal or a CI log: verdict, then counts by kind and indicator."""
        verdict = "OK" if self.ok else f"FAIL ({len(self.findings)} findings, {len(self.errors)} errors)"
        lines = [f"LP disclosure audit, threshold {self.threshold}"
                 f"{', with labels' if self.label_mode else ', without labels'}: {self.hidden_cells} "
                 f"hidden cells, {self.checked_lps} LPs, {self.seconds:.1f} s: {verdict}"]
        for kind in KINDS:
            of_kind = [f for f in self.findings if f.kind == kind]
            if not of_kind:
                continue
            cells = len({f.key for f in of_kind})
            by_indicator: dict[str, set[CellKey]] = defaultdict(set)
            for f in of_kind:
                by_indicator[f.indicator_id].add(f.key)
            parts = ", ".join(f"{i} {len(k)}" for i, k in sorted(by_indicator.items()))
            lines.append(f"  {kind}: {cells} cells ({len(of_kind)} findings): {parts}")
        lines.extend(f"  error: {e}" for e in self.errors[:5])
        return "\n".join(lines)


# --------------------------------------------------------------------------------------------------
# Reading the artefact
# --------------------------------------------------------------------------------------------------


@dataclass
class _Cell:
    """Everything the published tables say about one cell, merged over tables."""

    suppression: set[str] = field(default_factory=set)
    figures: dict[str, float] = field(default_factory=dict)  # numerator/denominator/base_count/value
    figure_sources: dict[str, str] = field(default_factory=dict)
    quality_flags: set[str] = field(default_factory=set)
    sex_known_share: float | None = None
    coverage_share: float | None = None
    notes: list[tuple[str, str, str]] = field(default_factory=list)  # (table, column, text)


@dataclass
class _Published:
    """The parts of the artefact the audit reads."""

    indicators: dict[str, dict[str, Any]]
    geographies: list[dict[str, Any]]
    periods: dict[str, set[str]]
    cells: dict[CellKey, _Cell]
    rows_by_table: dict[str, list[dict[str, Any]]]
    overview: list[tuple[CellKey, str, str, str]]  # (region key, table, column, text)
    notes: list[str]


def _iso(value: Any) -> str:
    """Dates arrive as date, datetime or text; keys use 'YYYY-MM-DD'."""
    return str(value)[:10]


def _num(value: Any) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _table_columns(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    rows = con.execute("""
        select table_schema || '.' || table_name, column_name
        from information_schema.columns
        where table_schema in ('marts', 'data_quality')
        order by table_schema, table_name, ordinal_position""").fetchall()
    tables: dict[str, list[str]] = defaultdict(list)
    for table, column in rows:
        tables[table].append(column)
    return dict(tables)


FIGURES = ("numerator", "denominator", "base_count", "value")
CELL_COLUMNS = (
    "numerator", "denominator", "base_count", "value", "ci_lower", "ci_upper", "value_sv", "ci_sv",
    "suppression", "quality_flag", "coverage_share", "sex_known_share", "note_sv", "reason",
    "previous_period_start", "previous_value", "change_absolute", "change_relative", "riktning",
    "niva", "change_is_significant", "comparison_class", "comparison_symbol",
)


def _table_priority(table: str) -> tuple[int, str]:
    """The fact table v2 is read first, so its figures win a (noted) conflict with a report table."""
    order = ["marts.fct_indicator_values_v2", "marts.fct_indicator_values"]
    return (order.index(table) if table in order else len(order), table)


def _load(con: duckdb.DuckDBPyConnection) -> _Published:
    tables = _table_columns(con)
    notes: list[str] = []
    indicators: dict[str, dict[str, Any]] = {}
    if "marts.dim_indicator" in tables:
        cols = [c for c in ("indicator_id", "counts_persons", "base_count_basis", "aggregation", "part_of_indicator_id")
                if c in tables["marts.dim_indicator"]]
        for row in con.execute(f"select {', '.join(cols)} from marts.dim_indicator").fetchall():
            indicators[row[0]] = dict(zip(cols, row, strict=True))
    geographies: list[dict[str, Any]] = []
    if "marts.dim_geography" in tables:
        cols = [c for c in ("geo_level", "geo_code", "municipality_code", "kommunalforbund_code",
                            "delregional_namnd_code") if c in tables["marts.dim_geography"]]
        for row in con.execute(f"select {', '.join(cols)} from marts.dim_geography "
                               "order by geo_level, geo_code").fetchall():
            geographies.append(dict(zip(cols, row, strict=True)))
    periods: dict[str, set[str]] = defaultdict(set)
    if "marts.dim_period" in tables:
        for ptype, pstart in con.execute("select period_type, period_start from marts.dim_period").fetchall():
            periods[ptype].add(_iso(pstart))
    region_codes = sorted(g["geo_code"] for g in geographies if g["geo_level"] == "region") or ["region"]

    cell_tables = [t for t in sorted(tables, key=_table_priority)
                   if {"indicator_id", "period_type", "period_start"} <= set(tables[t])
                   and any(c in tables[t] for c in CELL_COLUMNS)]
    # only indicators with a hidden cell can leak one: the others are not read any further
    with_hidden: set[str] = set()
    for table in cell_tables:
        if "suppression" in tables[table]:
            with_hidden |= {r[0] for r in con.execute(
                f"select distinct indicator_id from {table} where suppression is not null").fetchall()}
    cells: dict[CellKey, _Cell] = defaultdict(_Cell)
    rows_by_table: dict[str, list[dict[str, Any]]] = {}
    if not with_hidden:
        return _Published(indicators, geographies, periods, {}, {}, [], notes)
    # ... and the indicators they add up with: an indicator's whole and that whole's other parts
    families = {_family_of(indicators, i, indicators) for i in with_hidden}
    with_hidden |= {i for i in indicators if _family_of(indicators, i, indicators) in families}
    in_list = ", ".join("'" + i.replace("'", "''") + "'" for i in sorted(with_hidden))
    for table in cell_tables:
        columns = tables[table]
        wanted = [c for c in CELL_COLUMNS if c in columns]
        if {"geo_level", "geo_code"} <= set(columns):
            geo_sql = "geo_level, geo_code"
        elif "municipality_code" in columns:
            geo_sql = "'kommun', municipality_code"
        else:  # the overview tables: one row per period, the region's figure
            geo_sql = f"'region', '{region_codes[0]}'"
        sex_sql = "sex" if "sex" in columns else "'T'"
        sql = (f"select indicator_id, {geo_sql}, period_type, period_start, {sex_sql}, "
               f"{', '.join(wanted)} from {table} where indicator_id in ({in_list})")
        table_rows: list[dict[str, Any]] = []
        for row in con.execute(sql).fetchall():
            key: CellKey = (row[0], row[1], str(row[2]), row[3], _iso(row[4]), row[5])
            record = dict(zip(wanted, row[6:], strict=True))
            record["key"] = key
            table_rows.append(record)
            cell = cells[key]
            if record.get("suppression") is not None:
                cell.suppression.add(str(record["suppression"]))
            for column in FIGURES:
                number = _num(record.get(column))
                if number is None:
                    continue
                if column in cell.figures and abs(cell.figures[column] - number) > REL_TOL * max(1, abs(number)):
                    notes.append(f"conflict: {key} {column} {cell.figures[column]} "
                                 f"({cell.figure_sources[column]}) vs {number} ({table}); first kept")
                    continue
                cell.figures.setdefault(column, number)
                cell.figure_sources.setdefault(column, table)
            previous_value = _num(record.get("previous_value"))
            if previous_value is not None and record.get("previous_period_start") is not None:
                previous_key = (*key[:4], _iso(record["previous_period_start"]), *key[5:])
                cells[previous_key].figures.setdefault("value", previous_value)
                cells[previous_key].figure_sources.setdefault("value", f"{table}.previous_value")
            if record.get("quality_flag") is not None:
                cell.quality_flags.add(record["quality_flag"])
            share = _num(record.get("sex_known_share"))
            if share is not None and cell.sex_known_share is None:
                cell.sex_known_share = share
            coverage = _num(record.get("coverage_share"))
            if coverage is not None and cell.coverage_share is None and table.startswith("marts."):
                cell.coverage_share = coverage
            for column in ("note_sv", "reason"):
                if record.get(column):
                    cell.notes.append((table, column, str(record[column])))
        rows_by_table[table] = table_rows

    overview: list[tuple[CellKey, str, str, str]] = []
    if "marts.rpt_indicator_overview" in tables and "marts.rpt_indicator_overview_cells" in tables:
        mapping = {name: (ptype, _iso(pstart)) for name, ptype, pstart in con.execute(
            "select distinct column_name, period_type, period_start from marts.rpt_indicator_overview_cells"
        ).fetchall()}
        wide_cols = [c for c in tables["marts.rpt_indicator_overview"] if c in mapping]
        if wide_cols and "indicator_id" in tables["marts.rpt_indicator_overview"]:
            quoted = ", ".join(f'"{c}"' for c in wide_cols)
            for row in con.execute(f"select indicator_id, {quoted} from marts.rpt_indicator_overview "
                                   f"where indicator_id in ({in_list})").fetchall():
                for column, text in zip(wide_cols, row[1:], strict=True):
                    ptype, pstart = mapping[column]
                    key = (row[0], "region", region_codes[0], ptype, pstart, "T")
                    overview.append((key, "marts.rpt_indicator_overview", column, "" if text is None else str(text)))
    return _Published(indicators, geographies, periods, dict(cells), rows_by_table, overview, notes)


# --------------------------------------------------------------------------------------------------
# Direct leaks: a hidden cell's figure given back by some published column
# --------------------------------------------------------------------------------------------------


def _has_digit(text: Any) -> bool:
    return text is not None and any(ch.isdigit() for ch in str(text))


class _Findings:
    """Collects findings, one per (cell, column, kind), keeping every carrier in the detail."""

    def __init__(self) -> None:
        self._by_key: dict[tuple[CellKey, str, str], Finding] = {}

    def add(self, key: CellKey, column: str, kind: str, lower: float | None, upper: float | None,
            detail: str) -> None:
        slot = (key, column, kind)
        if slot in self._by_key:
            old = self._by_key[slot]
            if detail not in old.detail:
                self._by_key[slot] = Finding(*key, column, kind, old.lower, old.upper, f"{old.detail}; {detail}")
            return
        self._by_key[slot] = Finding(*key, column, kind, lower, upper, detail)

    def sorted(self) -> list[Finding]:
        return [self._by_key[k] for k in sorted(self._by_key, key=lambda s: (s[0], s[1], s[2]))]


def _direct_leaks(pub: _Published, hidden: set[CellKey], threshold: int, count_derived_coverage: set[str],
                  findings: _Findings) -> None:
    """Every published figure that belongs to, or is computed from, a hidden cell."""
    previous_of: dict[CellKey, CellKey] = {}
    for rows in pub.rows_by_table.values():
        for record in rows:
            if record.get("previous_period_start") is not None:
                ind, lvl, code, ptype, _start, sex = record["key"]
                previous_of[record["key"]] = (ind, lvl, code, ptype, _iso(record["previous_period_start"]), sex)
    # comparison classes that every row of an indicator-period shares say nothing about one cell
    classes: dict[tuple[str, str, str, str], set[str]] = defaultdict(set)
    for rows in pub.rows_by_table.values():
        for record in rows:
            for column in ("comparison_class", "comparison_symbol"):
                if record.get(column) is not None:
                    ind, _l, _c, ptype, pstart, _s = record["key"]
                    classes[(ind, ptype, pstart, column)].add(record[column])

    for table, rows in sorted(pub.rows_by_table.items()):
        for record in rows:
            key = record["key"]
            own_hidden = key in hidden
            previous = previous_of.get(key)
            previous_hidden = previous is not None and previous in hidden
            if own_hidden:
                for column in ("numerator", "denominator", "base_count", "value", "ci_lower", "ci_upper",
                               "change_absolute", "change_relative"):
                    number = _num(record.get(column))
                    if number is not None:
                        shown = number if column in FIGURES else None
                        findings.add(key, column, "direct_leak", shown, shown,
                                     f"{table}.{column} = {number:g} on the hidden cell")
                for column in ("value_sv", "ci_sv"):
                    if _has_digit(record.get(column)):
                        findings.add(key, column, "direct_leak", None, None,
                                     f"{table}.{column} = {record[column]!r} on the hidden cell")
                for column in ("riktning", "niva"):
                    if record.get(column) not in PLACEHOLDERS:
                        findings.add(key, column, "direct_leak", None, None,
                                     f"{table}.{column} = {record[column]!r} describes the hidden value")
                if record.get("change_is_significant") is not None:
                    findings.add(key, "change_is_significant", "direct_leak", None, None,
                                 f"{table}.change_is_significant = {record['change_is_significant']} "
                                 "describes the hidden value")
                for column in ("comparison_class", "comparison_symbol"):
                    value = record.get(column)
                    if value in PLACEHOLDERS:
                        continue
                    ind, _l, _c, ptype, pstart, _s = key
                    if classes[(ind, ptype, pstart, column)] != {value}:
                        findings.add(key, column, "direct_leak", None, None,
                                     f"{table}.{column} = {value!r} ranks the hidden value")
            if previous_hidden:
                assert previous is not None
                shown_previous = _num(record.get("previous_value"))
                if shown_previous is not None:
                    findings.add(previous, "previous_value", "direct_leak", shown_previous, shown_previous,
                                 f"{table}.previous_value = {shown_previous:g} on the row of {key[4]}")
                value_known = _num(record.get("value")) is not None
                for column in ("change_absolute", "change_relative"):
                    if _num(record.get(column)) is not None and value_known:
                        findings.add(previous, column, "direct_leak", None, None,
                                     f"{table}.{column} with the published value of {key[4]} gives it back")
                if record.get("riktning") not in PLACEHOLDERS:
                    findings.add(previous, "riktning", "direct_leak", None, None,
                                 f"{table}.riktning = {record['riktning']!r} on {key[4]} compares with it")
                if record.get("change_is_significant") is not None:
                    findings.add(previous, "change_is_significant", "direct_leak", None, None,
                                 f"{table}.change_is_significant on {key[4]} compares with it")

    for key, table, column, text in pub.overview:
        if key in hidden and _has_digit(text):
            findings.add(key, column, "direct_leak", None, None, f"{table}.{column} = {text!r}")

    # the share of known sex, (K + M) / T, next to a hidden T, K or M of the same cell
    triples: dict[tuple[str, ...], list[CellKey]] = defaultdict(list)
    for key in pub.cells:
        triples[key[:5]].append(key)
    for _stem, members in sorted(triples.items()):
        hidden_members = sorted(k for k in members if k in hidden)
        if not hidden_members or len(members) < 2:
            continue
        carriers: dict[str, list[str]] = defaultdict(list)  # column -> where
        for member in sorted(members):
            cell = pub.cells[member]
            if cell.sex_known_share is not None:
                carriers["sex_known_share"].append(f"{cell.sex_known_share:.4g} on {member[5]}")
            if member[5] in count_derived_coverage and cell.coverage_share and member[5] != "T":
                carriers["coverage_share"].append(f"{cell.coverage_share:.4g} on {member[5]} (T's × the share)")
            for table, column, text in cell.notes:
                match = SEX_SHARE_TEXT.search(text)
                if match:
                    carriers[column].append(f"{table} on {member[5]}: {match.group(0)!r}")
        for column, where in sorted(carriers.items()):
            for key in hidden_members:
                findings.add(key, column, "direct_leak", None, None,
                             "the share of known sex (K + M) / T is published next to the hidden cell: "
                             + "; ".join(where))

    # a published label or note that says the hidden cell is small
    small = re.compile(rf"(?<!\d)1\s*[–—-]\s*{threshold - 1}(?!\d)")
    for key in sorted(hidden):
        if key not in pub.cells:
            continue
        cell = pub.cells[key]
        if "primary" in cell.suppression:
            findings.add(key, "suppression", "direct_leak", 1, threshold - 1,
                         f"the published label 'primary' says 1–{threshold - 1}")
        for table, column, text in cell.notes:
            if said := small.search(text):
                findings.add(key, column, "direct_leak", 1, threshold - 1, f"{table}.{column} says {said.group(0)}")


# --------------------------------------------------------------------------------------------------
# Relations
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Instance:
    """parent (+/-) remainder = sum of children, for one relation type."""

    rtype: str
    parent: CellKey
    children: tuple[CellKey, ...]


def _quarter_of(start: str) -> str:
    year, month = int(start[:4]), int(start[5:7])
    return f"{year:04d}-{(month - 1) // 3 * 3 + 1:02d}-01"


def _parent_period(child_type: str, child_start: str, parent_type: str) -> str:
    if parent_type == "year":
        return f"{child_start[:4]}-01-01"
    return _quarter_of(child_start)


def _instances(indicator: str, meta: dict[str, Any], keys: set[CellKey], pub: _Published) -> list[_Instance]:
    """All relation instances whose parent row exists: geography, period and sex (the sex ones are
    returned with rtype 'sex' and children (K, M))."""
    out: list[_Instance] = []
    levels: dict[str, set[str]] = defaultdict(set)
    periods: dict[str, set[str]] = defaultdict(set)
    sexes: set[str] = set()
    for key in keys:
        levels[key[1]].add(key[2])
        periods[key[3]].add(key[4])
        sexes.add(key[5])
    for ptype, published_starts in pub.periods.items():
        if ptype in periods:
            periods[ptype] |= published_starts
    slices = sorted({(k[3], k[4], k[5]) for k in keys})
    places = sorted({(k[1], k[2]) for k in keys})

    # geography
    for parent_level, child_levels in GEO_ABOVE.items():
        if parent_level not in levels:
            continue
        for child_level in child_levels:
            if child_level not in levels:
                continue
            children_of: dict[str, list[str]] = defaultdict(list)
            for geo in pub.geographies:
                if geo["geo_level"] != child_level:
                    continue
                if parent_level == "region":
                    for code in levels["region"]:
                        children_of[code].append(geo["geo_code"])
                else:
                    parent_code = geo.get(GEO_CODE_COLUMN[parent_level])
                    if parent_code is not None:
                        children_of[str(parent_code)].append(geo["geo_code"])
            rtype = f"geo {child_level}→{parent_level}"
            for parent_code in sorted(children_of):
                codes = sorted(children_of[parent_code])
                for ptype, pstart, sex in slices:
                    parent = (indicator, parent_level, parent_code, ptype, pstart, sex)
                    if parent not in keys:
                        continue
                    out.append(_Instance(rtype, parent, tuple(
                        (indicator, child_level, c, ptype, pstart, sex) for c in codes)))

    # period
    last_only = meta.get("aggregation") == "point_in_time_count"
    for child_type, parent_type in PERIOD_ABOVE:
        if child_type not in periods or parent_type not in periods:
            continue
        children_of_period: dict[str, list[str]] = defaultdict(list)
        for start in periods[child_type]:
            children_of_period[_parent_period(child_type, start, parent_type)].append(start)
        rtype = f"period {child_type}→{parent_type}" + (" (last)" if last_only else "")
        for pstart in sorted(children_of_period):
            starts = sorted(children_of_period[pstart])
            if last_only:
                starts = starts[-1:]
            for level, code in places:
                for sex in sorted(sexes):
                    parent = (indicator, level, code, parent_type, pstart, sex)
                    if parent not in keys:
                        continue
                    out.append(_Instance(rtype, parent, tuple(
                        (indicator, level, code, child_type, s, sex) for s in starts)))

    # sex
    if "T" in sexes and set(SEXES_PARTS) & sexes:
        for key in sorted(keys):
            if key[5] != "T":
                continue
            out.append(_Instance("sex T=K+M+U", key, tuple((*key[:5], s) for s in SEXES_PARTS)))
    return out


def _family_of(indicators: Mapping[str, Mapping[str, Any]], indicator: str, among: Iterable[str]) -> str:
    """The indicator whose cells add up with this one's: its whole (`part_of_indicator_id`) where that is one
    of `among`, else itself."""
    whole = indicators.get(indicator, {}).get("part_of_indicator_id")
    return str(whole) if whole and whole != indicator and whole in among else indicator


def _part_instances(whole: str, parts: Sequence[str], whole_keys: set[CellKey]) -> list[_Instance]:
    """The whole indicator's cell is the sum of its parts' cells at the same coordinates."""
    if not parts:
        return []
    return [_Instance("indicator parts→whole", key, tuple((part, *key[1:]) for part in parts))
            for key in sorted(whole_keys)]


# --------------------------------------------------------------------------------------------------
# One quantity of one indicator: known values, unknowns, verified relations, the LP
# --------------------------------------------------------------------------------------------------


@dataclass
class _Quantity:
    """An additive column as the reader sees it (aliases: columns shown to be the same quantity)."""

    name: str
    columns: tuple[str, ...]
    threshold_column: bool
    labelled_upper: bool  # a primary label bounds this column by threshold - 1
    integer: bool = True


class _Status:
    """What the reader knows of one quantity in every cell."""

    def __init__(self, quantity: _Quantity, pub: _Published, keys: set[CellKey], hidden: set[CellKey]) -> None:
        self.known: dict[CellKey, float] = {}
        self.hidden: set[CellKey] = set()
        self.free: set[CellKey] = set()
        for key in keys:
            if key in hidden:
                self.hidden.add(key)
                continue
            cell = pub.cells[key]
            values = [cell.figures[c] for c in quantity.columns if c in cell.figures]
            if values:
                self.known[key] = values[0]
                continue
            # a cell without this figure: zero when it shows no count at all, else merely unknown
            if any(v != 0 for c, v in cell.figures.items() if c in FIGURES):
                self.free.add(key)
            else:
                self.known[key] = 0.0

    def value(self, key: CellKey) -> float | None:
        if key in self.hidden or key in self.free:
            return None
        return self.known.get(key, 0.0)


def _or_else(value: float | None, default: float) -> float:
    return value if value is not None else default


def _classify(instances: Sequence[_Instance], status: _Status, lower_of: Mapping[CellKey, float]
              ) -> tuple[str, str, int]:
    """Check a relation type on the instances where every member is published: its class ('eq',
    'ge', 'le' or 'dropped'), the counts as text and the number of exact instances."""
    n_eq = n_gt = n_lt = 0
    for inst in instances:
        parent = status.value(inst.parent)
        values = [status.value(c) for c in inst.children]
        children = [c for c in values if c is not None]
        if parent is None or len(children) < len(values):
            continue
        diff = parent - sum(children)
        tol = REL_TOL * max(1.0, abs(parent))
        if abs(diff) <= tol:
            n_eq += 1
        elif diff > 0:
            n_gt += 1
        else:
            n_lt += 1
    counts = f"{n_eq} exact, {n_gt} parent above, {n_lt} parent below"
    if n_eq + n_gt + n_lt:
        if n_gt == 0 and n_lt == 0:
            return "eq", counts, n_eq
        if n_lt == 0:
            return "ge", counts, n_eq
        if n_gt == 0:
            return "le", counts, n_eq
        return "dropped", counts, n_eq
    # nothing to verify on: keep parent >= sum unless a partially published instance contradicts it
    for inst in instances:
        parent = status.value(inst.parent)
        if parent is None:
            continue
        floor_sum = sum(_or_else(status.value(c), lower_of.get(c, 0.0)) for c in inst.children)
        if floor_sum > parent + REL_TOL * max(1.0, abs(parent)):
            return "dropped", "no fully published instance, and parent < published children", 0
    return "ge", "no fully published instance: used as parent ≥ sum (unverified)", 0


@dataclass
class _Row:
    coefs: dict[int, float]
    lower: float
    upper: float
    rtype: str


class _Model:
    """The LP of one indicator × quantity: variables for hidden cells, unknown cells, remainders."""

    def __init__(self) -> None:
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.names: list[Any] = []
        self.index: dict[Any, int] = {}
        self.rows: list[_Row] = []

    def var(self, name: Any, lower: float, upper: float) -> int:
        if name in self.index:
            return self.index[name]
        self.index[name] = len(self.lower)
        self.lower.append(lower)
        self.upper.append(upper)
        self.names.append(name)
        return self.index[name]

    def row(self, terms: Iterable[tuple[int, float]], lower: float, upper: float, rtype: str) -> None:
        coefs: dict[int, float] = defaultdict(float)
        for var, coef in terms:
            coefs[var] += coef
        coefs = {v: c for v, c in coefs.items() if c != 0}
        if coefs:
            self.rows.append(_Row(dict(sorted(coefs.items())), lower, upper, rtype))


class _ComponentLP:
    """One HiGHS model per component, re-solved with new objectives from its last basis."""

    def __init__(self, lower: np.ndarray, upper: np.ndarray, rows: list[_Row], local: dict[int, int]) -> None:
        import highspy

        self._highspy = highspy
        n = len(lower)
        self.n = n
        cols: list[list[tuple[int, float]]] = [[] for _ in range(n)]
        row_lower = np.empty(len(rows))
        row_upper = np.empty(len(rows))
        for r, row in enumerate(rows):
            row_lower[r] = row.lower
            row_upper[r] = row.upper
            for var, coef in row.coefs.items():
                cols[local[var]].append((r, coef))
        start = [0]
        index: list[int] = []
        value: list[float] = []
        for col in cols:
            for r, coef in col:
                index.append(r)
                value.append(coef)
            start.append(len(index))
        lp = highspy.HighsLp()
        lp.num_col_ = n
        lp.num_row_ = len(rows)
        lp.col_cost_ = np.zeros(n)
        lp.col_lower_ = lower
        lp.col_upper_ = upper
        lp.row_lower_ = row_lower
        lp.row_upper_ = row_upper
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = np.array(start, dtype=np.int32)
        lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
        lp.a_matrix_.value_ = np.array(value, dtype=float)
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("presolve", "off")  # keeps the basis valid between objectives
        h.setOptionValue("threads", 1)
        h.setOptionValue("random_seed", 0)
        # a new objective leaves the last basis primal feasible: primal simplex goes on from there,
        # several times faster here than the default dual simplex, which has to start over
        h.setOptionValue("simplex_strategy", 4)
        h.passModel(lp)
        self.h = h
        self.solves = 0
        self._all = np.arange(n, dtype=np.int32)

    def solve(self, costs: np.ndarray, maximize: bool) -> np.ndarray | None:
        hs = self._highspy
        self.h.changeColsCost(self.n, self._all, costs.astype(float))
        self.h.changeObjectiveSense(hs.ObjSense.kMaximize if maximize else hs.ObjSense.kMinimize)
        self.h.run()
        self.solves += 1
        if self.h.getModelStatus() != hs.HighsModelStatus.kOptimal:
            return None
        return np.asarray(self.h.getSolution().col_value, dtype=float)


def _propagate(lower: np.ndarray, upper: np.ndarray, rows: list[_Row], local: dict[int, int],
               rounds: int = 40) -> tuple[np.ndarray, np.ndarray]:
    """Bounds that contain every feasible value (constraint propagation: what each relation allows
    given the others' current bounds, repeated). Never tighter than the LP's, often as tight, and
    far cheaper: where it meets a value already seen in a solution, no LP is needed for that side.
    """
    import scipy.sparse as sp

    r_idx, c_idx, coef = [], [], []
    for r, row in enumerate(rows):
        for var, a in row.coefs.items():
            r_idx.append(r)
            c_idx.append(local[var])
            coef.append(a)
    rr = np.array(r_idx)
    cc = np.array(c_idx)
    aa = np.array(coef, dtype=float)
    shape = (len(rows), len(lower))
    pos = sp.csr_matrix((np.maximum(aa, 0), (rr, cc)), shape=shape)
    neg = sp.csr_matrix((np.minimum(aa, 0), (rr, cc)), shape=shape)
    row_lo = np.array([row.lower for row in rows])
    row_hi = np.array([row.upper for row in rows])
    lo, hi = lower.astype(float).copy(), upper.astype(float).copy()
    for _ in range(rounds):
        min_act = pos @ lo + neg @ hi
        max_act = pos @ hi + neg @ lo
        own_min = np.where(aa > 0, aa * lo[cc], aa * hi[cc])
        own_max = np.where(aa > 0, aa * hi[cc], aa * lo[cc])
        with np.errstate(invalid="ignore"):
            room_hi = row_hi[rr] - (min_act[rr] - own_min)  # a·x <= room_hi
            room_lo = row_lo[rr] - (max_act[rr] - own_max)  # a·x >= room_lo
            cap = np.where(aa > 0, room_hi / aa, room_lo / aa)
            floor_ = np.where(aa > 0, room_lo / aa, room_hi / aa)
        cap = np.where(np.isnan(cap), np.inf, cap)
        floor_ = np.where(np.isnan(floor_), -np.inf, floor_)
        new_hi, new_lo = hi.copy(), lo.copy()
        np.minimum.at(new_hi, cc, cap)
        np.maximum.at(new_lo, cc, floor_)
        # guard against rounding in long sums: never tighten by less than a relative 1e-9
        new_hi = np.maximum(new_hi, lo)
        new_lo = np.minimum(new_lo, new_hi)
        change = max(float(np.max(hi - new_hi, initial=0.0)), float(np.max(new_lo - lo, initial=0.0)))
        hi, lo = new_hi, new_lo
        if change < 1e-7:
            break
    slack = 1e-9 * np.maximum(1.0, np.abs(hi))
    return lo - slack, hi + slack


def _floor(x: float) -> float:
    return math.floor(x + max(ROUND_TOL, 1e-9 * abs(x)))


def _ceil(x: float) -> float:
    return math.ceil(x - max(ROUND_TOL, 1e-9 * abs(x)))


def _single_relation_upper(model: _Model, var: int, rows: Sequence[_Row]) -> tuple[float, str] | None:
    """The smallest upper bound one relation alone gives the variable (interval reasoning), to tell
    the findings any reader gets by one subtraction from those that need a solver."""
    best: tuple[float, str] | None = None
    for row in rows:
        coef = row.coefs[var]
        # coef * x in [row.lower - max(rest), row.upper - min(rest)]
        rest_min = sum(c * (model.lower[v] if c > 0 else model.upper[v]) for v, c in row.coefs.items() if v != var)
        rest_max = sum(c * (model.upper[v] if c > 0 else model.lower[v]) for v, c in row.coefs.items() if v != var)
        bound = (row.upper - rest_min) / coef if coef > 0 else (row.lower - rest_max) / coef
        if best is None or bound < best[0]:
            best = (bound, row.rtype)
    return best


class _SeenValues:
    """The smallest and largest value each hidden cell of a component took in any solution so far
    (feasible points), and which cells are still open."""

    def __init__(self, cell_cols: np.ndarray, wants_upper: np.ndarray, threshold: int, integer: bool) -> None:
        self.cell_cols = cell_cols
        self.wants_upper = wants_upper
        self.threshold = threshold
        self.integer = integer
        self.lo = np.full(len(cell_cols), math.inf)
        self.hi = np.full(len(cell_cols), -math.inf)

    def record(self, x: np.ndarray | None) -> bool:
        if x is None:
            return False
        values = x[self.cell_cols]
        np.minimum(self.lo, values, out=self.lo)
        np.maximum(self.hi, values, out=self.hi)
        return True

    def open_mask(self) -> np.ndarray:
        """Cells not yet shown to reach the threshold, or not yet seen at two different values."""
        upper_open = self.wants_upper & (self.hi < self.threshold - ROUND_TOL)
        if self.integer:
            same = np.floor(self.hi + ROUND_TOL) <= np.ceil(self.lo - ROUND_TOL)
        else:
            same = self.hi - self.lo <= ROUND_TOL * np.maximum(1.0, np.abs(self.hi))
        return upper_open | same


def _solve_quantity(model: _Model, cells: dict[int, CellKey], check_upper: set[int], threshold: int,
                    integer: bool, exact: bool
                    ) -> tuple[dict[int, tuple[float, float]], dict[int, str], int, list[str]]:
    """Bounds for the hidden cells of one quantity, certifying many cells per LP.

    Returns, per variable that needs reporting (or every hidden variable when `exact`), its
    (lower, upper) bound, the reason text, the number of LPs and notes (infeasible components).
    """
    n = len(model.lower)
    parent = list(range(n))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for row in model.rows:
        vars_ = list(row.coefs)
        for other in vars_[1:]:
            ra, rb = find(vars_[0]), find(other)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    members: dict[int, list[int]] = defaultdict(list)
    for v in range(n):
        members[find(v)].append(v)
    rows_of: dict[int, list[_Row]] = defaultdict(list)
    for row in model.rows:
        rows_of[find(next(iter(row.coefs)))].append(row)

    results: dict[int, tuple[float, float]] = {}
    why: dict[int, str] = {}
    notes: list[str] = []
    lps = 0
    lo_tol = ROUND_TOL

    def distinct(lo: float, hi: float) -> bool:
        return (_floor(hi) > _ceil(lo)) if integer else (hi - lo > lo_tol * max(1.0, abs(hi)))

    for root in sorted(members):
        comp = members[root]
        comp_cells = [v for v in comp if v in cells]
        if not comp_cells:
            continue
        rows = rows_of.get(root, [])
        lower = np.array([model.lower[v] for v in comp])
        upper = np.array([model.upper[v] for v in comp])
        if not rows:  # a cell in no relation: its own bounds
            for v in comp_cells:
                lo, hi = model.lower[v], model.upper[v]
                if exact or (v in check_upper and _floor(hi) < threshold) or not distinct(lo, hi):
                    results[v] = (lo, hi)
            continue
        local = {v: i for i, v in enumerate(comp)}
        rows_of_var: dict[int, list[_Row]] = defaultdict(list)
        for row in rows:
            for var in row.coefs:
                rows_of_var[var].append(row)
        lp = _ComponentLP(lower, upper, rows, local)
        # the smallest and largest value each hidden cell took in any solution so far (feasible points)
        cell_cols = np.array([local[v] for v in comp_cells], dtype=np.int64)
        position = {v: i for i, v in enumerate(comp_cells)}
        seen = _SeenValues(cell_cols, np.array([v in check_upper for v in comp_cells]), threshold, integer)
        record, open_mask = seen.record, seen.open_mask
        seen_lo, seen_hi = seen.lo, seen.hi  # updated in place by record()

        if not record(lp.solve(np.zeros(len(comp)), maximize=False)):
            notes.append(f"infeasible component of {len(comp_cells)} hidden cells "
                         f"({cells[comp_cells[0]]}): the relations contradict each other, no bounds")
            lps += lp.solves
            continue
        prop_lo, prop_hi = _propagate(lower, upper, rows, local)
        if not exact:
            for _round in range(50):
                still_open = open_mask()
                before = int(still_open.sum())
                if not before:
                    break
                costs = np.zeros(len(comp))
                costs[cell_cols[still_open]] = 1.0
                record(lp.solve(costs, maximize=True))
                record(lp.solve(costs, maximize=False))
                if int(open_mask().sum()) == before:
                    break
        for v in sorted(comp_cells):
            i = position[v]
            if not (exact or open_mask()[i]):
                continue
            costs = np.zeros(len(comp))
            costs[local[v]] = 1.0
            single = _single_relation_upper(model, v, rows_of_var[v])
            cap = prop_hi[local[v]]
            if exact:  # validation: one LP per side, no shortcut
                x_max = lp.solve(costs, maximize=True)
                if x_max is None:
                    notes.append(f"LP failed for {cells[v]}")
                    continue
                hi = float(x_max[local[v]])
            elif seen_hi[i] >= model.upper[v] - ROUND_TOL:
                hi = model.upper[v]  # a feasible solution at the variable's own bound is the optimum
            elif integer and _floor(cap) <= _floor(seen_hi[i]):
                hi = float(_floor(seen_hi[i]))  # propagation caps it where a solution already is
            else:
                x_max = lp.solve(costs, maximize=True)
                if x_max is None:
                    notes.append(f"LP failed for {cells[v]}")
                    continue
                record(x_max)
                hi = float(x_max[local[v]])
            below = v in check_upper and _floor(hi) < threshold
            if not (exact or below or not distinct(seen_lo[i], hi)):
                continue
            if exact:
                x_min = lp.solve(costs, maximize=False)
                if x_min is None:
                    notes.append(f"LP failed for {cells[v]}")
                    continue
                lo = float(x_min[local[v]])
            elif seen_lo[i] <= model.lower[v] + ROUND_TOL:
                lo = model.lower[v]
            elif integer and _ceil(prop_lo[local[v]]) >= _ceil(seen_lo[i]):
                lo = float(_ceil(seen_lo[i]))
            else:
                x_min = lp.solve(costs, maximize=False)
                if x_min is None:
                    notes.append(f"LP failed for {cells[v]}")
                    continue
                record(x_min)
                lo = float(x_min[local[v]])
            if exact or below or not distinct(lo, hi):
                results[v] = (lo, hi)
                single_text = ""
                if single is not None and _floor(single[0]) < threshold:
                    single_text = f"; one relation alone gives at most {_floor(single[0]):g} ({single[1]})"
                involved = sorted({r.rtype for r in rows_of_var[v]})
                why[v] = (f"LP over {len(comp_cells)} hidden cells and {len(rows)} relations; "
                          f"the cell is in {', '.join(involved) or 'no relation'}{single_text}")
        lps += lp.solves
    return results, why, lps, notes


# --------------------------------------------------------------------------------------------------
# The audit
# --------------------------------------------------------------------------------------------------


def _quantities(indicator: str, meta: dict[str, Any], pub: _Published, keys: set[CellKey],
                value_is_numerator: bool) -> tuple[list[_Quantity], list[str]]:
    """Which additive columns the reader can work with, and which of them the threshold applies to.

    base_count is the quantity the threshold counts. Where the catalogue says it is the numerator
    (or denominator) and the published rows agree, it is the same quantity (an alias); for
    `records` it is a quantity of its own, and the numerator also gets the threshold (assumption:
    every record contributes at least one unit, so a sum below the threshold means fewer records).
    """
    notes: list[str] = []
    present = {c for k in keys for c in pub.cells[k].figures}
    basis = (meta.get("base_count_basis") or "numerator").strip().lower()
    if not meta.get("base_count_basis"):
        notes.append(f"{indicator}: no base_count_basis published; the threshold is taken on the numerator")
    columns: dict[str, list[str]] = {}
    for name in ("numerator", "denominator"):
        if name in present or basis == name:
            columns[name] = [name]
    if value_is_numerator and "numerator" in columns:
        columns["numerator"].append("value")
    if "base_count" in present:
        target = basis if basis in ("numerator", "denominator") else None
        agrees = target is not None and target in present and all(
            abs(c.figures["base_count"] - c.figures[target]) <= REL_TOL * max(1, abs(c.figures[target]))
            for c in (pub.cells[k] for k in keys) if "base_count" in c.figures and target in c.figures)
        if agrees and target is not None:
            columns.setdefault(target, [target]).append("base_count")
            notes.append(f"{indicator}: base_count equals the {target} on every published cell (alias)")
        else:
            columns["base_count"] = ["base_count"]
    out: list[_Quantity] = []
    for name, cols in columns.items():
        is_threshold = (name == basis) or (basis == "records" and name in ("numerator", "base_count")) or (
            basis not in ("numerator", "denominator", "records") and name == "numerator")
        labelled_upper = is_threshold and not (basis == "records" and name == "numerator")
        integer = all(float(pub.cells[k].figures[c]).is_integer()
                      for k in keys for c in cols if c in pub.cells[k].figures)
        out.append(_Quantity(name, tuple(cols), is_threshold, labelled_upper, integer))
    if basis == "records" and "base_count" not in columns:
        notes.append(f"{indicator}: base_count (records) not published; the numerator carries the "
                     "threshold, assuming every record adds at least one unit")
    return out, notes


def _value_is_numerator(pub: _Published, keys: Iterable[CellKey]) -> bool:
    """A count indicator publishes its numerator as `value`; the reader checks that on the rows."""
    seen = False
    for key in keys:
        figures = pub.cells[key].figures
        if "value" in figures and "numerator" in figures:
            seen = True
            if abs(figures["value"] - figures["numerator"]) > REL_TOL * max(1.0, abs(figures["numerator"])):
                return False
    return seen


def _labels(pub: _Published, hidden: set[CellKey], threshold: int, known_labels: Mapping[tuple, str] | None,
            use_published: bool) -> dict[CellKey, str]:
    labels: dict[CellKey, str] = {}
    if use_published:
        small = re.compile(rf"(?<!\d)1\s*[–—-]\s*{threshold - 1}(?!\d)")
        for key in hidden:
            cell = pub.cells[key]
            values = {v.lower() for v in cell.suppression}
            if "primary" in values or any(small.search(t) for _tb, _c, t in cell.notes):
                labels[key] = "primary"
            elif "secondary" in values:
                labels[key] = "secondary"
    for raw_key, label in (known_labels or {}).items():
        known = tuple(str(p) if i != 4 else _iso(p) for i, p in enumerate(raw_key))
        if known in hidden:
            labels[cast(CellKey, known)] = str(label).lower()  # one of the hidden keys, so a CellKey
    return labels


def _audit(path: Path | str, threshold: int, known_labels: Mapping[tuple, str] | None,
           use_published_labels: bool, exact: bool = False
           ) -> tuple[AuditReport, dict[tuple[CellKey, str], tuple[float, float]]]:
    """The audit; with `exact` it solves two plain LPs per hidden cell and quantity, without any of
    the shortcuts, and returns all their bounds (to validate the fast path and the relations)."""
    if threshold < 2:
        raise ValueError("threshold must be at least 2 (hidden cells are at least 1)")
    started = time.perf_counter()
    con = duckdb.connect(str(path), read_only=True)
    try:
        pub = _load(con)
    finally:
        con.close()
    relation_notes: list[str] = list(pub.notes[:20])
    if len(pub.notes) > 20:
        relation_notes.append(f"... {len(pub.notes) - 20} more conflicts between tables")
    hidden = {k for k, c in pub.cells.items() if c.suppression}
    values = sorted({v for c in pub.cells.values() for v in c.suppression})
    relation_notes.append(f"suppression values published: {values}")
    findings = _Findings()
    errors: list[str] = []
    labels = _labels(pub, hidden, threshold, known_labels, use_published_labels)
    label_mode = bool(labels)

    by_indicator: dict[str, set[CellKey]] = defaultdict(set)
    for key in pub.cells:
        by_indicator[key[0]].add(key)
    persons = sorted(i for i, m in pub.indicators.items() if m.get("counts_persons"))
    # an indicator and its parts are one system of unknowns (the whole is the sum of its parts): whole first
    families: dict[str, list[str]] = defaultdict(list)
    for indicator in sorted(persons, key=lambda i: (_family_of(pub.indicators, i, persons) != i, i)):
        families[_family_of(pub.indicators, indicator, persons)].append(indicator)
    hidden_outside = sorted({k[0] for k in hidden} - set(persons))
    if hidden_outside:
        relation_notes.append(f"hidden cells of indicators not counting persons (not attacked): {hidden_outside}")

    # coverage_share of K and M rows equals T's coverage × (K + M) / T where the rows show it
    count_derived_coverage: set[str] = set()
    for sex in SEXES_PARTS:
        checked, agree = 0, True
        for key, cell in pub.cells.items():
            if key[5] != sex or cell.coverage_share is None:
                continue
            total = pub.cells.get((*key[:5], "T"))
            if total is None or not total.coverage_share:
                continue
            share = next((c.sex_known_share for c in (cell, total) if c.sex_known_share is not None), None)
            if share is None or share >= 1:
                continue
            checked += 1
            if abs(cell.coverage_share - total.coverage_share * share) > 1e-9:
                agree = False
                break
        if checked and agree:
            count_derived_coverage.add(sex)
    if count_derived_coverage:
        relation_notes.append(f"coverage_share of {sorted(count_derived_coverage)} rows = T's coverage_share × "
                              "share of known sex on every published row: it gives the share back")

    _direct_leaks(pub, hidden, threshold, count_derived_coverage, findings)

    lps = 0
    bounds: dict[tuple[CellKey, str], tuple[float, float]] = {}
    for family, members in sorted(families.items()):
        keys = set().union(*(by_indicator.get(m, set()) for m in members))
        ind_hidden = sorted(k for k in keys if k in hidden)
        if not ind_hidden:
            continue
        meta = pub.indicators[family]
        indicator = family if len(members) == 1 else f"{family} (+{len(members) - 1} parts)"
        quantities, qnotes = _quantities(indicator, meta, pub, keys, _value_is_numerator(pub, keys))
        relation_notes.extend(qnotes)
        instances = [inst for m in members
                     for inst in _instances(m, pub.indicators[m], by_indicator.get(m, set()), pub)]
        instances += _part_instances(family, members[1:], by_indicator.get(family, set()))
        by_type: dict[str, list[_Instance]] = defaultdict(list)
        for inst in instances:
            by_type[inst.rtype].append(inst)
        for quantity in quantities:
            status = _Status(quantity, pub, keys, hidden)
            lp_lower = dict.fromkeys(status.hidden, 1.0 if quantity.threshold_column else 0.0)
            classes = {rtype: _classify(insts, status, lp_lower) for rtype, insts in by_type.items()}
            build = functools.partial(_quantity_model, quantity, status, labels, threshold, by_type, pub,
                                      count_derived_coverage, lp_lower, classes)
            model, cells, type_notes = build(frozenset())
            check_upper = _unlabelled(cells, labels, quantity)
            results, why, n_lps, solve_notes = _solve_quantity(
                model, cells, check_upper, threshold, quantity.integer, exact)
            if any(note.startswith("infeasible") for note in solve_notes):
                relaxed, relax_lps = _relax_until_feasible(build, classes)
                lps += relax_lps
                if relaxed:
                    lps += n_lps  # the first, infeasible attempt; the second is counted below
                    model, cells, type_notes = build(relaxed)
                    type_notes.append(f"assumed equalities that contradict the other relations, read as "
                                      f"parent ≥ sum instead: {sorted(relaxed)}")
                    check_upper = _unlabelled(cells, labels, quantity)
                    results, why, n_lps, solve_notes = _solve_quantity(
                        model, cells, check_upper, threshold, quantity.integer, exact)
            relation_notes.append(f"{indicator}/{quantity.name}: " + "; ".join(type_notes))
            lps += n_lps
            errors.extend(f"{indicator}/{quantity.name}: {n}" for n in solve_notes)
            for var, (lo, hi) in sorted(results.items()):
                key = cells[var]
                bounds[(key, quantity.name)] = (lo, hi)
                lo_r, hi_r = (_ceil(lo), _floor(hi)) if quantity.integer else (lo, hi)
                reason = why.get(var, "in no relation")
                if var in check_upper and _floor(hi) < threshold:
                    findings.add(key, quantity.name, "upper_below_threshold", lo_r, hi_r,
                                 f"at most {hi_r:g} < {threshold}: {reason}")
                pinned = (lo_r == hi_r) if quantity.integer else (hi - lo <= ROUND_TOL * max(1.0, abs(hi)))
                if pinned:
                    findings.add(key, quantity.name, "pinned", lo_r, hi_r,
                                 f"the only possible value is {lo_r:g}: {reason}"
                                 + (f" (label {labels[key]})" if key in labels else ""))
    report = AuditReport(threshold=threshold, hidden_cells=len(hidden), checked_lps=lps,
                         seconds=time.perf_counter() - started, findings=findings.sorted(),
                         relation_notes=relation_notes, label_mode=label_mode, errors=errors)
    return report, bounds


def _quantity_model(quantity: _Quantity, status: _Status, labels: Mapping[CellKey, str], threshold: int,
                    by_type: Mapping[str, Sequence[_Instance]], pub: _Published, count_derived_coverage: set[str],
                    lp_lower: Mapping[CellKey, float], classes: Mapping[str, tuple[str, str, int]],
                    relaxed: frozenset[str]) -> tuple[_Model, dict[int, CellKey], list[str]]:
    """The LP of one quantity: a variable per hidden and unknown cell, a row per relation instance
    that has one. Relation types in `relaxed` are read as parent ≥ sum even where verified equal."""
    known_max = max([abs(v) for v in status.known.values()] + [0.0])
    ub = max(BIG, 10 * known_max)
    model = _Model()
    cells: dict[int, CellKey] = {}
    for key in sorted(status.hidden):
        lo, hi = lp_lower[key], ub
        label = labels.get(key)
        if label == "primary" and quantity.labelled_upper:
            lo, hi = max(lo, 1.0), float(threshold - 1)
        elif label == "secondary" and quantity.threshold_column:
            lo = max(lo, float(threshold))
        cells[model.var(key, lo, hi)] = key
    for key in sorted(status.free):
        model.var(key, 0.0, ub)
    term = functools.partial(_term, status, model)
    type_notes: list[str] = []
    for rtype in sorted(by_type):
        insts = by_type[rtype]
        klass, counts, _exact = classes[rtype]
        if rtype in relaxed and klass == "eq":
            klass, counts = "ge", counts + ", equality contradicted by the other relations"
        if rtype.startswith("sex"):
            type_notes.append(_sex_rows(rtype, insts, pub, status, model, term, klass, counts, ub,
                                        count_derived_coverage))
            continue
        type_notes.append(f"{rtype}: {klass} ({counts})")
        if klass == "dropped":
            continue
        for inst in insts:
            members = (inst.parent, *inst.children)
            if all(status.value(m) is not None for m in members):
                continue
            terms: list[tuple[int, float]] = []
            rhs = 0.0
            for member, sign in [(inst.parent, 1.0)] + [(c, -1.0) for c in inst.children]:
                var, value = term(member)
                if var is None:
                    rhs -= sign * value
                else:
                    terms.append((var, sign))
            if klass in ("ge", "le"):
                r = model.var(("remainder", inst.rtype, inst.parent), 0.0, ub)
                terms.append((r, -1.0 if klass == "ge" else 1.0))
            model.row(terms, rhs, rhs, rtype)
    return model, cells, type_notes


def _unlabelled(cells: Mapping[int, CellKey], labels: Mapping[CellKey, str], quantity: _Quantity) -> set[int]:
    """The hidden cells whose upper bound is checked: a labelled cell is bounded by its label, so only
    unlabelled cells of a quantity the threshold applies to can be found small."""
    return {v for v, k in cells.items() if k not in labels} if quantity.threshold_column else set()


def _feasible(model: _Model) -> bool:
    """Whether some value of every unknown satisfies all the model's relations (one LP)."""
    if not model.rows:
        return True
    local = {v: v for v in range(len(model.lower))}
    lp = _ComponentLP(np.array(model.lower, dtype=float), np.array(model.upper, dtype=float), model.rows, local)
    return lp.solve(np.zeros(len(model.lower)), maximize=False) is not None


def _relax_until_feasible(build: Any, classes: Mapping[str, tuple[str, str, int]]) -> tuple[frozenset[str], int]:
    """The fewest verified equalities to read as parent ≥ sum so that the relations have a solution.

    An equality verified on the fully published instances of a type need not hold where cells are
    hidden (the region also counts people without a municipality; a small landing may show only
    instances where that part is 0). A reader whose equalities contradict the published figures
    learns that one does not hold, so the audit, like that reader, drops equalities until the
    system is feasible: first the least verified ones, one at a time, then it puts back each one that
    the others already make unnecessary. Returns the relaxed types (empty when none helps: the
    infeasibility is then reported as an error and the gate stays shut) and the LPs spent.
    """
    candidates = sorted((rtype for rtype, (klass, _c, _n) in classes.items() if klass == "eq"),
                        key=lambda rtype: (classes[rtype][2], rtype))
    relaxed: list[str] = []
    lps = 0
    feasible = False
    for rtype in candidates:
        relaxed.append(rtype)
        lps += 1
        if _feasible(build(frozenset(relaxed))[0]):
            feasible = True
            break
    if not feasible:
        return frozenset(), lps
    for rtype in list(reversed(relaxed[:-1])):
        trial = frozenset(r for r in relaxed if r != rtype)
        lps += 1
        if _feasible(build(trial)[0]):
            relaxed.remove(rtype)
    return frozenset(relaxed), lps


def _term(status: _Status, model: _Model, key: CellKey) -> tuple[int | None, float]:
    """A relation member in an LP row: its variable when the reader does not know it, else its value."""
    value = status.value(key)
    if value is None:
        return model.index[key], 0.0
    return None, value


def _note_share(cell: _Cell | None) -> tuple[float, float] | None:
    """The share of known sex a note prints ("sex is known for 69.2 %"), with half its last digit."""
    if cell is None:
        return None
    for _table, _column, text in cell.notes:
        match = SEX_SHARE_TEXT.search(text)
        if match:
            printed = match.group(1).replace(",", ".")
            decimals = len(printed.split(".")[1]) if "." in printed else 0
            return float(printed) / 100, 0.5 * 10 ** -decimals / 100
    return None


def _sex_rows(rtype: str, insts: Sequence[_Instance], pub: _Published, status: _Status, model: _Model,
              term: Any, klass: str, counts: str, ub: float, count_derived_coverage: set[str]) -> str:
    """T = K + M + U: verified like the other relations, plus U = 0 and K + M ≈ s·T where published.

    U = 0 is known where the share of known sex is 1, or where K and M are flagged 'ok' (checked on
    the published cells first: K + M = T there). The share s can be read three ways: the column
    `sex_known_share`, K's or M's `coverage_share` divided by T's (where the rows show that is the
    share), and a note that prints it rounded. Each way is only used for this quantity if the fully
    published cells show it is (K + M) / T of this quantity, within its rounding.
    """
    if klass in ("dropped", "le"):
        return f"{rtype}: dropped ({counts})"

    def shares(inst: _Instance) -> dict[str, tuple[float, float]]:
        """source -> (share, half-width of its rounding)"""
        found: dict[str, tuple[float, float]] = {}
        members = [pub.cells.get(m) for m in (inst.parent, *inst.children)]
        for cell in members:
            if cell is not None and cell.sex_known_share is not None:
                found.setdefault("sex_known_share", (cell.sex_known_share, 0.0))
        total = members[0]
        if total is not None and total.coverage_share:
            for member, cell in zip(inst.children, members[1:], strict=True):
                if member[5] in count_derived_coverage and cell is not None and cell.coverage_share is not None:
                    found.setdefault("coverage_share", (cell.coverage_share / total.coverage_share, 0.0))
        for cell in members:
            note = _note_share(cell)
            if note is not None:
                found.setdefault("note", note)
        return found

    def ok_flags(inst: _Instance) -> bool:
        return all(c in pub.cells and pub.cells[c].quality_flags == {"ok"} for c in inst.children)

    ok_checked = ok_bad = 0
    share_checked: dict[str, int] = defaultdict(int)
    share_err: dict[str, float] = defaultdict(float)  # largest error beyond the rounding
    for inst in insts:
        t = status.value(inst.parent)
        values = [status.value(c) for c in inst.children]
        parts = [p for p in values if p is not None]
        if t is None or len(parts) < len(values):
            continue
        km = sum(parts)
        if ok_flags(inst):
            ok_checked += 1
            if abs(t - km) > REL_TOL * max(1.0, t):
                ok_bad += 1
        if t > 0:
            for source, (share, half) in shares(inst).items():
                share_checked[source] += 1
                share_err[source] = max(share_err[source], abs(share - km / t) - half)
    use_ok = ok_checked > 0 and ok_bad == 0
    usable = {src for src, n in share_checked.items() if n and share_err[src] <= 1e-6}
    for inst in insts:
        members = (inst.parent, *inst.children)
        if all(status.value(m) is not None for m in members):
            continue
        if any(m not in pub.cells for m in inst.children):
            continue
        known_shares = {src: v for src, v in shares(inst).items() if src in usable}
        exact_one = any(half == 0 and share >= 1 for share, half in known_shares.values())
        u_zero = klass == "eq" or (use_ok and ok_flags(inst)) or exact_one
        terms: list[tuple[int, float]] = []
        rhs = 0.0
        for member, sign in ((inst.parent, 1.0), (inst.children[0], -1.0), (inst.children[1], -1.0)):
            var, value = term(member)
            if var is None:
                rhs -= sign * value
            else:
                terms.append((var, sign))
        if not u_zero:
            terms.append((model.var(("unknown sex", inst.parent), 0.0, ub), -1.0))
        model.row(terms, rhs, rhs, rtype)
        for source, (share, half) in sorted(known_shares.items()):
            if share >= 1 and half == 0:
                continue  # U = 0 above says it all
            delta = half + 2 * max(share_err[source], 0.0) + 1e-9
            # (share - delta)·T <= K + M <= (share + delta)·T
            for factor, lower, upper in ((share + delta, -math.inf, 0.0), (share - delta, 0.0, math.inf)):
                share_terms: list[tuple[int, float]] = []
                share_rhs = 0.0
                for member, coef in ((inst.children[0], 1.0), (inst.children[1], 1.0), (inst.parent, -factor)):
                    var, value = term(member)
                    if var is None:
                        share_rhs -= coef * value
                    else:
                        share_terms.append((var, coef))
                if share_terms:
                    model.row(share_terms, lower + share_rhs if lower > -math.inf else -math.inf,
                              upper + share_rhs if upper < math.inf else math.inf, f"sex share ({source})")
    share_text = ", ".join(f"{src} {'used' if src in usable else 'not used'} ({share_checked[src]} checked, "
                           f"max error beyond rounding {share_err[src]:.2g})" for src in sorted(share_checked))
    return (f"{rtype}: {'eq' if klass == 'eq' else 'ge, U ≥ 0'} ({counts}); U = 0 where K and M are 'ok': "
            f"{'used' if use_ok else 'not used'} ({ok_checked} checked, {ok_bad} contradict); "
            f"K + M = s·T from {share_text or 'no published share'}")


def audit_published(path: Path | str, threshold: int = 5, known_labels: Mapping[tuple, str] | None = None,
                    use_published_labels: bool = True) -> AuditReport:
    """Attack the published DuckDB file like a reader with an LP solver and report what leaks.

    `known_labels` maps cell keys (indicator_id, geo_level, geo_code, period_type, 'YYYY-MM-DD',
    sex) to 'primary' or 'secondary' (what a reader would know if the labels were published);
    `use_published_labels` also reads them from the artefact's `suppression` values and notes.
    """
    report, _bounds = _audit(path, threshold, known_labels, use_published_labels)
    return report


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m nara_vard.disclosure_audit PATH [--threshold N] [--labels]`: exit 1 on findings."""
    parser = argparse.ArgumentParser(prog="python -m nara_vard.disclosure_audit", description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="the published DuckDB file")
    parser.add_argument("--threshold", type=int, default=5, help="smallest publishable count (default 5)")
    parser.add_argument("--labels", action="store_true",
                        help="let the reader use published primary/secondary labels (suppression values, notes)")
    parser.add_argument("--verbose", action="store_true", help="also print the relation notes and every finding")
    args = parser.parse_args(argv)
    report = audit_published(args.path, threshold=args.threshold, use_published_labels=args.labels)
    print(report.summary())
    if args.verbose:
        for note in report.relation_notes:
            print("  note:", note)
        for f in report.findings:
            print(f"  {f.kind} {f.indicator_id} {f.geo_level} {f.geo_code} {f.period_type} {f.period_start} "
                  f"{f.sex} {f.column} [{f.lower}, {f.upper}] {f.detail}")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
