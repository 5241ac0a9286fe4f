"""Exports people open: Swedish Excel CSV files, one workbook and a data dictionary.

`nara-vard export` reads only the published artefact (`<published>/nara_vard.duckdb`, opened
read-only, never the build database, and `_published.json` beside it) and writes `<published>/export/`:

    indikatorvarden.csv            every indicator × geography × period × sex, with the 95 % interval
                                   (marts.rpt_export_indicator_values), rounded to the indicator's decimals
    indikatorvarden_oavrundade.csv the same rows unrounded (up to 10 decimals), for analysts
    oversikt.csv                   the published table's shape ("Utfall indikatorer", marts.rpt_indicator_overview
                                   and its cells), with the `*` marker, Riktning and Nivå in words, what Nivå
                                   compares with
    trend.csv                      Riktning, Nivå and whether the change is beyond noise, per cell and sex
                                   (marts.rpt_export_indicator_trend)
    kommunjamforelse.csv           municipalities against the region (marts.rpt_export_municipality_comparison)
    leveranser.csv                 delivery coverage (data_quality.rpt_export_delivery_coverage)
    anvandbarhet.csv               indicator usability (data_quality.rpt_export_indicator_usability)
    uppfoljningsbarhet.csv         the pilot study's questions (data_quality.rpt_export_followup_readiness)
    kvalitetsbetyg.csv             quality scores (data_quality.rpt_export_scorecard)
    nara_vard_indikatorer.xlsx     Översikt, one sheet per geography level, Om indikatorn, Teckenförklaring
    datakatalog.csv, datakatalog.md  the files, the legend, "Om indikatorn", every published table and column
    _export.json                   when, from which published version, licence, files and row counts

Every Swedish word for a code (geography level, period type, unit, quality flag, missing reason,
Riktning, Nivå, yes/no, licence, the synthetic-data notice, ...) comes from `marts.dim_label`, joined in
the SQL or read once per export: Python holds column headers and explanations of columns, never the
label of a code. The order of geography levels, period types and sexes is `dim_label.sort_order`.

Periods are Statistics Sweden's codes (`dim_period.period_code`: `2023`, `2022K1`, `2024M01`) in every
file and sheet; Excel and Calc keep them as they are (a year is read as the number 2023).

CSV files are for Swedish Excel: UTF-8 with BOM, `;` between fields, decimal comma, no thousands
separator, dates as YYYY-MM-DD. A value hidden by disclosure control is `..` (Värde, the interval,
Täljare and Nämnare; Röjandeskydd says `..` too, one symbol whatever hid the cell); any other missing
value is empty, and the column "Saknas därför" says why in dim_label's words. The overview (a table
shaped like the slide, one cell per period) prints dim_label's symbol in the cell instead (`..`, `.`,
`väntas`, `saknas`), and a value with a quality note keeps the report's `*` in the columns "Värden med *"
and "Anmärkning till *" (the workbook shows the `*` after the number through the cell's number format,
so the cell stays a number). Sex is Kolada's code in the column Kön: T, K, M.

Rounding: the files people read (every CSV but `indikatorvarden_oavrundade.csv`, and the workbook)
give values in the indicator's unit (value, interval, previous value, change, reference value) with
exactly `dim_indicator.display_decimals` decimals (DuckDB's `round`, as the published table), numerators
and denominators as whole numbers, shares 0–1 with 3 decimals, per 1 000 inhabitants with 1 decimal.
`indikatorvarden_oavrundade.csv` keeps full precision (up to 10 decimals, trailing zeros dropped).

Synthetic data: when `_published.json` says `synthetic_data: true` (the landing was written by the
generator), every CSV file and the workbook get the prefix `SYNTETISKA_DATA_` in their names, every CSV
starts with the column `Obs` holding the notice on every row (a first line of text would break every
machine reader, and a column both a Swedish Excel user and a BI tool read without fuss), every sheet of
the workbook starts with the notice in its first row and prints it in its page header, and
datakatalog.md and `_export.json` say it. On a real delivery none of this appears. The data licence and
the code licence (dim_label, domain `notice`) stand in the workbook's first row and legend, in
datakatalog.md and in `_export.json`.

The data dictionary takes its table and column descriptions from the comments of the published file
(publish writes the dbt descriptions there), so the export depends on the published artefact alone;
the dbt manifest (`--target-path`), when present, only adds each model's version and fills a
description the file lacks.

The export folder is replaced as a whole: everything is written into `<published>/.export.partial-<pid>`,
then the old `export/` is renamed away, the new one renamed in and the old one deleted. A reader
never sees a half-written `export/`; for the moment between the two renames there is no `export/`.
"""

from __future__ import annotations

import csv
import json
import math
import os
import re
import shutil
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from nara_vard.fileops import exclusive_lock, fsync_path
from nara_vard.paths import dbt_target_path, published_dir

PUBLISHED_DB = "nara_vard.duckdb"
PUBLISHED_META = "_published.json"
EXPORT_DIR = "export"
TMP_PREFIX = ".export.partial-"  # not `.tmp-`: `nara-vard publish` removes its own `.*.tmp-*` leftovers
OLD_PREFIX = ".export.old-"
LOCK_FILE = ".export.lock"
WORKBOOK = "nara_vard_indikatorer.xlsx"
META = "_export.json"
DICTIONARY_MD = "datakatalog.md"
DICTIONARY_CSV = "datakatalog.csv"
VALUES_CSV = "indikatorvarden.csv"
UNROUNDED_CSV = "indikatorvarden_oavrundade.csv"

#: file-name prefix of every CSV file and the workbook when the published figures are synthetic
SYNTHETIC_PREFIX = "SYNTETISKA_DATA_"
#: header of the column that carries the synthetic-data notice on every row of every CSV file
NOTICE_COLUMN = "Obs"

HIDDEN = ".."  # a value hidden by disclosure control, as Kolada and SCB print it
MAX_DECIMALS = 10  # the unrounded file
SHARE_DECIMALS = "3"  # shares 0–1 (coverage, known sex, quality scores, relative change)
COUNT_DECIMALS = "0"  # numerators and denominators
PER_1000_DECIMALS = "1"  # per 1 000 inhabitants, as rpt_municipality_comparison_v2.value_per_1000_sv

SHARE_FORMAT = "0.0%"
DATE_FORMAT = "yyyy-mm-dd"


class ExportError(Exception):
    """A problem the user can fix (nothing published yet, a table missing from the published file)."""


# --------------------------------------------------------------------------------------------------
# The Swedish words of the codes: data (marts.dim_label), read once per export


@dataclass(frozen=True)
class Label:
    code: str
    sort_order: int
    label: str
    long: str


class Labels:
    """marts.dim_label as domain -> code -> Label, in sort order."""

    def __init__(self, rows: Sequence[tuple[str, str, int, str, str]]) -> None:
        self.domains: dict[str, dict[str, Label]] = {}
        for domain, code, sort_order, label, long in sorted(rows, key=lambda r: (r[0], r[2] or 0, r[1])):
            self.domains.setdefault(domain, {})[code] = Label(code, sort_order, label, long or label)

    @classmethod
    def load(cls, con: Any) -> Labels:
        return cls(con.execute("select domain, code, sort_order, label_sv, label_long_sv from marts.dim_label"
                               ).fetchall())

    def domain(self, domain: str) -> list[Label]:
        return list(self.domains.get(domain, {}).values())

    def get(self, domain: str, code: str) -> Label:
        try:
            return self.domains[domain][code]
        except KeyError:
            raise ExportError(f"marts.dim_label has no label for {domain} = {code!r}; publish a current build"
                              ) from None

    def word(self, domain: str, code: str) -> str:
        return self.get(domain, code).label

    def long(self, domain: str, code: str) -> str:
        return self.get(domain, code).long


@dataclass(frozen=True)
class Context:
    """What every file of one export shares: the labels, whether the figures are synthetic, the licences."""

    labels: Labels
    synthetic: bool
    notice: str | None  # the short notice ("Syntetiska data – inte verkliga uppgifter") or None
    notice_long: str | None
    published_at: str | None

    @property
    def published_on(self) -> str:
        return (self.published_at or "")[:10] or "okänt datum"

    def file_name(self, name: str) -> str:
        """The name a data file gets: prefixed when the figures are synthetic."""
        return file_name(name, self.synthetic)


