"""Exports people open: Swedish Excel CSV files, one workbook and a data dictionary.

`nara-vard export` reads only the published artefact (`<published>/nara_vard.duckdb`, opened
read-only, never the build database, and `_published.json` beside it) and writes `<published>/export/`:

    indikatorvarden.csv            every indicator × geography × period × sex, with the 95 % interval
                                   (marts.fct_indicator_values_v2), rounded to the indicator's decimals
    indikatorvarden_oavrundade.csv the same rows unrounded (up to 10 decimals), for analysts
    oversikt.csv                   the published table's shape ("Utfall indikatorer", marts.rpt_indicator_overview
                                   and its cells), with the `*` marker, Riktning and Nivå in words, what Nivå
                                   compares with
    trend.csv                      Riktning, Nivå and whether the change is beyond noise, per cell and sex
                                   (marts.fct_indicator_trend_v2)
    kommunjamforelse.csv           municipalities against the region (marts.rpt_municipality_comparison_v2)
    leveranser.csv                 delivery coverage (data_quality.rpt_export_delivery_coverage)
    anvandbarhet.csv               indicator usability (data_quality.dq_indicator_usability)
    uppfoljningsbarhet.csv         the pilot study's questions (data_quality.rpt_export_followup_readiness)
    kvalitetsbetyg.csv             quality scores (data_quality.dq_scorecard)
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


def _label_join(alias: str, domain_sql: str, code_sql: str) -> str:
    """` left join` of marts.dim_label as `alias` for one coded column (`domain_sql` is SQL: a literal or
    an expression such as `'niva_' || i.reference_kind`)."""
    return (f" left join marts.dim_label {alias} on {alias}.domain = {domain_sql} "
            f"and {alias}.code = {code_sql}")


def _word(alias: str, code_sql: str) -> str:
    """The label of a joined dim_label row; the code itself where dim_label has no word for it."""
    return f"coalesce({alias}.label_sv, {code_sql})"


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


def _key_join(left: str, right: str, sex: bool = False) -> str:
    keys = ("indicator_id", "geo_level", "geo_code", "period_type", "period_start") + (("sex",) if sex else ())
    return " and ".join(f"{right}.{k} = {left}.{k}" for k in keys)


def _period_join(alias: str, left: str) -> str:
    return (f" left join marts.dim_period {alias} on {alias}.period_type = {left}.period_type "
            f"and {alias}.period_start = {left}.period_start")


def indicator_values(con: Any, rounded: bool = True) -> Table:
    """marts.fct_indicator_values_v2 (a row per sex) with the indicator's and the geography's Swedish names,
    the words of the codes and the usability reason.

    `rounded`: values in the indicator's decimals (else full precision, the analysts' file).
    """
    hidden = "v.suppression is not null"
    dec = "i.display_decimals"
    labels = Labels.load(con)  # the headers the export models share (dim_label, domain export_column)
    cols = [
        Col(header(labels, "indicator_id"), "v.indicator_id"),
        Col(header(labels, "indicator_name_sv"), "i.indicator_name_sv"),
        Col("Geografinivå", _word("lg", "v.geo_level")),
        Col("Kod", "v.geo_code"),
        Col("Geografi", "g.geo_name_sv"),
        Col("Periodtyp", _word("lp", "v.period_type")),
        Col("Period", "p.period_code"),
        Col(header(labels, "period_start"), "v.period_start", xlsx_format=DATE_FORMAT),
        Col("Periodslut", "v.period_end", xlsx_format=DATE_FORMAT),
        Col("Kön", "v.sex"),
        Col("Värde", "v.value", hidden, dec, unit_format=True),
        Col("KI 95 % nedre", "v.ci_lower", hidden, dec, unit_format=True),
        Col("KI 95 % övre", "v.ci_upper", hidden, dec, unit_format=True),
        Col("Enhet", _word("lu", "v.unit")),
        Col("Täljare", "v.numerator", hidden, COUNT_DECIMALS),
        Col("Nämnare", "v.denominator", hidden, COUNT_DECIMALS),
        Col("Röjandeskydd", "v.suppression"),
        Col("Kvalitet", _word("lq", "v.quality_flag")),
        Col("Saknas därför", "lm.label_long_sv"),
        Col("Täckning", "v.coverage_share", decimals=SHARE_DECIMALS, xlsx_format=SHARE_FORMAT),
        # NULL in the mart wherever T, K or M of the cell is hidden (it would narrow the hidden one down)
        Col("Andel med känt kön", "v.sex_known_share", decimals=SHARE_DECIMALS, xlsx_format=SHARE_FORMAT),
        Col("Skäl", "u.reason_sv"),
    ]
    # u: usability is judged on the totals, one row per cell, and its reason (a delivery missing, follow-up
    # time not passed) holds for K and M
    return select(
        con, cols,
        "marts.fct_indicator_values_v2 v "
        "join marts.dim_indicator i on i.indicator_id = v.indicator_id "
        "left join marts.dim_geography g on g.geo_level = v.geo_level and g.geo_code = v.geo_code "
        f"left join data_quality.dq_indicator_usability u on {_key_join('v', 'u')}"
        + _period_join("p", "v")
        + _label_join("lg", "'geo_level'", "v.geo_level")
        + _label_join("lp", "'period_type'", "v.period_type")
        + _label_join("ls", "'sex'", "v.sex")
        + _label_join("lu", "'unit'", "v.unit")
        + _label_join("lq", "'quality_flag'", "v.quality_flag")
        + _label_join("lm", "'missing_reason'", "v.missing_reason"),
        "i.display_order, lg.sort_order, v.geo_level, g.geo_name_sv, v.geo_code, lp.sort_order, v.period_start, "
        "ls.sort_order, v.sex",
        rounded=rounded,
        extras={"geo_level": "v.geo_level", "geo_level_sv": _word("lg", "v.geo_level"),
                "geo_level_order": "lg.sort_order", "decimals": "i.display_decimals", "unit": "v.unit"})


def for_workbook(values: Table) -> Table:
    """The indicator values for the leaders' sheets: without the indicator's code name (Indikator-id)."""
    drop = next(j for j, c in enumerate(values.cols) if c.sql == "v.indicator_id")
    keep = [j for j in range(len(values.headers)) if j != drop]
    return Table(headers=[values.headers[j] for j in keep], rows=[[row[j] for j in keep] for row in values.rows],
                 extras=values.extras, cols=[values.cols[j] for j in keep])


def indicator_trend(con: Any) -> Table:
    """marts.fct_indicator_trend_v2 (a row per sex); `..` also where the value a year earlier is hidden."""
    here, before = "t.suppression is not null", "p.suppression is not null"
    dec = "i.display_decimals"
    labels = Labels.load(con)  # the headers the export models share (dim_label, domain export_column)
    cols = [
        Col(header(labels, "indicator_id"), "t.indicator_id"),
        Col(header(labels, "indicator_name_sv"), "i.indicator_name_sv"),
        Col("Geografinivå", _word("lg", "t.geo_level")),
        Col("Kod", "t.geo_code"),
        Col("Geografi", "g.geo_name_sv"),
        Col("Periodtyp", _word("lp", "t.period_type")),
        Col("Period", "dp.period_code"),
        Col(header(labels, "period_start"), "t.period_start"),
        Col("Kön", "t.sex"),
        Col("Värde", "t.value", here, dec),
        Col("Enhet", _word("lu", "i.unit")),
        Col("Föregående period", "pp.period_code"),
        Col("Föregående värde", "t.previous_value", before, dec),
        Col("Förändring", "t.change_absolute", f"{here} or {before}", dec),
        Col("Förändring (andel)", "t.change_relative", f"{here} or {before}", SHARE_DECIMALS),
        Col("Riktning", "t.riktning"),
        Col("Riktning i ord", "lr.label_sv"),
        Col("Statistiskt säkerställd förändring", "ly.label_sv"),
        Col("Referensvärde", "t.target_value", decimals=dec),
        Col("Jämförs med", "i.reference_label_sv"),
        Col("Nivå", "t.niva"),
        Col("Nivå i ord", "ln.label_sv"),
        Col("Kvalitet", _word("lq", "t.quality_flag")),
        Col("Röjandeskydd", "t.suppression"),
        Col("Saknas därför", "lm.label_long_sv"),
    ]
    return select(
        con, cols,
        "marts.fct_indicator_trend_v2 t "
        "join marts.dim_indicator i on i.indicator_id = t.indicator_id "
        "left join marts.dim_geography g on g.geo_level = t.geo_level and g.geo_code = t.geo_code "
        "left join marts.fct_indicator_values_v2 p on p.indicator_id = t.indicator_id and p.geo_level = t.geo_level "
        "and p.geo_code = t.geo_code and p.period_type = t.period_type and p.sex = t.sex "
        "and p.period_start = t.previous_period_start "
        f"left join marts.fct_indicator_values_v2 c on {_key_join('t', 'c', sex=True)} "
        "left join marts.dim_period pp on pp.period_type = t.period_type and pp.period_start = t.previous_period_start"
        + _period_join("dp", "t")
        + _label_join("lg", "'geo_level'", "t.geo_level")
        + _label_join("lp", "'period_type'", "t.period_type")
        + _label_join("ls", "'sex'", "t.sex")
        + _label_join("lu", "'unit'", "i.unit")
        + _label_join("lr", "'riktning'", "t.riktning")
        + _label_join("ly", "'yes_no'", "cast(t.change_is_significant as varchar)")
        + _label_join("ln", "'niva_' || i.reference_kind", "t.niva")
        + _label_join("lq", "'quality_flag'", "t.quality_flag")
        + _label_join("lm", "'missing_reason'", "c.missing_reason"),
        "i.display_order, lg.sort_order, t.geo_level, g.geo_name_sv, t.geo_code, lp.sort_order, t.period_start, "
        "ls.sort_order, t.sex")


def municipality_comparison(con: Any) -> Table:
    """marts.rpt_municipality_comparison_v2: the region, the kommunalförbund and the municipalities, each value
    against the region's with its 95 % interval, and counts per 1 000 inhabitants."""
    hidden = "m.suppression is not null"
    dec = "i.display_decimals"
    labels = Labels.load(con)  # the headers the export models share (dim_label, domain export_column)
    cols = [
        Col(header(labels, "indicator_id"), "m.indicator_id"),
        Col(header(labels, "indicator_name_sv"), "i.indicator_name_sv"),
        Col("Geografinivå", _word("lg", "m.geo_level")),
        Col("Kod", "m.geo_code"),
        Col("Geografi", "m.geo_name_sv"),
        Col("Kommunalförbundets namn", "m.kommunalforbund_name_sv"),
        Col("Periodtyp", _word("lp", "m.period_type")),
        Col("Period", "dp.period_code"),
        Col(header(labels, "period_start"), "m.period_start"),
        Col("Värde", "m.value", hidden, dec),
        Col("KI 95 % nedre", "m.ci_lower", hidden, dec),
        Col("KI 95 % övre", "m.ci_upper", hidden, dec),
        Col("Enhet", _word("lu", "i.unit")),
        Col("Invånare", "m.population"),
        Col("Antal per 1 000 invånare", "m.value_per_1000", hidden, PER_1000_DECIMALS),
        Col("Regionens värde", "m.region_value", decimals=dec),
        Col("Jämfört med regionen", "m.comparison_label_sv"),
        Col("Läge bland kommunerna", "m.comparison_position_label_sv"),
        Col("Röjandeskydd", "m.suppression"),
        Col("Kvalitet", _word("lq", "m.quality_flag")),
        Col("Saknas därför", "lm.label_long_sv"),
        Col("Anmärkning", "m.note_sv"),
    ]
    return select(
        con, cols,
        "marts.rpt_municipality_comparison_v2 m join marts.dim_indicator i on i.indicator_id = m.indicator_id"
        + _period_join("dp", "m")
        + _label_join("lg", "'geo_level'", "m.geo_level")
        + _label_join("lp", "'period_type'", "m.period_type")
        + _label_join("lu", "'unit'", "i.unit")
        + _label_join("lq", "'quality_flag'", "m.quality_flag")
        + _label_join("lm", "'missing_reason'", "m.missing_reason"),
        "i.display_order, lg.sort_order, m.geo_level, m.kommunalforbund_name_sv, m.geo_name_sv, m.geo_code, "
        "lp.sort_order, m.period_start")


# An export file that a public dbt model gives whole (`rpt_export_*`, models/data_quality/exports): Python heads its
# columns in Swedish (dim_label, domain `export_column`, one word per column name), in the model's column order,
# and writes it; the rows and their words are the model's.
DELIVERY_COVERAGE_MODEL = "data_quality.rpt_export_delivery_coverage"


def header(labels: Labels, column: str) -> str:
    """The Swedish header of an export column (dim_label, domain `export_column`)."""
    return labels.word("export_column", column)


def model_export(con: Any, relation: str, order_sql: str, decimals: dict[str, str] | None = None) -> Table:
    """Every row of an export model, each column headed by its Swedish word (and rounded where `decimals` says).
    A model column without a header word stops the export instead of printing an English name."""
    schema, table = relation.split(".")
    columns = [c for (c,) in con.execute(
        "select column_name from information_schema.columns where table_schema = ? and table_name = ? "
        "order by ordinal_position", [schema, table]).fetchall()]
    labels, decimals = Labels.load(con), decimals or {}
    return select(con, [Col(header(labels, c), f"e.{c}", decimals=decimals.get(c)) for c in columns],
                  f"{relation} e", order_sql)


def delivery_coverage(con: Any) -> Table:
    return model_export(con, DELIVERY_COVERAGE_MODEL, "e.source, e.org_code, e.period_start")