def file_name(name: str, synthetic: bool) -> str:
    """The name an export file has: every CSV file and the workbook get `SYNTETISKA_DATA_` in front when the
    published figures are synthetic (`_published.json`: `synthetic_data`). For pages that link to the files;
    `_export.json` lists the names as written."""
    return SYNTHETIC_PREFIX + name if synthetic and name.endswith((".csv", ".xlsx")) else name


def _context(con: Any, published_meta: dict[str, Any]) -> Context:
    labels = Labels.load(con)
    synthetic = published_meta.get("synthetic_data") is True
    notice = notice_long = None
    if synthetic:
        notice = published_meta.get("synthetic_data_notice") or labels.word("notice", "synthetic_data")
        notice_long = labels.long("notice", "synthetic_data")
    for code in ("data_licence", "code_licence"):
        labels.get("notice", code)  # fail early, with the reason, if the published file lacks them
    return Context(labels=labels, synthetic=synthetic, notice=notice, notice_long=notice_long,
                   published_at=published_meta.get("published_at"))


# --------------------------------------------------------------------------------------------------
# Values as Swedish Excel reads them


def sv_number(value: float | Decimal) -> str:
    """A number for Swedish Excel: decimal comma, no thousands separator.

    Integers stay integers (`2447`); a Decimal (a rounded value) keeps its decimals (`79,40`); other
    numbers are rounded to 10 decimals and trailing zeros dropped (`87,5`, `5,4460431655`).
    """
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number here: label it in the SQL (dim_label, domain yes_no)")
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(float(value)):
        raise ExportError(f"not a finite number: {value!r}")
    if isinstance(value, Decimal):
        text = format(value, "f")
    else:
        text = f"{value:.{MAX_DECIMALS}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    if re.fullmatch(r"-0(\.0*)?", text) or text == "":
        text = text.lstrip("-") or "0"
    return text.replace(".", ",")


def fixed(value: float, decimals: int) -> Decimal:
    """A value already rounded by DuckDB, as a Decimal with exactly `decimals` decimals (no `-0`)."""
    if not math.isfinite(float(value)):
        raise ExportError(f"not a finite number: {value!r}")
    out = Decimal(f"{value:.{max(0, int(decimals))}f}")
    return abs(out) if out == 0 else out