def indicator_usability(con: Any) -> Table:
    labels = Labels.load(con)  # the headers the export models share (dim_label, domain export_column)
    cols = [
        Col(header(labels, "indicator_id"), "u.indicator_id"),
        Col(header(labels, "indicator_name_sv"), "i.indicator_name_sv"),
        Col("Geografinivå", _word("lg", "u.geo_level")),
        Col("Kod", "u.geo_code"),
        Col("Geografi", "g.geo_name_sv"),
        Col("Periodtyp", _word("lp", "u.period_type")),
        Col("Period", "dp.period_code"),
        Col(header(labels, "period_start"), "u.period_start"),
        Col(header(labels, "source"), "u.source"),
        Col("Användbarhet", _word("la", "u.usability")),
        Col("Kvalitet", _word("lq", "u.quality_flag")),
        Col("Täckning", "u.coverage_share", decimals=SHARE_DECIMALS),
        Col("Skäl", "u.reason_sv"),
    ]
    return select(con, cols,
                  "data_quality.dq_indicator_usability u join marts.dim_indicator i on i.indicator_id = u.indicator_id "
                  "left join marts.dim_geography g on g.geo_level = u.geo_level and g.geo_code = u.geo_code"
                  + _period_join("dp", "u")
                  + _label_join("lg", "'geo_level'", "u.geo_level")
                  + _label_join("lp", "'period_type'", "u.period_type")
                  + _label_join("la", "'usability'", "u.usability")
                  + _label_join("lq", "'quality_flag'", "u.quality_flag"),
                  "i.display_order, lg.sort_order, u.geo_level, g.geo_name_sv, u.geo_code, lp.sort_order, "
                  "u.period_start")


FOLLOWUP_READINESS_MODEL = "data_quality.rpt_export_followup_readiness"


def followup_readiness(con: Any) -> Table:
    return model_export(con, FOLLOWUP_READINESS_MODEL, "e.question_order, e.indicator_id",
                        decimals={"mean_coverage_share": SHARE_DECIMALS})


def scorecard(con: Any) -> Table:
    share = SHARE_DECIMALS
    # the quality dimensions' scores are headed by the dimensions' words (dim_label, domain dq_dimension)
    labels = Labels.load(con)
    dimension = labels.word
    cols = [
        Col("Sammanställningsnivå", _word("lr", "s.rollup_level")),
        Col(header(labels, "source"), "s.source"),
        Col(header(labels, "org_code"), "s.org_code"),
        Col(header(labels, "period_start"), "s.period_start"),
        Col(header(labels, "status_sv"), _word("ld", "s.status")),
        Col(header(labels, "rows_delivered"), "s.rows_delivered"),
        Col(dimension("dq_dimension", "completeness"), "s.completeness_score", decimals=share),
        Col(dimension("dq_dimension", "timeliness"), "s.timeliness_score", decimals=share),
        Col(dimension("dq_dimension", "validity"), "s.validity_score", decimals=share),
        Col(dimension("dq_dimension", "uniqueness"), "s.uniqueness_score", decimals=share),
        Col(dimension("dq_dimension", "consistency"), "s.consistency_score", decimals=share),
        Col("Sammanvägt", "s.overall_score", decimals=share),
        Col("Betyg", "s.grade"),
    ]
    return select(con, cols, "data_quality.dq_scorecard s"
                  + _label_join("lr", "'rollup_level'", "s.rollup_level")
                  + _label_join("ld", "'delivery_status'", "s.status"),
                  "lr.sort_order desc, s.rollup_level, s.source, s.org_code, s.period_start")


# --------------------------------------------------------------------------------------------------
# The overview: the published table's shape, one row per indicator, the region's totals


@dataclass(frozen=True)
class OverviewPeriod:
    column: str  # the column of rpt_indicator_overview (`q1_2022`, `jan_24`)
    period_type: str
    period_start: date
    code: str  # dim_period.period_code (`2022K1`, `2024M01`)