def csv_text(value: Any) -> str:
    """One CSV field: empty for missing, Swedish numbers, ISO dates, text as it is."""
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal)):  # a bool raises: its words are dim_label's
        return sv_number(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def xlsx_number_format(decimals: int | None, unit: str | None, marker: str = "") -> str:
    """Excel number format showing `decimals` decimals; procent values (87.5 = 87,5 %) get ' %'; `marker`
    (the report's `*`) is shown after the number while the cell stays a number."""
    decimals = 0 if decimals is None else max(0, int(decimals))
    code = "#,##0" + ("." + "0" * decimals if decimals else "")
    suffix = (" %" if unit == "procent" else "") + marker
    return code + (f'"{suffix}"' if suffix else "")


# --------------------------------------------------------------------------------------------------
# Tables: one select over the published file, Swedish headers, `..` where hidden, rounded


@dataclass(frozen=True)
class Col:
    """One exported column: its Swedish header, the SQL giving it, and how to show it."""

    header: str
    sql: str
    hide_when: str | None = None  # SQL condition under which the value is printed as `..`
    decimals: str | None = None  # SQL: decimals to round to in the rounded files (None: not rounded)
    unit_format: bool = False  # workbook: the indicator's format (its decimals, ' %' for procent)
    xlsx_format: str | None = None  # Excel number format (None: General)


@dataclass
class Table:
    """Rows ready to write: Python values (numbers, dates, text), `..` already in place."""

    headers: list[str]
    rows: list[list[Any]]
    extras: list[dict[str, Any]] = field(default_factory=list)
    cols: list[Col] = field(default_factory=list)


def select(con: Any, cols: Sequence[Col], from_sql: str, order_sql: str, rounded: bool = True,
           extras: dict[str, str] | None = None) -> Table:
    """Run one select and turn its rows into a `Table` (hidden values as `..`, rounded where asked)."""
    extras = extras or {}
    parts = []
    for i, c in enumerate(cols):
        parts.append(f"round({c.sql}, {c.decimals}) as c{i}" if rounded and c.decimals else f"{c.sql} as c{i}")
    hides = [(i, c.hide_when) for i, c in enumerate(cols) if c.hide_when]
    parts += [f"coalesce(({cond}), false) as h{i}" for i, cond in hides]
    rounds = [(i, c.decimals) for i, c in enumerate(cols) if rounded and c.decimals]
    parts += [f"{d} as d{i}" for i, d in rounds]
    parts += [f"{sql} as x_{name}" for name, sql in extras.items()]
    query = f"select {', '.join(parts)} from {from_sql} order by {order_sql}"
    try:
        result = con.execute(query).fetchall()
    except Exception as error:  # a column or table the published file lacks: say which query
        raise ExportError(f"query on the published file failed: {error}\n{query}") from error
    n, h, r = len(cols), len(hides), len(rounds)
    table = Table(headers=[c.header for c in cols], rows=[], cols=list(cols))
    for record in result:
        row = list(record[:n])
        for j, (i, _) in enumerate(rounds):
            decimals = record[n + h + j]
            if row[i] is not None and decimals is not None and not isinstance(row[i], bool):
                row[i] = fixed(row[i], decimals)
        for j, (i, _) in enumerate(hides):
            if record[n + j]:
                row[i] = HIDDEN
        table.rows.append(row)
        table.extras.append(dict(zip(extras, record[n + h + r:], strict=True)))
    return table


# Every export file but the overview, the workbook's text sheets and the data dictionary is a public dbt model
# (`rpt_export_*`: models/marts/exports, models/data_quality/exports) given whole: its rows, their order keys and
# the Swedish words of its codes are the model's. Python heads the printed columns with their words (dim_label,
# domain `export_column`, one word per column name, in the model's column order), rounds, prints `..` where the
# model says a figure is hidden, leaves out the code and order columns and writes the file.


@dataclass(frozen=True)
class ExportModel:
    """How one export file is written from its public dbt model: formatting only."""

    relation: str  # schema.table of the published model
    order: tuple[str, ...]  # the model's columns the rows are sorted by
    not_printed: frozenset[str] = frozenset()  # the model's code and order columns (in `Table.extras`)
    decimals: dict[str, str] = field(default_factory=dict)  # column -> decimals: a number or a model column
    hidden_by: dict[str, tuple[str, ...]] = field(default_factory=dict)  # `..` where one of these is not null
    header_words: dict[str, tuple[str, str]] = field(default_factory=dict)  # column -> other dim_label word
    xlsx_formats: dict[str, str] = field(default_factory=dict)
    unit_format: frozenset[str] = frozenset()  # workbook: the indicator's format (its decimals, ' %')


def header(labels: Labels, column: str) -> str:
    """The Swedish header of an export column (dim_label, domain `export_column`)."""
    return labels.word("export_column", column)


def model_export(con: Any, spec: ExportModel, rounded: bool = True) -> Table:
    """Every row of an export model, each printed column headed by its Swedish word (rounded where the spec
    says, unless `rounded` is false). A printed column without a header word stops the export instead of
    printing an English name; so does a spec naming a column the model lacks."""
    schema, table = spec.relation.split(".")
    columns = [c for (c,) in con.execute(
        "select column_name from information_schema.columns where table_schema = ? and table_name = ? "
        "order by ordinal_position", [schema, table]).fetchall()]
    named = {o.split()[0] for o in spec.order} | spec.not_printed | set(spec.decimals) | set(spec.hidden_by)
    named |= spec.unit_format
    named |= {c for cs in spec.hidden_by.values() for c in cs} | set(spec.header_words) | set(spec.xlsx_formats)
    named |= {d for d in spec.decimals.values() if not d.isdigit()}
    unknown = sorted(named - set(columns))
    if unknown:
        raise ExportError(f"{spec.relation} has no column {', '.join(unknown)}; publish a current build")
    labels = Labels.load(con)

    def col(name: str) -> Col:
        domain, code = spec.header_words.get(name, ("export_column", name))
        decimals = spec.decimals.get(name)
        hidden = " or ".join(f"e.{h} is not null" for h in spec.hidden_by.get(name, ()))
        return Col(labels.word(domain, code), f"e.{name}", hidden or None,
                   None if decimals is None else decimals if decimals.isdigit() else f"e.{decimals}",
                   name in spec.unit_format, spec.xlsx_formats.get(name))

    return select(con, [col(c) for c in columns if c not in spec.not_printed], f"{spec.relation} e",
                  ", ".join(f"e.{c}" for c in spec.order), rounded=rounded,
                  extras={c: f"e.{c}" for c in columns if c in spec.not_printed})


_CELL_ORDER = ("display_order", "geo_level_sort_order", "geo_level", "geo_name_sv", "geo_code",
               "period_type_sort_order", "period_start")
_FIGURE = "display_decimals"  # the indicator's decimals, a column of the models with indicator values

INDICATOR_VALUES = ExportModel(
    "marts.rpt_export_indicator_values", (*_CELL_ORDER, "sex_sort_order", "sex"),
    frozenset({"geo_level", "period_type", "unit", "display_decimals", "display_order", "geo_level_sort_order",
               "period_type_sort_order", "sex_sort_order"}),
    decimals={"value": _FIGURE, "ci_lower": _FIGURE, "ci_upper": _FIGURE, "numerator": COUNT_DECIMALS,
              "denominator": COUNT_DECIMALS, "coverage_share": SHARE_DECIMALS, "sex_known_share": SHARE_DECIMALS},
    hidden_by=dict.fromkeys(("value", "ci_lower", "ci_upper", "numerator", "denominator"), ("suppression",)),
    xlsx_formats={"period_start": DATE_FORMAT, "period_end": DATE_FORMAT, "coverage_share": SHARE_FORMAT,
                  "sex_known_share": SHARE_FORMAT},
    unit_format=frozenset({"value", "ci_lower", "ci_upper"}))

INDICATOR_TREND = ExportModel(
    "marts.rpt_export_indicator_trend", (*_CELL_ORDER, "sex_sort_order", "sex"),
    frozenset({"previous_period_start", "previous_suppression", "geo_level", "period_type", "display_decimals",
               "display_order", "geo_level_sort_order", "period_type_sort_order", "sex_sort_order"}),
    decimals={"value": _FIGURE, "previous_value": _FIGURE, "change_absolute": _FIGURE,
              "change_relative": SHARE_DECIMALS, "target_value": _FIGURE},
    hidden_by={"value": ("suppression",), "previous_value": ("previous_suppression",),
               "change_absolute": ("suppression", "previous_suppression"),
               "change_relative": ("suppression", "previous_suppression")})

MUNICIPALITY_COMPARISON = ExportModel(
    "marts.rpt_export_municipality_comparison",
    ("display_order", "geo_level_sort_order", "geo_level", "kommunalforbund_name_sv", "geo_name_sv", "geo_code",
     "period_type_sort_order", "period_start"),
    frozenset({"geo_level", "period_type", "display_decimals", "display_order", "geo_level_sort_order",
               "period_type_sort_order"}),
    decimals={"value": _FIGURE, "ci_lower": _FIGURE, "ci_upper": _FIGURE, "value_per_1000": PER_1000_DECIMALS,
              "region_value": _FIGURE},
    hidden_by=dict.fromkeys(("value", "ci_lower", "ci_upper", "value_per_1000"), ("suppression",)))

DELIVERY_COVERAGE = ExportModel("data_quality.rpt_export_delivery_coverage", ("source", "org_code", "period_start"))

INDICATOR_USABILITY = ExportModel(
    "data_quality.rpt_export_indicator_usability", _CELL_ORDER,
    frozenset({"geo_level", "period_type", "display_order", "geo_level_sort_order", "period_type_sort_order"}),
    decimals={"coverage_share": SHARE_DECIMALS})

FOLLOWUP_READINESS = ExportModel("data_quality.rpt_export_followup_readiness", ("question_order", "indicator_id"),
                                 decimals={"mean_coverage_share": SHARE_DECIMALS})

_DIMENSIONS = ("completeness", "timeliness", "validity", "uniqueness", "consistency")
SCORECARD = ExportModel(
    "data_quality.rpt_export_scorecard",
    ("rollup_level_sort_order desc", "rollup_level", "source", "org_code", "period_start"),
    frozenset({"rollup_level", "rollup_level_sort_order"}),
    decimals={f"{d}_score": SHARE_DECIMALS for d in (*_DIMENSIONS, "overall")},
    # each quality dimension's score is headed by the dimension's word (dim_label, domain dq_dimension)
    header_words={f"{d}_score": ("dq_dimension", d) for d in _DIMENSIONS})


OVERVIEW_CSV = "oversikt.csv"
#: the CSV files written whole from their model by `model_export`
MODEL_FILES = {"trend.csv": INDICATOR_TREND, "kommunjamforelse.csv": MUNICIPALITY_COMPARISON,
               "leveranser.csv": DELIVERY_COVERAGE, "anvandbarhet.csv": INDICATOR_USABILITY,
               "uppfoljningsbarhet.csv": FOLLOWUP_READINESS, "kvalitetsbetyg.csv": SCORECARD}


def for_workbook(values: Table) -> Table:
    """The indicator values for the leaders' sheets: without the indicator's code name (Indikator-id)."""
    drop = next(j for j, c in enumerate(values.cols) if c.sql == "e.indicator_id")
    keep = [j for j in range(len(values.headers)) if j != drop]
    return Table(headers=[values.headers[j] for j in keep], rows=[[row[j] for j in keep] for row in values.rows],
                 extras=values.extras, cols=[values.cols[j] for j in keep])


# --------------------------------------------------------------------------------------------------
# The overview: the published table's shape, one row per indicator, the region's totals


@dataclass(frozen=True)
class OverviewPeriod:
    column: str  # the column of rpt_indicator_overview (`q1_2022`, `jan_24`)
    period_type: str
    period_start: date
    code: str  # dim_period.period_code (`2022K1`, `2024M01`)


OVERVIEW_MODEL = "marts.rpt_export_overview"


def overview_periods(con: Any) -> list[OverviewPeriod]:
    """The report periods of the overview, in its order, with their SCB codes."""
    rows = con.execute(f"""
        select distinct column_order, column_name, period_type, period_start, period_code
        from {OVERVIEW_MODEL} order by column_order""").fetchall()
    periods = [OverviewPeriod(column, ptype, start, code) for _, column, ptype, start, code in rows]
    if len({p.column for p in periods}) != len(periods) or any(p.code is None for p in periods):
        raise ExportError(f"{OVERVIEW_MODEL}: a report column has no single period of dim_period")
    return periods


@dataclass
class OverviewRow:
    display_order: int
    indicator_id: str
    name: str
    unit: str
    unit_sv: str
    decimals: int
    cells: list[Any]  # a Decimal, a symbol (`..`, `.`, `väntas`, `saknas`) or None, per period
    marked: set[int]  # the periods (indices) whose value carries the `*`
    tail: list[Any]  # Riktning, its words, Nivå, its words, the judged period, what Nivå compares with
    marked_codes: str | None  # the `*` periods
    marked_notes: str | None  # the `*` periods with their notes


#: the overview's columns after the periods, before the `*` columns: one value per indicator
OVERVIEW_TAIL = ("riktning", "riktning_sv", "niva", "niva_sv", "judged_period_code", "reference_label_sv")


def overview_rows(con: Any, periods: list[OverviewPeriod]) -> list[OverviewRow]:
    """The overview's rows: one per indicator of rpt_export_overview, its cells laid out in the periods' order,
    values rounded to the indicator's decimals, the missing symbols in place."""
    index = {p.column: j for j, p in enumerate(periods)}
    out: dict[str, OverviewRow] = {}
    for (order, indicator_id, name, unit, unit_sv, decimals, column, value, suppression, symbol, marked,
         codes, notes, *tail) in con.execute(f"""
            select display_order, indicator_id, indicator_label_sv, unit, unit_sv, display_decimals, column_name,
                   round(value, display_decimals), suppression, missing_symbol, is_marked,
                   marked_period_codes, marked_notes_sv, {', '.join(OVERVIEW_TAIL)}
            from {OVERVIEW_MODEL} order by display_order, indicator_id, column_order""").fetchall():
        row = out.get(indicator_id)
        if row is None:
            row = out[indicator_id] = OverviewRow(order, indicator_id, name, unit, unit_sv, decimals,
                                                  [None] * len(periods), set(), tail, codes, notes)
        j = index[column]
        if suppression is not None:
            row.cells[j] = HIDDEN
        elif value is not None:
            row.cells[j] = fixed(value, decimals)
            if marked:
                row.marked.add(j)
        else:
            row.cells[j] = symbol
    return list(out.values())


def overview_csv_table(rows: list[OverviewRow], periods: list[OverviewPeriod], labels: Labels) -> Table:
    """oversikt.csv: the published table, values rounded as it rounds them, `*` in two columns of its own."""
    head = ("display_order", "indicator_id", "indicator_label_sv", "unit_sv")
    tail = (*OVERVIEW_TAIL, "marked_period_codes", "marked_notes_sv")
    headers = [*(header(labels, c) for c in head), *(p.code for p in periods), *(header(labels, c) for c in tail)]
    return Table(headers=headers, rows=[[r.display_order, r.indicator_id, r.name, r.unit_sv, *r.cells, *r.tail,
                                         r.marked_codes, r.marked_notes] for r in rows])


def overview_sheet_table(rows: list[OverviewRow], periods: list[OverviewPeriod], labels: Labels) -> Table:
    """Översikt: the same, values as numbers whose format shows the decimals (and the `*`)."""
    headers = [header(labels, "indicator_label_sv"), header(labels, "unit_sv"), *(p.code for p in periods),
               *(header(labels, c) for c in (*OVERVIEW_TAIL, "marked_notes_sv"))]
    table = Table(headers=headers, rows=[])
    for r in rows:
        values = [float(v) if isinstance(v, Decimal) else v for v in r.cells]
        formats = {2 + j: xlsx_number_format(r.decimals, r.unit, "*" if j in r.marked else "")
                   for j, v in enumerate(r.cells) if isinstance(v, Decimal)}
        table.rows.append([r.name, r.unit_sv, *values, *r.tail, r.marked_notes])
        table.extras.append({"formats": formats})
    return table


# --------------------------------------------------------------------------------------------------
# Om indikatorn: the catalogue's Swedish texts (dim_indicator), one block per indicator


ABOUT_MODEL = "marts.rpt_export_indicator_about"


def about_indicators(con: Any) -> list[tuple[str, list[tuple[str, str]]]]:
    """[(indicator name, [(heading, text), ...])] in display order (rpt_export_indicator_about)."""
    out: dict[str, tuple[str, list[tuple[str, str]]]] = {}
    for indicator_id, name, heading, text in con.execute(f"""
            select indicator_id, indicator_name_sv, heading_sv, text_sv from {ABOUT_MODEL}
            order by display_order, indicator_id, field_order""").fetchall():
        out.setdefault(indicator_id, (name, []))[1].append((heading, text))
    return list(out.values())


# --------------------------------------------------------------------------------------------------
# Teckenförklaring: symbols and words, all from dim_label; shared by the workbook and datakatalog.md


class _NoteWords(dict[str, str]):
    """The words a column note may name: `{sexes}`, `{yes}`, `{no}`, `{hidden}`, `{significant}`,
    `{not_significant}`, or any export column by its code (`{ci_lower}`: its header in the files)."""

    def __init__(self, lab: Labels) -> None:
        super().__init__(
            sexes="; ".join(f"{s.code} = {s.long}" for s in lab.domain("sex")), hidden=HIDDEN,
            yes=lab.word("yes_no", "true"), no=lab.word("yes_no", "false"),
            significant=lab.long("significance", "true"), not_significant=lab.long("significance", "false"))
        self.lab = lab

    def __missing__(self, column: str) -> str:
        return header(self.lab, column)


def _column_notes(ctx: Context) -> list[tuple[str, str]]:
    """The exported columns that need more words than their header: dim_label's domain `export_column_note`
    (the explanation, with the words it names filled in), each headed by the column's header."""
    lab = ctx.labels
    words = _NoteWords(lab)
    return [(header(lab, note.code), note.long.format_map(words)) for note in lab.domain("export_column_note")]


Section = tuple[str, str, list[tuple[str, str]]]  # (heading, what it explains, [(symbol or term, meaning)])


def legend_sections(ctx: Context, periods_by_type: list[tuple[str, str]]) -> list[Section]:
    """[(heading, what it explains, [(symbol or term, meaning)])]; `periods_by_type`: (period_type, an example
    code) in dim_label's order."""
    lab = ctx.labels
    sections: list[Section] = []
    if ctx.synthetic:
        sections.append(("Syntetiska data", "", [(NOTICE_COLUMN, ctx.notice_long or "")]))
    symbols: dict[str, list[str]] = {}
    for item in lab.domain("missing_reason"):
        symbols.setdefault(item.label, []).append(item.long)
    sections.append(("Symboler", "I värdekolumnerna", [
        *((symbol, "; ".join(meanings)) for symbol, meanings in symbols.items()),
        ("(tomt)", "I filerna med en rad per värde är ett saknat värde tomt (utom det dolda, "
                   f"{lab.word('missing_reason', 'hidden')}); kolumnen Saknas därför säger varför med orden ovan. "
                   "I översikten står symbolen i cellen."),
        ("0", "Noll: ingen, inget är dolt."),
        ("*", "Värdet har en kvalitetsanmärkning (till exempel att alla leveranser inte har kommit), som i "
              "rapporten; anmärkningen står i kolumnen Anmärkning till *."),
    ]))
    sections.append((header(lab, "riktning"),
                     "Jämfört med samma period ett år tidigare, i förhållande till önskad riktning", [
        *((item.code, item.long) for item in lab.domain("riktning")),
        ("≈", f"I rapporten, vid pilen: {lab.long('significance', 'false')}"),
    ]))
    niva = []
    for kind in lab.domain("reference_kind"):
        for item in lab.domain(f"niva_{kind.code}"):
            niva.append((f"{item.code} ({kind.label})", item.long))
    sections.append((header(lab, "niva"), "Jämfört med indikatorns beslutade mål eller, där inget mål finns, ett "
                                          "källbelagt jämförelsevärde (kolumnen Jämförs med)", niva))
    sections.append((header(lab, "quality_flag_sv"), "Kolumnen Kvalitet",
                     [(item.label, item.long) for item in lab.domain("quality_flag")]))
    sections.append((lab.word("about_field", "period_logic"),
                     "Kolumnen Period och periodernas rubriker, som SCB skriver dem", [
        (code, lab.long("period_type", ptype)) for ptype, code in periods_by_type]))
    sections.append(("Kolumner", "Kolumner som behöver en förklaring", _column_notes(ctx)))
    sections.append(("Avrundning", "", [
        ("Värden", "Värde, konfidensintervall, föregående värde, förändring och referensvärde har så många "
                   "decimaler som indikatorn redovisas med (se Om indikatorn); täljare och nämnare är hela tal, "
                   "andelar 0–1 har tre decimaler, per 1 000 invånare en decimal. Procent är tal "
                   "(87,5 = 87,5 %)."),
        ("Oavrundat", f"Filen {ctx.file_name(UNROUNDED_CSV)} har samma rader som "
                      f"{ctx.file_name(VALUES_CSV)} med full precision, för analytiker."),
    ]))
    sections.append(("Licens", "", [
        ("Data", lab.long("notice", "data_licence")),
        ("Programkod", lab.long("notice", "code_licence")),
    ]))
    sections.append((header(ctx.labels, "source"), "", [
        ("Publicerad", ctx.published_on),
        ("Datakatalog", f"Filerna, tabellerna och kolumnerna beskrivs i {DICTIONARY_MD}."),
    ]))
    return sections


def _period_examples(con: Any) -> list[tuple[str, str]]:
    return con.execute("""
        select p.period_type, min(p.period_code)
        from marts.dim_period p
        left join marts.dim_label l on l.domain = 'period_type' and l.code = p.period_type
        group by p.period_type, l.sort_order order by l.sort_order""").fetchall()


# --------------------------------------------------------------------------------------------------
# Writers


def write_csv(path: Path, table: Table, notice: str | None = None) -> int:
    """Swedish Excel CSV: UTF-8 with BOM, `;`, CRLF line ends; with `notice` (synthetic figures) the first
    column `Obs` holds it on every row. Returns the number of data rows."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", quotechar='"', quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        lead = [notice] if notice else []
        writer.writerow([NOTICE_COLUMN] * bool(notice) + table.headers)
        for row in table.rows:
            writer.writerow(lead + [csv_text(v) for v in row])
    return len(table.rows)


def _width(values: Iterator[Any], header: str) -> float:
    longest = len(header)
    for value in values:
        if value is None:
            continue
        text = value.isoformat() if isinstance(value, date) else (f"{value:.2f}" if isinstance(value, float)
                                                                  else str(value))
        longest = max(longest, len(text))
    return min(max(longest + 2, 8), 60)


_FORMATS: WeakKeyDictionary[Any, dict[tuple[tuple[str, Any], ...], Any]] = WeakKeyDictionary()


def _format(wb: Any, **props: Any) -> Any:
    """The workbook's one XlsxWriter format for these properties (made once: a format per cell is slow)."""
    cache = _FORMATS.setdefault(wb, {})
    key = tuple(sorted(props.items()))
    fmt = cache.get(key)
    if fmt is None:
        fmt = cache[key] = wb.add_format(props)
    return fmt


def _xlsx_width(width: float) -> float:
    """XlsxWriter takes the width Excel's dialog shows and stores it with the cell padding added (10 is
    stored as 10.71); this gives back the stored width `width`, as openpyxl wrote it before."""
    return max(width - 5 / 7, 0)


def _header_text(text: str) -> str:
    """Text for a page header or footer: `&` starts a code there (`&P`, `&C`, ...), so it is doubled."""
    return text.replace("&", "&&")


def _text_cell(ws: Any, row: int, col: int, value: str, fmt: Any = None) -> None:
    """Text written as text even when it starts with `=` (write_string never makes a formula)."""
    ws.write_string(row, col, value, fmt)


def _sheet_setup(ws: Any, ctx: Context, landscape: bool) -> None:
    """Printed pages: landscape as wide as the sheet (data sheets), the synthetic notice in the page header,
    the licence and page numbers in the footer. (The title and header rows on every page: the callers.)"""
    if landscape:
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
    if ctx.notice:
        ws.set_header('&C&"Calibri,Bold"' + _header_text(ctx.notice))
    ws.set_footer("&L" + _header_text(ctx.labels.word("notice", "data_licence")) + "&RSida &P av &N")


def _title_row(wb: Any, ws: Any, ctx: Context, title: str) -> None:
    """Row 1 of every sheet: the synthetic notice first (in red) when the figures are synthetic, the sheet's
    title, the publication date and the data licence."""
    text = f"{title}. Publicerad {ctx.published_on}. {ctx.labels.word('notice', 'data_licence')}."
    if ctx.notice:
        text = f"{ctx.notice.upper()}. {text}"
        fmt = _format(wb, bold=True, font_size=12, font_color="#C00000")
    else:
        fmt = _format(wb, bold=True, font_size=12)
    _text_cell(ws, 0, 0, text, fmt)


def _data_sheet(wb: Any, ctx: Context, title: str, sheet_title: str, table: Table,
                formats: Callable[[int, dict[str, Any]], str | None] | None = None, landscape: bool = False,
                centered: Sequence[str] = (), symbols: frozenset[str] = frozenset({HIDDEN})) -> None:
    """A sheet: the title row, one header row (bold, frozen with the title, autofilter), numbers as numbers,
    symbols (`..`, `.`, `väntas`, `saknas`) right-aligned as text. Rows are written in order (the workbook
    may be in XlsxWriter's constant_memory mode)."""
    ws = wb.add_worksheet(title)
    _sheet_setup(ws, ctx, landscape)
    ncols = len(table.headers)
    for j, header in enumerate(table.headers):
        ws.set_column(j, j, _xlsx_width(_width((r[j] for r in table.rows), header)))
    ws.freeze_panes(2, 0)  # A3
    ws.repeat_rows(0, 1)
    ws.autofilter(1, 0, len(table.rows) + 1, ncols - 1)
    _title_row(wb, ws, ctx, sheet_title)
    bold = _format(wb, bold=True)
    for j, header in enumerate(table.headers):
        _text_cell(ws, 1, j, header, bold)
    right, center = _format(wb, align="right"), _format(wb, align="center")
    number_formats: dict[str, Any] = {}

    def number_format(code: str) -> Any:
        fmt = number_formats.get(code)
        if fmt is None:
            fmt = number_formats[code] = _format(wb, num_format=code)
        return fmt

    col_formats = [c.xlsx_format for c in table.cols] if table.cols else [None] * ncols
    centered_cols = [header in centered for header in table.headers]
    write_string, write_number, write_datetime = ws.write_string, ws.write_number, ws.write_datetime
    write_boolean, write_blank = ws.write_boolean, ws.write_blank
    for i, (row, extra) in enumerate(zip(table.rows, table.extras or [{}] * len(table.rows), strict=True), 2):
        for j, value in enumerate(row):
            if value is None:
                if centered_cols[j]:
                    write_blank(i, j, None, center)
                continue
            if isinstance(value, str) and value in symbols:
                write_string(i, j, value, right)
                continue
            code = (formats(j, extra) if formats else None) or col_formats[j]
            if code is None and isinstance(value, date):
                code = DATE_FORMAT
            fmt = number_format(code) if code is not None else (center if centered_cols[j] else None)
            if isinstance(value, str):
                write_string(i, j, value, fmt)  # text, never a formula, even when it starts with `=`
            elif isinstance(value, bool):
                write_boolean(i, j, value, fmt)
            elif isinstance(value, (int, float, Decimal)):
                write_number(i, j, float(value) if isinstance(value, Decimal) else value, fmt)
            elif isinstance(value, date):
                write_datetime(i, j, value, fmt)
            else:
                write_string(i, j, str(value), fmt)


def _text_sheet(wb: Any, ctx: Context, title: str, sheet_title: str,
                blocks: list[Section], widths: tuple[int, int] = (26, 110)) -> None:
    """A sheet of headed blocks of (term, text) rows: Om indikatorn and Teckenförklaring. Texts wrap."""
    ws = wb.add_worksheet(title)
    _sheet_setup(ws, ctx, landscape=False)
    ws.repeat_rows(0)
    ws.set_column(0, 0, _xlsx_width(widths[0]))
    ws.set_column(1, 1, _xlsx_width(widths[1]))
    _title_row(wb, ws, ctx, sheet_title)
    heading = _format(wb, bold=True, font_size=12)
    about_fmt = _format(wb, bold=True, valign="top", text_wrap=True)
    term_fmt = _format(wb, bold=True, valign="top")
    text_fmt = _format(wb, valign="top", text_wrap=True)
    i = 1
    for block, about, rows in blocks:
        i += 1  # an empty row before each block
        _text_cell(ws, i, 0, block, heading)
        if about:
            _text_cell(ws, i, 1, about, about_fmt)
        i += 1
        for term, text in rows:
            _text_cell(ws, i, 0, term, term_fmt)
            _text_cell(ws, i, 1, text, text_fmt)
            i += 1


def write_workbook(path: Path, con: Any, ctx: Context, overview: Table, values: Table,
                   legend: list[Section],
                   about: list[tuple[str, list[tuple[str, str]]]], progress: Callable[[str], None]) -> dict[str, int]:
    """nara_vard_indikatorer.xlsx: Översikt, one sheet per geography level with rows, Om indikatorn,
    Teckenförklaring. Every sheet starts with a title row (the synthetic notice first, where it applies).
    Written with XlsxWriter in constant_memory mode: each sheet's rows go to disk as they are written."""
    from xlsxwriter import Workbook  # type: ignore[import-untyped]  # XlsxWriter ships no types

    wb = Workbook(str(path), {"constant_memory": True})
    symbols = frozenset({HIDDEN, *(item.label for item in ctx.labels.domain("missing_reason"))})
    sheets: dict[str, int] = {}
    centered = (header(ctx.labels, "riktning"), header(ctx.labels, "niva"))
    _data_sheet(wb, ctx, "Översikt", "Översikt: indikatorerna för hela regionen, totalt", overview,
                lambda j, x: x["formats"].get(j), landscape=True, centered=centered, symbols=symbols)
    sheets["Översikt"] = len(overview.rows)
    unit_cols = {j for j, c in enumerate(values.cols) if c.unit_format}
    level_sv = next(j for j, c in enumerate(values.cols) if c.sql == "e.geo_level_sv")
    by_level: dict[str, Table] = {}
    names: dict[str, str] = {}
    order: dict[str, tuple[int, str]] = {}
    for row, extra in zip(values.rows, values.extras, strict=True):
        level = extra["geo_level"]
        names[level] = row[level_sv]
        order[level] = (extra["geo_level_sort_order"] if extra["geo_level_sort_order"] is not None else 1 << 30,
                        level)
        table = by_level.setdefault(level, Table(headers=values.headers, rows=[], cols=values.cols))
        table.rows.append(row)
        table.extras.append(extra)
    for level in sorted(by_level, key=order.__getitem__):  # dim_label's order of the levels
        table = by_level[level]
        title = re.sub(r"[\\/*?:\[\]]", " ", names[level])[:31]
        _data_sheet(wb, ctx, title, f"{title}: indikatorvärden per geografi, period och kön", table,
                    lambda j, x: xlsx_number_format(x["display_decimals"], x["unit"]) if j in unit_cols else None)
        sheets[title] = len(table.rows)
        progress(f"  {path.name}: sheet {title} ({len(table.rows)} rows)")
    _text_sheet(wb, ctx, "Om indikatorn", "Om indikatorn: definitioner, källor och begränsningar",
                [(name, "", fields) for name, fields in about])
    sheets["Om indikatorn"] = len(about)
    _text_sheet(wb, ctx, "Teckenförklaring", "Teckenförklaring", legend)
    sheets["Teckenförklaring"] = 0
    wb.close()
    return sheets


# --------------------------------------------------------------------------------------------------
# Data dictionary


SHARE = "andel 0–1"
#: the export models whose figures are those of a mart model (their units are that model's)
EXPORT_OF = {"rpt_export_indicator_values": "fct_indicator_values",
             "rpt_export_indicator_trend": "fct_indicator_trend",
             "rpt_export_municipality_comparison": "rpt_municipality_comparison"}


def _column_units(labels: Labels) -> dict[tuple[str | None, str], str]:
    """Units of published columns; the words of coded units and codes come from dim_label."""
    units = ", ".join(item.label for item in labels.domain("unit"))
    value_unit = f"indikatorns enhet (dim_indicator.unit: {units})"
    sexes = ", ".join(f"{item.code} {item.label.lower()}" for item in labels.domain("sex"))
    yes, no = labels.word("yes_no", "true"), labels.word("yes_no", "false")
    periods = labels.word("about_field", "period_logic").lower()
    return {
        ("fct_indicator_values", "value"): value_unit,
        ("fct_indicator_values", "numerator"): "beror på indikatorn (dim_indicator.numerator_sv)",
        ("fct_indicator_values", "denominator"): "beror på indikatorn (dim_indicator.denominator_sv)",
        ("fct_indicator_values", "base_count"): "tas inte längre med (alltid tom; röjandeskydd)",
        ("fct_indicator_trend", "value"): value_unit,
        ("fct_indicator_trend", "previous_value"): value_unit,
        ("fct_indicator_trend", "change_absolute"): value_unit,
        ("fct_indicator_trend", "change_relative"): "andel (0,05 = 5 %)",
        ("fct_indicator_trend", "target_value"): value_unit,
        ("fct_indicator_values", "ci_lower"): value_unit,
        ("fct_indicator_values", "ci_upper"): value_unit,
        ("fct_indicator_values", "sex_known_share"): SHARE,
        ("rpt_indicator_overview_cells", "ci_lower"): value_unit,
        ("rpt_indicator_overview_cells", "ci_upper"): value_unit,
        ("rpt_indicator_series", "ci_lower"): value_unit,
        ("rpt_indicator_series", "ci_upper"): value_unit,
        ("rpt_municipality_comparison", "value"): value_unit,
        ("rpt_municipality_comparison", "ci_lower"): value_unit,
        ("rpt_municipality_comparison", "ci_upper"): value_unit,
        ("rpt_municipality_comparison", "region_value"): value_unit,
        ("rpt_municipality_comparison", "value_per_1000"): labels.word("unit", "per_1000"),
        ("rpt_municipality_comparison", "population"): header(labels, "population").lower(),
        (None, "sex"): f"kod: {sexes}",
        (None, "change_is_significant"): f"{yes}/{no}, tom = inte testad (test på 5 %-nivån)",
        ("dim_indicator", "target_value"): "indikatorns enhet (kolumnen unit)",
        ("dim_indicator", "reference_value"): "indikatorns enhet (kolumnen unit)",
        (None, "display_decimals"): "decimaler",
        (None, "coverage_share"): SHARE,
        (None, "mean_coverage_share"): SHARE,
        (None, "completeness_score"): SHARE,
        (None, "timeliness_score"): SHARE,
        (None, "validity_score"): SHARE,
        (None, "uniqueness_score"): SHARE,
        (None, "consistency_score"): SHARE,
        (None, "overall_score"): SHARE,
        (None, "days_late"): "dagar",
        (None, "rows_delivered"): "rader",
        (None, "file_count"): "filer",
        (None, "periods_expected"): periods,
        (None, "periods_usable"): periods,
        (None, "periods_incomplete"): periods,
        (None, "periods_missing"): periods,
        (None, "municipalities_with_value"): "kommuner",
    }


def _one_line(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def dictionary(con: Any, manifest: dict[str, Any] | None, labels: Labels,
               overview_columns: set[str]) -> tuple[list[dict[str, Any]], list[str]]:
    """Every published table and column: descriptions from the file's comments, the manifest for the rest.

    Returns (tables, notes); each table is {schema, table, version, rows, description, columns: [...]}.
    """
    units = _column_units(labels)
    models: dict[tuple[str, str], dict[str, Any]] = {}
    for node in (manifest or {}).get("nodes", {}).values():
        if node.get("resource_type") == "model" and node.get("access") == "public":
            models[(node["schema"], node.get("alias") or node["name"])] = node
    tables = []
    for schema, table, comment in con.execute("""
            select schema_name, table_name, comment from duckdb_tables()
            where database_name = current_database() and not internal order by schema_name, table_name""").fetchall():
        node = models.get((schema, table), {})
        node_columns = node.get("columns") or {}
        columns = []
        for name, data_type, col_comment in con.execute("""
                select column_name, data_type, comment from duckdb_columns()
                where database_name = current_database() and schema_name = ? and table_name = ?
                order by column_index""", [schema, table]).fetchall():
            # a model's versions (fct_indicator_values_v2) share their columns' units, and so does its export
            model = re.sub(r"_v\d+$", "", table)
            model = EXPORT_OF.get(model, model)
            unit = units.get((model, name)) or units.get((None, name), "")
            if table == "rpt_indicator_overview" and name in overview_columns:
                unit = "text, indikatorns enhet (kolumnen unit)"
            description = col_comment or (node_columns.get(name) or {}).get("description") or ""
            columns.append({"column": name, "data_type": data_type, "unit": unit,
                            "description": _one_line(description)})
        rows = con.execute(f"select count(*) from {_q(schema)}.{_q(table)}").fetchone()[0]
        version = node.get("version")
        tables.append({"schema": schema, "table": table, "version": None if version is None else f"v{version}",
                       "rows": rows, "description": (comment or node.get("description") or "").strip(),
                       "columns": columns})
    notes = []
    if manifest is None:
        notes.append("no dbt manifest: descriptions from the published file only, no model versions")
    else:
        published = {(t["schema"], t["table"]) for t in tables}
        missing = sorted(f"{s}.{t}" for s, t in set(models) - published)
        if missing:
            notes.append("public in the dbt manifest but not in the published file (published before they "
                         f"became public? run `nara-vard publish`): {', '.join(missing)}")
    return tables, notes


def _q(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def dictionary_table(tables: list[dict[str, Any]], labels: Labels) -> Table:
    """datakatalog.csv: a row per table (Kolumn empty) followed by a row per column."""
    headers = ["Tabell", "Kolumn", "Datatyp", header(labels, "unit_sv"), "Beskrivning", header(labels, "version"),
               "Rader"]
    rows: list[list[Any]] = []
    for t in tables:
        name = f"{t['schema']}.{t['table']}"
        rows.append([name, None, None, None, _one_line(t["description"]), t["version"], t["rows"]])
        for c in t["columns"]:
            rows.append([name, c["column"], c["data_type"], c["unit"] or None, c["description"], None, None])
    return Table(headers=headers, rows=rows)


def _md_anchor(heading: str) -> str:
    """The anchor GitHub and most Markdown viewers give a heading."""
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


def _md_cell(text: Any) -> str:
    return _one_line("" if text is None else str(text)).replace("|", "\\|")


#: the export files (datakatalog.md, _export.json): (name, rounded?); what each holds is dim_label's domain
#: `export_file` (its long word)
FILES = [
    (VALUES_CSV, True), (UNROUNDED_CSV, False), (OVERVIEW_CSV, True), ("trend.csv", True),
    ("kommunjamforelse.csv", True), ("leveranser.csv", True), ("anvandbarhet.csv", True),
    ("uppfoljningsbarhet.csv", True), ("kvalitetsbetyg.csv", True), (WORKBOOK, True), (DICTIONARY_CSV, None),
    (DICTIONARY_MD, None),
]


def dictionary_markdown(ctx: Context, tables: list[dict[str, Any]], notes: list[str],
                        legend: list[Section],
                        about: list[tuple[str, list[tuple[str, str]]]], indicators_en: list[tuple[str, str, str]],
                        written: set[str]) -> str:
    lab = ctx.labels
    lines = ["# Datakatalog: nara_vard, exportfilerna och de publicerade tabellerna", ""]
    if ctx.synthetic:
        rest = (ctx.notice_long or "").removeprefix(ctx.notice or "").lstrip(". ")
        lines += [f"> **{ctx.notice}.** {rest}".rstrip(), ""]
    lines += ["## Licens", "",
              f"- **{lab.word('notice', 'data_licence')}.** {lab.long('notice', 'data_licence')}",
              f"- **{lab.word('notice', 'code_licence')}.** {lab.long('notice', 'code_licence')}", ""]
    lines += ["## Filerna", "",
              f"Publicerad {ctx.published_on}. CSV-filerna är gjorda för svenska Excel: UTF-8 med BOM, semikolon "
              "mellan fälten, decimalkomma, inga tusentalsavgränsare, datum som ÅÅÅÅ-MM-DD och perioder som SCB "
              "skriver dem (2023, 2022K1, 2024M01).", ""]
    if ctx.synthetic:
        lines += [f"Siffrorna är syntetiska, så varje CSV-fil och arbetsboken har förledet `{SYNTHETIC_PREFIX}` i "
                  f"namnet, och varje CSV-fil börjar med kolumnen `{NOTICE_COLUMN}` med texten \"{ctx.notice}\" på "
                  "varje rad. En första rad med text skulle få Power BI och andra program som läser filerna att ta "
                  "den för rubrikraden; en kolumn läser både svenska Excel och BI-verktyg utan vidare, och namnet "
                  "följer med filen när den skickas vidare. Arbetsbokens alla blad har texten på första raden och i "
                  "sidhuvudet när de skrivs ut. Med verkliga leveranser finns inget av detta.", ""]
    lines += ["| Fil | Innehåll | Avrundad |", "|---|---|---|"]
    for name, rounded in FILES:
        text = lab.long("export_file", name)
        shown = ctx.file_name(name)
        if shown not in written:
            continue
        yes_no = "" if rounded is None else lab.word("yes_no", str(rounded).lower())
        lines.append(f"| `{shown}` | {_md_cell(text)} | {yes_no} |")
    lines += ["", "## Teckenförklaring", ""]
    for heading, what, rows in legend:
        lines += [f"### {heading}", ""]
        if what:
            lines += [what, ""]
        lines += ["| Symbol eller kolumn | Betydelse |", "|---|---|"]
        lines += [f"| {_md_cell(term)} | {_md_cell(text)} |" for term, text in rows]
        lines.append("")
    lines += ["## Om indikatorerna", ""]
    for name, fields in about:
        lines += [f"### {name}", ""]
        lines += [f"- **{heading}:** {_md_cell(text)}" for heading, text in fields]
        lines.append("")
    lines += ["## Teknisk beskrivning", "",
              f"Genererad {datetime.now(UTC).isoformat(timespec='seconds')} av `nara-vard export` ur den "
              f"publicerade filen `{PUBLISHED_DB}` (publicerad {ctx.published_at or 'okänt när'}). Beskrivningarna "
              "är dbt-modellernas (på engelska), lagrade som kommentarer i den publicerade filen. Tabeller och "
              f"kolumner som i `{ctx.file_name(DICTIONARY_CSV)}`; `Enhet` är tom där kolumnen inte har någon enhet.",
              ""]
    for note in notes:
        lines += [f"> Obs: {note}", ""]
    lines += ["### Indikatorernas koder", "", "| Indikator-id | Indikator | Definition (engelska) |", "|---|---|---|"]
    lines += [f"| `{i}` | {_md_cell(name)} | {_md_cell(definition)} |" for i, name, definition in indicators_en]
    lines += ["", "### Tabellerna", "", "| Tabell | Version | Rader |", "|---|---|---|"]
    headings = {id(t): f"{t['schema']}.{t['table']}" + (f" ({t['version']})" if t["version"] else "") for t in tables}
    lines += [f"| [{t['schema']}.{t['table']}](#{_md_anchor(headings[id(t)])}) | {t['version'] or ''} | {t['rows']} |"
              for t in tables]
    lines.append("")
    for t in tables:
        lines += [f"## {headings[id(t)]}", "", t["description"] or "*(ingen beskrivning)*", "",
                  "| Kolumn | Datatyp | Enhet | Beskrivning |", "|---|---|---|---|"]
        lines += [f"| `{c['column']}` | {_md_cell(c['data_type'])} | {_md_cell(c['unit'])} | "
                  f"{_md_cell(c['description'])} |" for c in t["columns"]]
        lines.append("")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------------
# The folder: written aside, swapped in whole


def _export_lock(published: Path) -> AbstractContextManager[None]:
    """One export at a time per published folder (also makes removing stale temporary folders safe)."""
    return exclusive_lock(published / LOCK_FILE, ExportError(f"another `nara-vard export` is running on "
                                                             f"{published}; try again when it is done"))


def _remove_stale(published: Path) -> None:
    for entry in published.iterdir():
        if entry.name.startswith((TMP_PREFIX, OLD_PREFIX)) and entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)


def _swap_in(new: Path, final: Path) -> None:
    """Rename `new` to `final`; an existing `final` is renamed away first and deleted afterwards."""
    old = final.parent / f"{OLD_PREFIX}{os.getpid()}"
    if final.exists() or final.is_symlink():
        os.rename(final, old)
    os.rename(new, final)
    fsync_path(final.parent)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


# --------------------------------------------------------------------------------------------------
# The command


#: every CSV file with rows and the public dbt model it is written from; the workbook's sheets with rows
EXPORT_FILES = {VALUES_CSV: INDICATOR_VALUES.relation, UNROUNDED_CSV: INDICATOR_VALUES.relation,
                OVERVIEW_CSV: OVERVIEW_MODEL, **{name: spec.relation for name, spec in MODEL_FILES.items()}}
WORKBOOK_MODELS = (INDICATOR_VALUES.relation, OVERVIEW_MODEL, ABOUT_MODEL)
CORE_TABLES = [INDICATOR_VALUES.relation, OVERVIEW_MODEL, ABOUT_MODEL, "marts.dim_indicator", "marts.dim_period",
               "marts.dim_label"]


def export(published: Path | None = None, target_path: Path | None = None,
           progress: Callable[[str], None] = print) -> dict[str, Any]:
    """Write `<published>/export/` from `<published>/nara_vard.duckdb`; returns what `_export.json` says."""
    published = Path(published) if published else published_dir()
    target_path = Path(target_path) if target_path else dbt_target_path()
    db = published / PUBLISHED_DB
    if not db.is_file():
        raise ExportError(f"no published database at {db}; run `nara-vard publish` first (or pass --published)")
    try:
        published_meta = json.loads((published / PUBLISHED_META).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        published_meta = {}
    if not isinstance(published_meta, dict):
        published_meta = {}
    published_at = published_meta.get("published_at")
    try:
        manifest = json.loads((target_path / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = None

    import duckdb

    files: dict[str, dict[str, Any]] = {}
    with _export_lock(published):
        _remove_stale(published)
        tmp = published / f"{TMP_PREFIX}{os.getpid()}"
        tmp.mkdir()
        try:
            progress(f"export: reading {db} (read-only, published {published_at or 'at an unknown time'})")
            with duckdb.connect(str(db), read_only=True) as con:
                present = {f"{s}.{t}" for s, t in con.execute(
                    "select schema_name, table_name from duckdb_tables() "
                    "where database_name = current_database()").fetchall()}
                missing = [t for t in CORE_TABLES if t not in present]
                if missing:
                    raise ExportError(f"the published file {db} lacks {', '.join(missing)}; "
                                      "publish a current build (`nara-vard publish`)")
                ctx = _context(con, published_meta)
                if ctx.synthetic:
                    progress(f"  {ctx.notice}: file names start with {SYNTHETIC_PREFIX}")
                periods = overview_periods(con)
                overview = overview_rows(con, periods)
                rounded_values = model_export(con, INDICATOR_VALUES)
                csv_files: list[tuple[str, Callable[[], Table], str | None, bool]] = [
                    (VALUES_CSV, lambda: rounded_values, None, True),
                    (UNROUNDED_CSV, lambda: model_export(con, INDICATOR_VALUES, rounded=False), None, False),
                    (OVERVIEW_CSV, lambda: overview_csv_table(overview, periods, ctx.labels), None, True),
                    *((name, lambda spec=spec: model_export(con, spec), spec.relation, True)
                      for name, spec in MODEL_FILES.items()),
                ]
                for name, make, needs, rounded in csv_files:
                    if needs and needs not in present:
                        progress(f"  {name}: skipped, {needs} is not in the published file")
                        continue
                    started = time.perf_counter()
                    shown = ctx.file_name(name)
                    rows = write_csv(tmp / shown, make(), ctx.notice)
                    files[shown] = {"rows": rows, "rounded": rounded}
                    progress(f"  {shown}: {rows} rows ({time.perf_counter() - started:.1f} s)")
                legend = legend_sections(ctx, _period_examples(con))
                about = about_indicators(con)
                started = time.perf_counter()
                workbook = ctx.file_name(WORKBOOK)
                sheets = write_workbook(tmp / workbook, con, ctx, overview_sheet_table(overview, periods, ctx.labels),
                                        for_workbook(rounded_values), legend, about, progress)
                files[workbook] = {"sheets": sheets, "rounded": True}
                progress(f"  {workbook}: {len(sheets)} sheets ({time.perf_counter() - started:.1f} s)")
                tables, notes = dictionary(con, manifest, ctx.labels, {p.column for p in periods})
                dictionary_csv = ctx.file_name(DICTIONARY_CSV)
                files[dictionary_csv] = {"rows": write_csv(tmp / dictionary_csv, dictionary_table(tables, ctx.labels),
                                                           ctx.notice)}
                indicators_en = con.execute("select indicator_id, indicator_name_sv, definition_en "
                                            "from marts.dim_indicator order by display_order").fetchall()
                files[DICTIONARY_MD] = {}
                markdown = dictionary_markdown(ctx, tables, notes, legend, about, indicators_en, set(files))
                (tmp / DICTIONARY_MD).write_text(markdown + "\n", encoding="utf-8")
                for note in notes:
                    progress(f"  note: {note}")
                progress(f"  {dictionary_csv}, {DICTIONARY_MD}: {len(tables)} tables, "
                         f"{sum(len(t['columns']) for t in tables)} columns")
                descriptions = {ctx.file_name(name): ctx.labels.long("export_file", name) for name, _ in FILES}
                for name in files:
                    if name in descriptions:
                        files[name]["description"] = descriptions[name]
                licence = {code: {"label": ctx.labels.word("notice", code), "text": ctx.labels.long("notice", code)}
                           for code in ("data_licence", "code_licence")}
            for name in files:
                files[name]["bytes"] = (tmp / name).stat().st_size
                fsync_path(tmp / name)
            meta = {
                "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "published_database": str(db.resolve()),
                "published_at": published_at,
                "dbt_manifest": str((target_path / "manifest.json").resolve()) if manifest is not None else None,
                "synthetic_data": ctx.synthetic,
                "synthetic_data_notice": ctx.notice,
                "licence": {"data": licence["data_licence"], "code": licence["code_licence"]},
                "conventions": {
                    "encoding": "UTF-8 with BOM", "separator": ";", "decimal": ",", "dates": "YYYY-MM-DD",
                    "periods": "dim_period.period_code (Statistics Sweden: 2023, 2022K1, 2024M01)",
                    "hidden": HIDDEN, "missing": "", "missing_reason_column": header(ctx.labels, "missing_reason_sv"),
                    "overview_symbols": {item.code: item.label for item in ctx.labels.domain("missing_reason")},
                    "incomplete_marker": "* (oversikt.csv: columns 'Värden med *' and 'Anmärkning till *')",
                    "rounding": "values in the indicator's unit: dim_indicator.display_decimals (DuckDB round); "
                                f"numerators and denominators: {COUNT_DECIMALS}; shares 0-1: {SHARE_DECIMALS}; "
                                f"per 1 000 inhabitants: {PER_1000_DECIMALS}",
                    "unrounded_file": ctx.file_name(UNROUNDED_CSV),
                    "unrounded_max_decimals": MAX_DECIMALS,
                    **({"synthetic_file_prefix": SYNTHETIC_PREFIX, "synthetic_notice_column": NOTICE_COLUMN}
                       if ctx.synthetic else {}),
                },
                "files": files,
            }
            (tmp / META).write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
            fsync_path(tmp / META)
            fsync_path(tmp)
            _swap_in(tmp, published / EXPORT_DIR)
        except FileNotFoundError as error:
            if tmp.is_dir():
                raise
            raise ExportError(f"the temporary folder {tmp} disappeared while the export was written "
                              "(removed by another process); run the export again") from error
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)
    return meta


def run_export(published: Path | None = None, target_path: Path | None = None) -> int:
    """`nara-vard export`: do it, print progress and where the files are; returns the exit code."""
    started = time.perf_counter()
    try:
        meta = export(published=published, target_path=target_path)
    except ExportError as error:
        print(f"export: {error}", file=sys.stderr)
        return 1
    out = Path(meta["published_database"]).parent / EXPORT_DIR
    size = sum(f.get("bytes", 0) for f in meta["files"].values())
    print(f"exported {len(meta['files'])} files ({size / 1e6:.1f} MB) in {time.perf_counter() - started:.1f} s to")
    print(f"  {out}/")
    return 0