def overview_periods(con: Any) -> list[OverviewPeriod]:
    """The report periods of the overview, in its order, with their SCB codes."""
    rows = con.execute("""
        select distinct c.column_order, c.column_name, c.period_type, c.period_start, p.period_code
        from marts.rpt_indicator_overview_cells_v2 c
        left join marts.dim_period p on p.period_type = c.period_type and p.period_start = c.period_start
        order by c.column_order""").fetchall()
    periods = [OverviewPeriod(column, ptype, start, code) for _, column, ptype, start, code in rows]
    if len({p.column for p in periods}) != len(periods) or any(p.code is None for p in periods):
        raise ExportError("rpt_indicator_overview_cells_v2: a report column has no single period of dim_period")
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
    marked: dict[int, str]  # period index -> the note behind the `*`
    riktning: str | None
    riktning_sv: str | None
    niva: str | None
    niva_sv: str | None
    judged: str | None  # period code
    reference_kind: str | None
    reference_label: str | None


def overview_rows(con: Any, periods: list[OverviewPeriod]) -> list[OverviewRow]:
    """The overview's rows: rpt_indicator_overview for the judgement, its v2 cells (sex T) for the values,
    rounded to the indicator's decimals, the missing symbols and the `*` notes."""
    index = {p.column: j for j, p in enumerate(periods)}
    out: dict[str, OverviewRow] = {}
    for (order, indicator_id, name, unit, unit_sv, decimals, riktning, riktning_sv, niva, niva_sv, kind,
         reference) in con.execute("""
            select o.display_order, o.indicator_id, o.indicator_label_sv, o.unit, coalesce(lu.label_sv, o.unit),
                   i.display_decimals, o.riktning, o.riktning_sv, o.niva, o.niva_sv, o.reference_kind,
                   o.reference_label_sv
            from marts.rpt_indicator_overview o
            join marts.dim_indicator i on i.indicator_id = o.indicator_id
            left join marts.dim_label lu on lu.domain = 'unit' and lu.code = o.unit
            order by o.display_order""").fetchall():
        out[indicator_id] = OverviewRow(order, indicator_id, name, unit, unit_sv, decimals, [None] * len(periods),
                                        {}, riktning, riktning_sv, niva, niva_sv, None, kind, reference)
    for indicator_id, column, value, decimals, suppression, symbol, note, judged, code in con.execute("""
            select c.indicator_id, c.column_name, round(c.value, i.display_decimals), i.display_decimals,
                   c.suppression, c.missing_symbol, c.note_sv, c.is_judged_period, p.period_code
            from marts.rpt_indicator_overview_cells_v2 c
            join marts.dim_indicator i on i.indicator_id = c.indicator_id
            left join marts.dim_period p on p.period_type = c.period_type and p.period_start = c.period_start
            where c.sex = 'T'""").fetchall():
        row = out.get(indicator_id)
        if row is None or column not in index:
            continue
        j = index[column]
        if suppression is not None:
            row.cells[j] = HIDDEN
        elif value is not None:
            row.cells[j] = fixed(value, decimals)
            if note:  # the report's `*`: a value with a quality note
                row.marked[j] = note
        else:
            row.cells[j] = symbol
        if judged:
            row.judged = code
    return list(out.values())


def _marked_notes(row: OverviewRow, periods: list[OverviewPeriod]) -> str | None:
    return "; ".join(f"{periods[j].code}: {note}" for j, note in sorted(row.marked.items())) or None


OVERVIEW_TAIL = ["Riktning", "Riktning i ord", "Nivå", "Nivå i ord", "Bedömd period", "Jämförs med"]


def overview_csv_table(rows: list[OverviewRow], periods: list[OverviewPeriod], labels: Labels) -> Table:
    """oversikt.csv: the published table, values rounded as it rounds them, `*` in two columns of its own."""
    headers = ["Ordning", header(labels, "indicator_id"), header(labels, "indicator_name_sv"), "Enhet",
               *(p.code for p in periods), *OVERVIEW_TAIL, "Värden med *", "Anmärkning till *"]
    out = []
    for r in rows:
        marked = " ".join(periods[j].code for j in sorted(r.marked)) or None
        out.append([r.display_order, r.indicator_id, r.name, r.unit_sv, *r.cells, r.riktning, r.riktning_sv, r.niva,
                    r.niva_sv, r.judged, r.reference_label, marked, _marked_notes(r, periods)])
    return Table(headers=headers, rows=out)


def overview_sheet_table(rows: list[OverviewRow], periods: list[OverviewPeriod], labels: Labels) -> Table:
    """Översikt: the same, values as numbers whose format shows the decimals (and the `*`)."""
    headers = [header(labels, "indicator_name_sv"), "Enhet", *(p.code for p in periods), *OVERVIEW_TAIL,
               "Anmärkning till *"]
    table = Table(headers=headers, rows=[])
    for r in rows:
        values = [float(v) if isinstance(v, Decimal) else v for v in r.cells]
        formats = {2 + j: xlsx_number_format(r.decimals, r.unit, "*" if j in r.marked else "")
                   for j, v in enumerate(r.cells) if isinstance(v, Decimal)}
        table.rows.append([r.name, r.unit_sv, *values, r.riktning, r.riktning_sv, r.niva, r.niva_sv, r.judged,
                           r.reference_label, _marked_notes(r, periods)])
        table.extras.append({"formats": formats})
    return table


# --------------------------------------------------------------------------------------------------
# Om indikatorn: the catalogue's Swedish texts (dim_indicator), one block per indicator


def about_indicators(con: Any, labels: Labels) -> list[tuple[str, list[tuple[str, str]]]]:
    """[(indicator name, [(heading, text), ...])] in display order; empty texts are left out."""
    out = []
    for r in con.execute("""
            select indicator_name_sv, definition_sv, numerator_sv, denominator_sv, unit, display_decimals,
                   desired_direction, source_sv, period_logic_sv, sex_breakdown_sv, interval_method_sv,
                   reference_kind, reference_label_sv, reference_source_sv, reference_decided_by_sv,
                   reference_decided_on, reference_document_sv, reference_url, target_note,
                   niva_published_basis_sv, limitations_sv, published_row_label_sv
            from marts.dim_indicator order by display_order""").fetchall():
        (name, definition, numerator, denominator, unit, decimals, direction, source, period_logic, sex, interval,
         kind, reference, ref_source, decided_by, decided_on, document, url, note, niva_basis, limitations,
         row_label) = r
        kind = kind or "none"
        if kind == "none":  # neither: "Mål eller jämförelsevärde", in dim_label's words
            heading = (f"{labels.word('reference_kind', 'target').capitalize()} eller "
                       f"{labels.word('reference_kind', 'benchmark')}")
            reference_text = labels.long("reference_kind", "none").capitalize()
        else:
            heading = labels.word("reference_kind", kind).capitalize()
            reference_text = reference or labels.long("reference_kind", kind)
        unit_text = labels.long("unit", unit) if unit in labels.domains.get("unit", {}) else unit
        fields = [
            ("Definition", definition),
            ("Täljare", numerator),
            ("Nämnare", denominator),
            ("Enhet", None if unit_text is None else f"{unit_text} ({decimals} decimaler)"
             if decimals != 1 else f"{unit_text} (1 decimal)"),
            ("Önskad riktning", labels.long("direction", direction)
             if direction in labels.domains.get("direction", {}) else direction),
            (header(labels, "source"), source),
            ("Perioder", period_logic),
            ("Kön", sex),
            ("Konfidensintervall", interval),
            (heading, reference_text),
            ("Underlag", ref_source),
            ("Beslutat av", decided_by),
            ("Beslutat den", decided_on.isoformat() if isinstance(decided_on, date) else decided_on),
            ("Beslutsdokument", document),
            ("Länk", url),
            ("Bakgrund", note),
            ("Nivå i VGR:s tabell", niva_basis),
            ("Kända begränsningar", limitations),
            ("I VGR:s tabell", row_label),
        ]
        out.append((name, [(h, _one_line(str(t))) for h, t in fields if t not in (None, "")]))
    return out


# --------------------------------------------------------------------------------------------------
# Teckenförklaring: symbols and words, all from dim_label; shared by the workbook and datakatalog.md


def _column_notes(ctx: Context) -> list[tuple[str, str]]:
    """The exported columns that need more words than their header (explanations, not labels of codes)."""
    lab = ctx.labels
    sexes = "; ".join(f"{s.code} = {s.long}" for s in lab.domain("sex"))
    yes, no = lab.word("yes_no", "true"), lab.word("yes_no", "false")
    return [
        ("Kön", f"Koladas koder: {sexes}. K och M finns för indikatorer som räknar personer eller vårdtillfällen "
                "där källan vet könet; övriga har bara T. K + M = T där könet är känt för alla."),
        ("KI 95 % nedre", "Nedre gräns för värdets 95 % konfidensintervall, i indikatorns enhet (hur det räknas "
                          "står under Om indikatorn). Tomt för antal, summor och beläggning (de är inga stickprov) "
                          f"och där värdet saknas; {HIDDEN} där värdet är dolt."),
        ("KI 95 % övre", "Övre gräns för värdets 95 % konfidensintervall (se KI 95 % nedre)."),
        ("Andel med känt kön", "Andel (0–1) av raderna bakom totalen (T) vars kön är känt. Under 1 räknar K och M "
                               "inte med alla och deras Kvalitet blir ofullständig. Tom där totalen, kvinnorna eller "
                               "männen i samma cell är dolda (andelen kunde ringa in det dolda värdet)."),
        ("Statistiskt säkerställd förändring",
         f"{yes} = {lab.long('significance', 'true')}; {no} = {lab.long('significance', 'false')}; "
         "tomt = inte testad (antal och summor, eller ett värde saknas eller är dolt)."),
        ("Saknas därför", "Varför ett värde saknas, med samma ord som symbolerna ovan står för."),
        ("Skäl", "Granskningens förklaring till ett ofullständigt eller saknat värde (vilken leverans som saknas)."),
        ("Täckning", "Andel (0–1) av de förväntade leveranserna bakom värdet som har kommit."),
        ("Jämförs med", "Det Nivå jämför värdet med: ett beslutat mål (\"mål …\") eller, där inget mål finns, ett "
                        "källbelagt jämförelsevärde (\"jämförelsevärde …\"); tomt när det inte finns något av dem. "
                        "Referensvärde är samma tal."),
        ("Antal per 1 000 invånare", "Antal och summor per 1 000 invånare i kommunen, så att kommuner av olika storlek "
                               "kan jämföras."),
        ("Jämfört med regionen", "Om kommunens värde är statistiskt säkerställt bättre eller sämre än regionens "
                                 "(regionens värde utanför kommunens 95 % konfidensintervall)."),
    ]


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
    sections.append(("Riktning", "Jämfört med samma period ett år tidigare, i förhållande till önskad riktning", [
        *((item.code, item.long) for item in lab.domain("riktning")),
        ("≈", f"I rapporten, vid pilen: {lab.long('significance', 'false')}"),
    ]))
    niva = []
    for kind in lab.domain("reference_kind"):
        for item in lab.domain(f"niva_{kind.code}"):
            niva.append((f"{item.code} ({kind.label})", item.long))
    sections.append(("Nivå", "Jämfört med indikatorns beslutade mål eller, där inget mål finns, ett källbelagt "
                             "jämförelsevärde (kolumnen Jämförs med)", niva))
    sections.append(("Kvalitet", "Kolumnen Kvalitet",
                     [(item.label, item.long) for item in lab.domain("quality_flag")]))
    sections.append(("Perioder", "Kolumnen Period och periodernas rubriker, som SCB skriver dem", [
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
    _data_sheet(wb, ctx, "Översikt", "Översikt: indikatorerna för hela regionen, totalt", overview,
                lambda j, x: x["formats"].get(j), landscape=True, centered=("Riktning", "Nivå"), symbols=symbols)
    sheets["Översikt"] = len(overview.rows)
    unit_cols = {j for j, c in enumerate(values.cols) if c.unit_format}
    by_level: dict[str, Table] = {}
    names: dict[str, str] = {}
    order: dict[str, tuple[int, str]] = {}
    for row, extra in zip(values.rows, values.extras, strict=True):
        level = extra["geo_level"]
        names[level] = extra["geo_level_sv"]
        order[level] = (extra["geo_level_order"] if extra["geo_level_order"] is not None else 1 << 30, level)
        table = by_level.setdefault(level, Table(headers=values.headers, rows=[], cols=values.cols))
        table.rows.append(row)
        table.extras.append(extra)
    for level in sorted(by_level, key=order.__getitem__):  # dim_label's order of the levels
        table = by_level[level]
        title = re.sub(r"[\\/*?:\[\]]", " ", names[level])[:31]
        _data_sheet(wb, ctx, title, f"{title}: indikatorvärden per geografi, period och kön", table,
                    lambda j, x: xlsx_number_format(x["decimals"], x["unit"]) if j in unit_cols else None)
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


def _column_units(labels: Labels) -> dict[tuple[str | None, str], str]:
    """Units of published columns; the words of coded units and codes come from dim_label."""
    units = ", ".join(item.label for item in labels.domain("unit"))
    value_unit = f"indikatorns enhet (dim_indicator.unit: {units})"
    sexes = ", ".join(f"{item.code} {item.label.lower()}" for item in labels.domain("sex"))
    yes, no = labels.word("yes_no", "true"), labels.word("yes_no", "false")
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
        ("rpt_municipality_comparison", "population"): "invånare",
        (None, "sex"): f"kod: {sexes}",
        (None, "change_is_significant"): f"{yes}/{no}, tom = inte testad (test på 5 %-nivån)",
        ("dim_indicator", "target_value"): "indikatorns enhet (kolumnen unit)",
        ("dim_indicator", "reference_value"): "indikatorns enhet (kolumnen unit)",
        ("dim_indicator", "display_decimals"): "decimaler",
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
        (None, "periods_expected"): "perioder",
        (None, "periods_usable"): "perioder",
        (None, "periods_incomplete"): "perioder",
        (None, "periods_missing"): "perioder",
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
            # a model's versions (fct_indicator_values_v2) share their columns' units
            unit = units.get((re.sub(r"_v\d+$", "", table), name)) or units.get((None, name), "")
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
    headers = ["Tabell", "Kolumn", "Datatyp", "Enhet", "Beskrivning", header(labels, "version"), "Rader"]
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


#: what each export file holds (datakatalog.md, _export.json): (name, rounded?, description)
FILES = [
    (VALUES_CSV, True, "Varje indikator × geografi × period × kön med 95 % konfidensintervall, avrundat till "
                       "indikatorns decimaler."),
    (UNROUNDED_CSV, False, "Samma rader och kolumner som indikatorvärdena ovan, oavrundade (upp till 10 "
                           "decimaler), för analytiker som räknar vidare."),
    ("oversikt.csv", True, "Den publicerade tabellens form: en rad per indikator, regionens värden per period, "
                           "Riktning, Nivå, vad Nivå jämför med och värdena med *."),
    ("trend.csv", True, "Riktning och Nivå per värde och kön, jämfört med samma period ett år tidigare."),
    ("kommunjamforelse.csv", True, "Regionen, kommunalförbunden och kommunerna: värdet mot regionens med 95 % "
                                   "konfidensintervall, antal per 1 000 invånare."),
    ("leveranser.csv", True, "Leveranserna per källa, organisation och period."),
    ("anvandbarhet.csv", True, "Om varje värde kan användas, och varför inte."),
    ("uppfoljningsbarhet.csv", True, "Förstudiens frågor: kan de följas upp i dag?"),
    ("kvalitetsbetyg.csv", True, "Kvalitetsbetyg per leverans, källa och organisation."),
    (WORKBOOK, True, "Arbetsboken: Översikt, ett blad per geografinivå, Om indikatorn, Teckenförklaring."),
    (DICTIONARY_CSV, None, "De publicerade tabellerna och kolumnerna."),
    (DICTIONARY_MD, None, "Den här filen."),
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
    for name, rounded, text in FILES:
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


CORE_TABLES = ["marts.fct_indicator_values_v2", "marts.dim_indicator", "marts.dim_geography", "marts.dim_period",
               "marts.dim_label", "marts.rpt_indicator_overview", "marts.rpt_indicator_overview_cells_v2",
               "data_quality.dq_indicator_usability"]


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
                rounded_values = indicator_values(con, rounded=True)
                csv_files: list[tuple[str, Callable[[], Table], str | None, bool]] = [
                    (VALUES_CSV, lambda: rounded_values, None, True),
                    (UNROUNDED_CSV, lambda: indicator_values(con, rounded=False), None, False),
                    ("oversikt.csv", lambda: overview_csv_table(overview, periods, ctx.labels), None, True),
                    ("trend.csv", lambda: indicator_trend(con), "marts.fct_indicator_trend_v2", True),
                    ("kommunjamforelse.csv", lambda: municipality_comparison(con),
                     "marts.rpt_municipality_comparison_v2", True),
                    ("leveranser.csv", lambda: delivery_coverage(con), DELIVERY_COVERAGE_MODEL, True),
                    ("anvandbarhet.csv", lambda: indicator_usability(con), None, True),
                    ("uppfoljningsbarhet.csv", lambda: followup_readiness(con), FOLLOWUP_READINESS_MODEL, True),
                    ("kvalitetsbetyg.csv", lambda: scorecard(con), "data_quality.dq_scorecard", True),
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
                about = about_indicators(con, ctx.labels)
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
                descriptions = {ctx.file_name(name): text for name, _, text in FILES}
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
                    "hidden": HIDDEN, "missing": "", "missing_reason_column": "Saknas därför",
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
