"""Exports people open: Swedish Excel CSV files, one workbook and a data dictionary.

`nara-vard export` reads only the published artefact (`<published>/nara_vard.duckdb`, opened
read-only, never the build database) and writes `<published>/export/`:

    indikatorvarden.csv            every indicator × geography × period × sex, with the 95 % interval
                                   (marts.fct_indicator_values_v2)
    oversikt.csv                   the published table's shape ("Utfall indikatorer", marts.rpt_indicator_overview)
    trend.csv                      Riktning, Nivå and whether the change is beyond noise, per cell and sex
                                   (marts.fct_indicator_trend_v2)
    leveranser.csv                 delivery coverage (data_quality.dq_delivery_coverage)
    anvandbarhet.csv               indicator usability (data_quality.dq_indicator_usability)
    uppfoljningsbarhet.csv         the pilot study's questions (data_quality.rpt_followup_readiness)
    kvalitetsbetyg.csv             quality scores (data_quality.dq_scorecard)
    nara_vard_indikatorer.xlsx     Översikt, one sheet per geography level, Teckenförklaring
    datakatalog.csv, datakatalog.md  every published table and column with its description
    _export.json                   when, from which published version, files and row counts

CSV files are for Swedish Excel: UTF-8 with BOM, `;` between fields, decimal comma, no thousands
separator, dates as YYYY-MM-DD, months as `2024M01` (Excel and Calc read `jan-24` as 24 January of
the current year), `..` for a value hidden by disclosure control (`suppression` not NULL: Värde, the
interval, Täljare and Nämnare; the column Röjandeskydd says `..` too, one symbol whatever hid the cell), an empty field for a missing value. Sex is Kolada's code
in the column Kön: T totalt, K kvinnor, M män. Numbers keep
their precision: up to 10 decimals, trailing zeros dropped (87.5 → `87,5`, 5.446043165467626 →
`5,4460431655`); only `oversikt.csv`, a copy of the published table, has the table's own rounding
(the catalogue's `display_decimals`). In the workbook values are numbers at full precision and the
cell format shows `display_decimals` (procent as `87,5 %`).

The data dictionary takes its descriptions from the table and column comments of the published
file (publish writes the dbt descriptions there), so the export depends on the published artefact
alone; the dbt manifest (`--target-path`), when present, only adds each model's version and fills a
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
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

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

HIDDEN = ".."  # a value hidden by disclosure control, as Kolada and SCB print it
MAX_DECIMALS = 10

# --------------------------------------------------------------------------------------------------
# Swedish words for the codes in the data (a code without a word here is printed as it is)

GEO_LEVELS = {  # in the order of the hierarchy: also the order of the workbook's sheets
    "region": "Region",
    "kommunalforbund": "Kommunalförbund",
    "delregional_namnd": "Delregional nämnd",
    "kommun": "Kommun",
    "sjukhus": "Sjukhus",
    "vardcentral": "Vårdcentral",
    "team": "Team",
}
PERIOD_TYPES = {"year": "År", "quarter": "Kvartal", "month": "Månad"}
UNITS = {"procent": "procent", "dagar": "dagar", "antal": "antal", "per_1000": "per 1 000"}
SUPPRESSION = {"..": HIDDEN}  # one symbol for every hidden cell, whatever hid it
QUALITY = {  # the reports' wording (macro quality_flag_sv), shortened
    "ok": "ok",
    "incomplete": "ofullständigt",
    "followup_incomplete": "uppföljningstiden inte levererad än",
    "not_reported": "levererat utan denna uppgift",
    "not_scheduled": "mäts eller rapporteras inte denna period",
    "no_data": "inga data levererade",
    "zero_denominator": "nämnaren är noll",
}
QUALITY_EXPLAINED = {  # the Teckenförklaring's words for each flag (the reports' macro quality_flag_sv)
    "ok": "alla förväntade leveranser har kommit",
    "incomplete": "alla förväntade leveranser har inte kommit (se Täckning), eller för K och M: könet är "
                  "inte känt för alla (se Andel med känt kön)",
    "followup_incomplete": "uppföljningstiden (30 dagar efter perioden) är inte levererad än",
    "not_reported": "källan har levererat för perioden, men utan denna uppgift",
    "not_scheduled": "mäts eller rapporteras inte denna period (leveranskalendern)",
    "no_data": "inga data levererade för perioden",
    "zero_denominator": "nämnaren är noll, så kvoten saknas",
}
USABILITY = {"usable": "användbart", "incomplete": "ofullständigt", "missing": "saknas",
             "not_scheduled": "inte planerat"}
DELIVERY_STATUS = {"on_time": "i tid", "late": "sen", "missing": "saknas"}
READINESS = {"yes": "ja", "partly": "delvis", "no": "nej"}
ROLLUP = {"delivery": "leverans", "source_organisation": "källa och organisation", "source": "källa"}
DIRECTION = {"increase": "ökning", "decrease": "minskning", "none": "ingen"}
SEXES = {"T": "totalt", "K": "kvinnor", "M": "män"}  # the codes stay in the files (Kolada's), the words explain them
#: the exported columns that need more words than their header: the workbook's Teckenförklaring and
#: datakatalog.md both print these
EXPORT_COLUMNS_SV = {
    "Kön": "T = totalt (alla, också de vars kön inte är känt), K = kvinnor, M = män (Koladas koder). K och M "
           "finns för indikatorer som räknar personer eller vårdtillfällen där källan vet könet "
           "(dim_indicator.sex_breakdown); övriga har bara T. K + M = T där könet är känt för alla.",
    "KI 95 % nedre": "Nedre gräns för värdets 95 % konfidensintervall, i indikatorns enhet. Andelar: Wilsons "
                     "intervall; medelvärden (vårdtid): medelvärde ± 1,96 · s/√n. Tomt för antal, summor och "
                     "beläggning (de är inga stickprov) och där värdet saknas; `..` där värdet är dolt.",
    "KI 95 % övre": "Övre gräns för värdets 95 % konfidensintervall (se KI 95 % nedre).",
    "Andel med känt kön": "Andel (0–1) av raderna bakom totalen (T) vars kön är känt. Under 1 räknar K och M "
                          "inte med alla: deras Täckning multipliceras med andelen och Kvalitet blir "
                          "ofullständigt. Tom där totalen, kvinnorna eller männen i samma cell är dolda "
                          "(andelen binder totalen till kvinnor + män och kunde ringa in det dolda värdet).",
    "Statistiskt säkerställd förändring": "ja = förändringen mot samma period ett år tidigare är större än "
                                          "slumpvariationen (tvåsidigt test på 5 %-nivån: z-test för andelar, "
                                          "Welchs t-test för medelvärden); nej = förändringen ligger inom "
                                          "slumpvariationen, pilen i Riktning kan vara slump; tomt = inte "
                                          "testad (antal och summor, eller ett värde saknas eller är dolt).",
}
TARGET_KIND = {"target": "mål", "benchmark": "jämförelsevärde", "none": "inget"}

#: columns of marts.rpt_indicator_overview that are not report periods
OVERVIEW_FIXED = {"display_order", "indicator_id", "indicator_label_sv", "unit", "riktning", "niva",
                  "judged_period_sv"}


class ExportError(Exception):
    """A problem the user can fix (nothing published yet, a table missing from the published file)."""


# --------------------------------------------------------------------------------------------------
# Values as Swedish Excel reads them


def sv_number(value: int | float | Decimal) -> str:
    """A number for Swedish Excel: decimal comma, no thousands separator, at most 10 decimals.

    Integers stay integers (`2447`); other numbers are rounded to 10 decimals and trailing zeros
    dropped (`87,5`, `5,4460431655`, `1194` for 1194.0).
    """
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number here")
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(float(value)):
        raise ExportError(f"not a finite number: {value!r}")
    text = f"{value:.{MAX_DECIMALS}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text.replace(".", ",")


def csv_text(value: Any) -> str:
    """One CSV field: empty for missing, `ja`/`nej`, Swedish numbers, ISO dates, text as it is."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, (int, float, Decimal)):
        return sv_number(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def overview_number(text: str | None) -> str:
    """A value of rpt_indicator_overview ('2 447', '87,5%', '79,40%') as Swedish Excel reads a number."""
    if text is None:
        return ""
    cleaned = re.sub(r"\s", "", text).removesuffix("%")
    if cleaned == HIDDEN:
        return HIDDEN
    if not re.fullmatch(r"-?\d+(,\d+)?", cleaned):
        raise ExportError(f"rpt_indicator_overview: cannot read {text!r} as a number")
    return cleaned


def xlsx_number_format(decimals: int | None, unit: str | None) -> str:
    """Excel number format showing `decimals` decimals; procent values (87.5 = 87,5 %) get ' %'."""
    decimals = 0 if decimals is None else max(0, int(decimals))
    code = "#,##0" + ("." + "0" * decimals if decimals else "")
    return code + '" %"' if unit == "procent" else code


# --------------------------------------------------------------------------------------------------
# Tables: one select over the published file, Swedish headers, codes in words, `..` where hidden


@dataclass(frozen=True)
class Col:
    """One exported column: its Swedish header, the SQL giving it, and how to show it."""

    header: str
    sql: str
    labels: dict[str, str] | None = None
    hide_when: str | None = None  # SQL condition under which the value is printed as `..`
    xlsx_format: str | None = None  # Excel number format (None: General)


@dataclass
class Table:
    """Rows ready to write: Python values (numbers, dates, text), `..` already in place."""

    headers: list[str]
    rows: list[list[Any]]
    extras: list[dict[str, Any]] = field(default_factory=list)
    cols: list[Col] = field(default_factory=list)


def select(con: Any, cols: Sequence[Col], from_sql: str, order_sql: str,
           extras: dict[str, str] | None = None) -> Table:
    """Run one select and turn its rows into a `Table` (labels applied, hidden values as `..`)."""
    extras = extras or {}
    parts = [f"{c.sql} as c{i}" for i, c in enumerate(cols)]
    hides = [(i, c.hide_when) for i, c in enumerate(cols) if c.hide_when]
    parts += [f"coalesce(({cond}), false) as h{i}" for i, cond in hides]
    parts += [f"{sql} as x_{name}" for name, sql in extras.items()]
    query = f"select {', '.join(parts)} from {from_sql} order by {order_sql}"
    try:
        result = con.execute(query).fetchall()
    except Exception as error:  # a column or table the published file lacks: say which query
        raise ExportError(f"query on the published file failed: {error}\n{query}") from error
    n, h = len(cols), len(hides)
    table = Table(headers=[c.header for c in cols], rows=[], cols=list(cols))
    for record in result:
        row = list(record[:n])
        for j, (i, _) in enumerate(hides):
            if record[n + j]:
                row[i] = HIDDEN
        for i, c in enumerate(cols):
            if c.labels and isinstance(row[i], str) and row[i] != HIDDEN:
                row[i] = c.labels.get(row[i], row[i])
        table.rows.append(row)
        table.extras.append(dict(zip(extras, record[n + h:])))
    return table


def _key_join(left: str, right: str) -> str:
    return " and ".join(f"{right}.{k} = {left}.{k}"
                        for k in ("indicator_id", "geo_level", "geo_code", "period_type", "period_start"))


def csv_period(alias: str) -> str:
    """SQL for the period as the CSV files print it: the Swedish label (`Q1 2022`, `2022`), but months as
    SCB writes them (`2024M01`), because Excel and LibreOffice read `jan-24` as the date 24 January of
    the current year (the workbook's cells are typed, so it keeps `jan-24`)."""
    return (f"case when {alias}.period_type = 'month' then strftime({alias}.period_start, '%YM%m') "
            f"else {alias}.period_label_sv end")


GEO_ORDER = "list_position([" + ", ".join(f"'{k}'" for k in GEO_LEVELS) + "], {}::varchar)"
PERIOD_ORDER = "list_position([" + ", ".join(f"'{k}'" for k in PERIOD_TYPES) + "], {}::varchar)"
SEX_ORDER = "list_position([" + ", ".join(f"'{k}'" for k in SEXES) + "], {}::varchar)"

SHARE_FORMAT = "0.0%"
DATE_FORMAT = "yyyy-mm-dd"


def indicator_values(con: Any, for_csv: bool = True) -> Table:
    """marts.fct_indicator_values_v2 (a row per sex) with the indicator's and the geography's Swedish names and
    the usability reason.

    `for_csv`: months labelled `2024M01` (see `csv_period`); the workbook, whose cells are typed, keeps `jan-24`.
    """
    hidden = "v.suppression is not null"
    cols = [
        Col("Indikator-id", "v.indicator_id"),
        Col("Indikator", "i.indicator_name_sv"),
        Col("Geografinivå", "v.geo_level", GEO_LEVELS),
        Col("Kod", "v.geo_code"),
        Col("Geografi", "g.geo_name_sv"),
        Col("Periodtyp", "v.period_type", PERIOD_TYPES),
        Col("Period", csv_period("v") if for_csv else "v.period_label_sv"),
        Col("Periodstart", "v.period_start", xlsx_format=DATE_FORMAT),
        Col("Periodslut", "v.period_end", xlsx_format=DATE_FORMAT),
        Col("Kön", "v.sex"),
        Col("Värde", "v.value", hide_when=hidden),
        Col("KI 95 % nedre", "v.ci_lower", hide_when=hidden),
        Col("KI 95 % övre", "v.ci_upper", hide_when=hidden),
        Col("Enhet", "v.unit", UNITS),
        Col("Täljare", "v.numerator", hide_when=hidden),
        Col("Nämnare", "v.denominator", hide_when=hidden),
        Col("Röjandeskydd", "v.suppression", SUPPRESSION),
        Col("Kvalitet", "v.quality_flag", QUALITY),
        Col("Täckning", "v.coverage_share", xlsx_format=SHARE_FORMAT),
        # NULL in the mart wherever T, K or M of the cell is hidden (it would narrow the hidden one down)
        Col("Andel med känt kön", "v.sex_known_share", xlsx_format=SHARE_FORMAT),
        Col("Skäl", "u.reason"),
    ]
    # u: usability is judged on the totals, one row per cell, and its reason (a delivery missing, follow-up
    # time not passed) holds for K and M
    return select(
        con, cols,
        "marts.fct_indicator_values_v2 v "
        "join marts.dim_indicator i on i.indicator_id = v.indicator_id "
        "left join marts.dim_geography g on g.geo_level = v.geo_level and g.geo_code = v.geo_code "
        f"left join data_quality.dq_indicator_usability u on {_key_join('v', 'u')}",
        f"i.display_order, {GEO_ORDER.format('v.geo_level')}, g.geo_name_sv, v.geo_code, "
        f"{PERIOD_ORDER.format('v.period_type')}, v.period_start, {SEX_ORDER.format('v.sex')}",
        extras={"geo_level": "v.geo_level", "decimals": "i.display_decimals", "unit": "v.unit"})


def indicator_trend(con: Any) -> Table:
    """marts.fct_indicator_trend_v2 (a row per sex); `..` also where the value a year earlier is hidden."""
    here, before = "t.suppression is not null", "p.suppression is not null"
    cols = [
        Col("Indikator-id", "t.indicator_id"),
        Col("Indikator", "i.indicator_name_sv"),
        Col("Geografinivå", "t.geo_level", GEO_LEVELS),
        Col("Kod", "t.geo_code"),
        Col("Geografi", "g.geo_name_sv"),
        Col("Periodtyp", "t.period_type", PERIOD_TYPES),
        Col("Period", csv_period("t")),
        Col("Periodstart", "t.period_start"),
        Col("Kön", "t.sex"),
        Col("Värde", "t.value", hide_when=here),
        Col("Enhet", "i.unit", UNITS),
        Col("Föregående periodstart", "t.previous_period_start"),
        Col("Föregående värde", "t.previous_value", hide_when=before),
        Col("Förändring", "t.change_absolute", hide_when=f"{here} or {before}"),
        Col("Förändring (andel)", "t.change_relative", hide_when=f"{here} or {before}"),
        Col("Riktning", "t.riktning"),
        Col("Statistiskt säkerställd förändring", "t.change_is_significant"),
        Col("Mål/jämförelsevärde", "t.target_value"),
        Col("Nivå", "t.niva"),
        Col("Kvalitet", "t.quality_flag", QUALITY),
        Col("Röjandeskydd", "t.suppression", SUPPRESSION),
    ]
    return select(
        con, cols,
        "marts.fct_indicator_trend_v2 t "
        "join marts.dim_indicator i on i.indicator_id = t.indicator_id "
        "left join marts.dim_geography g on g.geo_level = t.geo_level and g.geo_code = t.geo_code "
        "left join marts.fct_indicator_values_v2 p on p.indicator_id = t.indicator_id and p.geo_level = t.geo_level "
        "and p.geo_code = t.geo_code and p.period_type = t.period_type and p.sex = t.sex "
        "and p.period_start = t.previous_period_start",
        f"i.display_order, {GEO_ORDER.format('t.geo_level')}, g.geo_name_sv, t.geo_code, "
        f"{PERIOD_ORDER.format('t.period_type')}, t.period_start, {SEX_ORDER.format('t.sex')}")


def delivery_coverage(con: Any) -> Table:
    cols = [
        Col("Källa", "d.source"),
        Col("Organisationskod", "d.org_code"),
        Col("Organisation", "g.geo_name_sv"),
        Col("Periodstart", "d.period_start"),
        Col("Status", "d.status", DELIVERY_STATUS),
        Col("Levererad", "d.delivered_at"),
        Col("Sista dag i tid", "d.deadline_date"),
        Col("Dagar sen", "d.days_late"),
        Col("Fil", "d.file_name"),
        Col("Version", "d.version"),
        Col("Rader levererade", "d.rows_delivered"),
        Col("Antal filer", "d.file_count"),
        Col("Senast levererad", "d.last_delivered_at"),
        Col("Har leveransdatum", "d.has_delivery_date_column"),
    ]
    return select(con, cols,
                  "data_quality.dq_delivery_coverage d left join marts.dim_geography g "
                  "on g.geo_code = d.org_code and g.geo_level in ('region', 'kommun')",
                  "d.source, d.org_code, d.period_start")


def indicator_usability(con: Any) -> Table:
    cols = [
        Col("Indikator-id", "u.indicator_id"),
        Col("Indikator", "i.indicator_name_sv"),
        Col("Geografinivå", "u.geo_level", GEO_LEVELS),
        Col("Kod", "u.geo_code"),
        Col("Geografi", "g.geo_name_sv"),
        Col("Periodtyp", "u.period_type", PERIOD_TYPES),
        Col("Period", csv_period("u")),
        Col("Periodstart", "u.period_start"),
        Col("Källa", "u.source"),
        Col("Användbarhet", "u.usability", USABILITY),
        Col("Kvalitet", "u.quality_flag", QUALITY),
        Col("Täckning", "u.coverage_share"),
        Col("Skäl", "u.reason"),
    ]
    return select(con, cols,
                  "data_quality.dq_indicator_usability u join marts.dim_indicator i on i.indicator_id = u.indicator_id "
                  "left join marts.dim_geography g on g.geo_level = u.geo_level and g.geo_code = u.geo_code",
                  f"i.display_order, {GEO_ORDER.format('u.geo_level')}, g.geo_name_sv, u.geo_code, "
                  f"{PERIOD_ORDER.format('u.period_type')}, u.period_start")


def followup_readiness(con: Any) -> Table:
    cols = [
        Col("Fråga nr", "r.question_order"),
        Col("Fråge-id", "r.question_id"),
        Col("Fråga", "r.question_sv"),
        Col("Indikator-id", "r.indicator_id"),
        Col("Indikator", "r.indicator_name_sv"),
        Col("Källa", "r.source"),
        Col("Perioder förväntade", "r.periods_expected"),
        Col("Perioder användbara", "r.periods_usable"),
        Col("Perioder ofullständiga", "r.periods_incomplete"),
        Col("Perioder utan värde", "r.periods_missing"),
        Col("Genomsnittlig täckning", "r.mean_coverage_share"),
        Col("Senaste period med värde", "r.latest_period_with_value"),
        Col("Kommuner med värde", "r.municipalities_with_value"),
        Col("Kan följas upp i dag", "r.can_follow_up_today", READINESS),
        Col("Luckor", "r.gaps"),
    ]
    return select(con, cols, "data_quality.rpt_followup_readiness r", "r.question_order, r.indicator_id")


def scorecard(con: Any) -> Table:
    cols = [
        Col("Nivå", "s.rollup_level", ROLLUP),
        Col("Källa", "s.source"),
        Col("Organisationskod", "s.org_code"),
        Col("Periodstart", "s.period_start"),
        Col("Status", "s.status", DELIVERY_STATUS),
        Col("Rader levererade", "s.rows_delivered"),
        Col("Fullständighet", "s.completeness_score"),
        Col("Aktualitet", "s.timeliness_score"),
        Col("Giltighet", "s.validity_score"),
        Col("Unikhet", "s.uniqueness_score"),
        Col("Konsistens", "s.consistency_score"),
        Col("Totalt", "s.overall_score"),
        Col("Betyg", "s.grade"),
    ]
    return select(con, cols, "data_quality.dq_scorecard s",
                  "list_position(['source', 'source_organisation', 'delivery'], s.rollup_level), "
                  "s.source, s.org_code, s.period_start")


@dataclass(frozen=True)
class OverviewPeriod:
    column: str
    period_type: str
    period_start: date
    label: str


def overview_periods(con: Any) -> list[OverviewPeriod]:
    """The report-period columns of rpt_indicator_overview (`q1_2022`, `jan_24`), matched to dim_period by label."""
    rows = con.execute("""
        select c.column_name, p.period_type, p.period_start, p.period_label_sv
        from duckdb_columns() c
        left join marts.dim_period p
            on c.column_name = lower(regexp_replace(p.period_label_sv, '[ -]', '_', 'g'))
        where c.database_name = current_database() and c.schema_name = 'marts'
          and c.table_name = 'rpt_indicator_overview'
        order by c.column_index""").fetchall()
    periods, unknown = [], []
    for column, ptype, start, label in rows:
        if column in OVERVIEW_FIXED:
            continue
        if ptype is None:
            unknown.append(column)
        else:
            periods.append(OverviewPeriod(column, ptype, start, label))
    if unknown:
        raise ExportError(f"rpt_indicator_overview has columns that are no period of dim_period: {unknown}")
    return periods


def _q(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def overview_csv_table(con: Any, periods: list[OverviewPeriod]) -> Table:
    """The published table as it is (its own rounding), numbers made readable for Swedish Excel."""
    rows = con.execute(f"""
        select display_order, indicator_id, indicator_label_sv, unit,
               {', '.join(_q(p.column) for p in periods)}, riktning, niva, judged_period_sv
        from marts.rpt_indicator_overview order by display_order""").fetchall()
    csv_labels = dict(con.execute(f"select period_label_sv, {csv_period('p')} from marts.dim_period p").fetchall())
    headers = ["Ordning", "Indikator-id", "Indikator", "Enhet", *(csv_labels.get(p.label, p.label) for p in periods),
               "Riktning", "Nivå", "Bedömd period"]
    n = len(periods)
    out = []
    for order, indicator_id, label, unit, *rest in rows:
        values, (riktning, niva, judged) = rest[:n], rest[n:]
        out.append([order, indicator_id, label, UNITS.get(unit, unit), *(overview_number(v) for v in values),
                    riktning, niva, csv_labels.get(judged, judged)])
    return Table(headers=headers, rows=out)


def overview_sheet_table(con: Any, periods: list[OverviewPeriod]) -> Table:
    """The published table with the region's values as numbers (full precision; the format rounds)."""
    indicators = con.execute("""
        select o.indicator_id, o.indicator_label_sv, o.unit, i.display_decimals, o.riktning, o.niva,
               o.judged_period_sv
        from marts.rpt_indicator_overview o join marts.dim_indicator i on i.indicator_id = o.indicator_id
        order by o.display_order""").fetchall()
    cells = {(i, t, s): (v, sup) for i, t, s, v, sup in con.execute(
        "select indicator_id, period_type, period_start, value, suppression from marts.fct_indicator_values_v2 "
        "where geo_level = 'region' and sex = 'T'").fetchall()}
    headers = ["Indikator", "Enhet", *(p.label for p in periods), "Riktning", "Nivå", "Bedömd period",
               "Indikator-id"]
    table = Table(headers=headers, rows=[])
    for indicator_id, label, unit, decimals, riktning, niva, judged in indicators:
        values = []
        for p in periods:
            value, suppression = cells.get((indicator_id, p.period_type, p.period_start), (None, None))
            values.append(HIDDEN if suppression is not None else value)
        table.rows.append([label, UNITS.get(unit, unit), *values, riktning, niva, judged, indicator_id])
        table.extras.append({"decimals": decimals, "unit": unit})
    return table


# --------------------------------------------------------------------------------------------------
# Writers


def write_csv(path: Path, table: Table) -> int:
    """Swedish Excel CSV: UTF-8 with BOM, `;`, CRLF line ends; returns the number of data rows."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", quotechar='"', quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        writer.writerow(table.headers)
        for row in table.rows:
            writer.writerow([csv_text(v) for v in row])
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


def _text_cell(ws: Any, value: str) -> Any:
    """A cell openpyxl writes as text even when it starts with `=` (else it would become a formula)."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=value)
    if value.startswith("="):
        cell.data_type = "s"
    return cell


def _print_landscape_fit_width(ws: Any) -> None:
    """Printed (or as PDF) on landscape pages as wide as the sheet, as many pages down as needed."""
    from openpyxl.worksheet.properties import PageSetupProperties

    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def _data_sheet(wb: Any, title: str, table: Table,
                formats: Callable[[int, dict[str, Any]], str | None] | None = None, landscape: bool = False,
                centered: Sequence[str] = ()) -> None:
    """A sheet with one header row (bold, frozen, autofilter), numbers as numbers, `..` right-aligned."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title)
    if landscape:  # before the first row: a write-only sheet streams its header XML with it
        _print_landscape_fit_width(ws)
    ncols = len(table.headers)
    for j, header in enumerate(table.headers):
        ws.column_dimensions[get_column_letter(j + 1)].width = _width((r[j] for r in table.rows), header)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(ncols)}{len(table.rows) + 1}"
    bold, right, center = Font(bold=True), Alignment(horizontal="right"), Alignment(horizontal="center")
    header_cells = []
    for header in table.headers:
        cell = WriteOnlyCell(ws, value=header)
        cell.font = bold
        header_cells.append(cell)
    ws.append(header_cells)
    col_formats = [c.xlsx_format for c in table.cols] if table.cols else [None] * ncols
    for row, extra in zip(table.rows, table.extras or [{}] * len(table.rows)):
        out: list[Any] = []
        for j, value in enumerate(row):
            if value == HIDDEN:
                cell = WriteOnlyCell(ws, value=HIDDEN)
                cell.alignment = right
                out.append(cell)
                continue
            fmt = (formats(j, extra) if formats else None) or col_formats[j]
            if fmt is None and isinstance(value, date):
                fmt = DATE_FORMAT
            if fmt is not None and value is not None:
                cell = WriteOnlyCell(ws, value=value)
                cell.number_format = fmt
                out.append(cell)
            elif isinstance(value, str) and value.startswith("="):
                out.append(_text_cell(ws, value))
            elif table.headers[j] in centered:
                cell = WriteOnlyCell(ws, value=value)
                cell.alignment = center
                out.append(cell)
            else:
                out.append(value)
        ws.append(out)


def _legend_sheet(wb: Any, con: Any, published_at: str | None) -> None:
    """Teckenförklaring: the symbols, the Swedish words for the codes, the indicator definitions."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet("Teckenförklaring")
    bold = Font(bold=True)
    top = Alignment(vertical="top")  # no wrapping: row heights would not follow in every program
    rows: list[tuple[list[Any], bool]] = [  # (cells, bold)
        (["Teckenförklaring", ""], True),
        (["Symbol", "Betydelse"], True),
        ([HIDDEN, "Dolt för att skydda enskilda (röjandeskydd): värde, täljare, nämnare och intervall visas inte. "
                  "Samma tecken för varje dold cell, oavsett varför den döljs."], False),
        (["(tom)", "Saknas: se kolumnerna Kvalitet och Skäl (inte levererat, inte rapporterat, mäts inte "
                   "denna period, uppföljningstiden inte passerad, nämnaren är noll)."], False),
        (["0", "Noll: ingen, inget är dolt."], False),
        (["", ""], False),
        (["Riktning", "Jämfört med samma period ett år tidigare, i förhållande till önskad riktning"], True),
        (["↑", "förbättring"], False),
        (["→", "oförändrat (inom toleransen)"], False),
        (["↓", "försämring"], False),
        (["?", "kan inte beräknas (inget värde, inget värde ett år tidigare eller ingen önskad riktning)"],
         False),
        (["≈", "(i rapporten, en grå pil med ≈) förändringen ligger inom slumpvariationen (95 %): kolumnen "
               "Statistiskt säkerställd förändring i trend.csv är nej"], False),
        (["", ""], False),
        (["Nivå", "Jämfört med indikatorns mål eller jämförelsevärde"], True),
        (["+", "når målet eller jämförelsevärdet"], False),
        (["−", "når det inte"], False),
        (["?", "inget mål eller jämförelsevärde, eller inget värde"], False),
        (["", ""], False),
        (["Kön", "Kolumnen Kön (Koladas koder)"], True),
        *(([code, word], False) for code, word in SEXES.items()),
        (["", ""], False),
        (["Kolumn", "Kolumner som behöver en förklaring"], True),
        *(([header, text], False) for header, text in EXPORT_COLUMNS_SV.items()),
        (["", ""], False),
        (["Kvalitet", "Betydelse av kolumnen Kvalitet"], True),
        *(([word, f"{QUALITY_EXPLAINED.get(code, code)} (kod {code})"], False) for code, word in QUALITY.items()),
        (["", ""], False),
        (["Värden", "Procent som tal (87,5 = 87,5 %); i bladen visas så många decimaler som indikatorn "
                    "redovisas med, cellen har full precision. Täckning är en andel (visas i %)."], False),
        (["Källa", "Publicerad version " + (published_at or "(okänd)") + " av nara_vard, tabellerna marts.* "
                   "och data_quality.*; se datakatalog.md."], False),
        (["", ""], False),
    ]
    definitions = con.execute("""
        select indicator_id, indicator_name_sv, definition_en, numerator_definition, denominator_definition,
               unit, display_decimals, desired_direction, target_value, target_kind, target_note
        from marts.dim_indicator order by display_order""").fetchall()
    def_headers = ["Indikator-id", "Indikator", "Definition (engelska)", "Täljare", "Nämnare", "Enhet",
                   "Decimaler", "Önskad riktning", "Mål/jämförelsevärde", "Typ", "Om målet"]
    widths = [26, 45, 60, 50, 50, 10, 10, 16, 20, 16, 60]
    for j, w in enumerate(widths):
        ws.column_dimensions[get_column_letter(j + 1)].width = w
    for cells, is_bold in rows:
        written = []
        for value in cells:
            cell = _text_cell(ws, value)
            cell.alignment = top
            if is_bold:
                cell.font = bold
            written.append(cell)
        ws.append(written)
    title = WriteOnlyCell(ws, value="Indikatorer")
    title.font = bold
    ws.append([title])
    header_row = len(rows) + 2
    head = []
    for h in def_headers:
        cell = WriteOnlyCell(ws, value=h)
        cell.font = bold
        head.append(cell)
    ws.append(head)
    for (indicator_id, name, definition, numerator, denominator, unit, decimals, direction, target, kind,
         note) in definitions:
        values = [indicator_id, name, definition, numerator, denominator, UNITS.get(unit, unit), decimals,
                  DIRECTION.get(direction, direction), target, TARGET_KIND.get(kind, kind), note]
        out = []
        for value in values:
            cell = _text_cell(ws, value) if isinstance(value, str) else WriteOnlyCell(ws, value=value)
            cell.alignment = top
            out.append(cell)
        ws.append(out)
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(def_headers))}{header_row + len(definitions)}"


def write_workbook(path: Path, con: Any, periods: list[OverviewPeriod], published_at: str | None,
                   progress: Callable[[str], None]) -> dict[str, int]:
    """nara_vard_indikatorer.xlsx: Översikt, one sheet per geography level with rows, Teckenförklaring."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    sheets: dict[str, int] = {}
    overview = overview_sheet_table(con, periods)
    period_cols = range(2, 2 + len(periods))
    _data_sheet(wb, "Översikt", overview,
                lambda j, x: xlsx_number_format(x["decimals"], x["unit"]) if j in period_cols else None,
                landscape=True, centered=("Riktning", "Nivå"))
    sheets["Översikt"] = len(overview.rows)
    values = indicator_values(con, for_csv=False)
    value_cols = {values.headers.index(h) for h in ("Värde", "KI 95 % nedre", "KI 95 % övre")}
    by_level: dict[str, Table] = {}
    for row, extra in zip(values.rows, values.extras):
        level = extra["geo_level"]
        table = by_level.setdefault(level, Table(headers=values.headers, rows=[], cols=values.cols))
        table.rows.append(row)
        table.extras.append(extra)
    levels = [lvl for lvl in GEO_LEVELS if lvl in by_level] + sorted(set(by_level) - set(GEO_LEVELS))
    for level in levels:
        title = GEO_LEVELS.get(level, level)[:31]
        _data_sheet(wb, title, by_level[level],
                    lambda j, x: xlsx_number_format(x["decimals"], x["unit"]) if j in value_cols else None)
        sheets[title] = len(by_level[level].rows)
        progress(f"  {WORKBOOK}: sheet {title} ({len(by_level[level].rows)} rows)")
    _legend_sheet(wb, con, published_at)
    sheets["Teckenförklaring"] = 0
    wb.save(path)
    return sheets


# --------------------------------------------------------------------------------------------------
# Data dictionary


VALUE_UNIT = "indikatorns enhet (dim_indicator.unit: procent, dagar, antal eller per 1 000)"
SHARE = "andel 0–1"
COLUMN_UNITS: dict[tuple[str | None, str], str] = {
    ("fct_indicator_values", "value"): VALUE_UNIT,
    ("fct_indicator_values", "numerator"): "beror på indikatorn (dim_indicator.numerator_definition)",
    ("fct_indicator_values", "denominator"): "beror på indikatorn (dim_indicator.denominator_definition)",
    ("fct_indicator_values", "base_count"): "tas inte längre med (alltid tom; röjandeskydd)",
    ("fct_indicator_trend", "value"): VALUE_UNIT,
    ("fct_indicator_trend", "previous_value"): VALUE_UNIT,
    ("fct_indicator_trend", "change_absolute"): VALUE_UNIT,
    ("fct_indicator_trend", "change_relative"): "andel (0,05 = 5 %)",
    ("fct_indicator_trend", "target_value"): VALUE_UNIT,
    ("fct_indicator_values", "ci_lower"): VALUE_UNIT,
    ("fct_indicator_values", "ci_upper"): VALUE_UNIT,
    ("fct_indicator_values", "sex_known_share"): SHARE,
    ("rpt_indicator_overview_cells", "ci_lower"): VALUE_UNIT,
    ("rpt_indicator_overview_cells", "ci_upper"): VALUE_UNIT,
    ("rpt_indicator_series", "ci_lower"): VALUE_UNIT,
    ("rpt_indicator_series", "ci_upper"): VALUE_UNIT,
    (None, "sex"): "kod: T totalt, K kvinnor, M män",
    (None, "change_is_significant"): "ja/nej, tom = inte testad (test på 5 %-nivån)",
    ("dim_indicator", "target_value"): "indikatorns enhet (kolumnen unit)",
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


def dictionary(con: Any, manifest: dict[str, Any] | None,
               overview_columns: set[str]) -> tuple[list[dict[str, Any]], list[str]]:
    """Every published table and column: descriptions from the file's comments, the manifest for the rest.

    Returns (tables, notes); each table is {schema, table, version, rows, description, columns: [...]}.
    """
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
            unit = COLUMN_UNITS.get((re.sub(r"_v\d+$", "", table), name)) or COLUMN_UNITS.get((None, name), "")
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


def dictionary_table(tables: list[dict[str, Any]]) -> Table:
    """datakatalog.csv: a row per table (Kolumn empty) followed by a row per column."""
    headers = ["Tabell", "Kolumn", "Datatyp", "Enhet", "Beskrivning", "Version", "Rader"]
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


def dictionary_markdown(tables: list[dict[str, Any]], notes: list[str], published_at: str | None) -> str:
    lines = [
        "# Datakatalog: nara_vard, publicerade tabeller",
        "",
        f"Genererad {datetime.now(timezone.utc).isoformat(timespec='seconds')} av `nara-vard export` ur den "
        f"publicerade filen `{PUBLISHED_DB}` (publicerad {published_at or 'okänt när'}). Beskrivningarna är "
        "dbt-modellernas, lagrade som kommentarer i den publicerade filen. Tabeller och kolumner som i "
        "`datakatalog.csv`; `Enhet` är tom där kolumnen inte har någon enhet.",
        "",
        "Symboler i exporterna: `..` = dolt för att skydda enskilda (`suppression` är inte NULL), tom = saknas "
        "(`quality_flag` och `dq_indicator_usability.reason` säger varför), `0` = noll.",
        "",
        "Indikatorvärdena (`indikatorvarden.csv`, arbetsbokens blad per geografinivå) och `trend.csv` läses ur "
        "`fct_indicator_values_v2` och `fct_indicator_trend_v2`: en rad per indikator × geografi × period × kön. "
        "Kolumner som behöver en förklaring:",
        "",
        "| Kolumn i exporten | Betydelse |",
        "|---|---|",
        *(f"| {header} | {_md_cell(text)} |" for header, text in EXPORT_COLUMNS_SV.items()),
        "",
    ]
    for note in notes:
        lines += [f"> Obs: {note}", ""]
    lines += ["| Tabell | Version | Rader |", "|---|---|---|"]
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


def _export_lock(published: Path):
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
                core = ["marts.fct_indicator_values_v2", "marts.dim_indicator", "marts.dim_geography",
                        "marts.dim_period", "marts.rpt_indicator_overview", "data_quality.dq_indicator_usability"]
                missing = [t for t in core if t not in present]
                if missing:
                    raise ExportError(f"the published file {db} lacks {', '.join(missing)}; "
                                      "publish a current build (`nara-vard publish`)")
                periods = overview_periods(con)
                csv_files: list[tuple[str, Callable[[], Table], str | None]] = [
                    ("indikatorvarden.csv", lambda: indicator_values(con), None),
                    ("oversikt.csv", lambda: overview_csv_table(con, periods), None),
                    ("trend.csv", lambda: indicator_trend(con), "marts.fct_indicator_trend_v2"),
                    ("leveranser.csv", lambda: delivery_coverage(con), "data_quality.dq_delivery_coverage"),
                    ("anvandbarhet.csv", lambda: indicator_usability(con), None),
                    ("uppfoljningsbarhet.csv", lambda: followup_readiness(con), "data_quality.rpt_followup_readiness"),
                    ("kvalitetsbetyg.csv", lambda: scorecard(con), "data_quality.dq_scorecard"),
                ]
                for name, make, needs in csv_files:
                    if needs and needs not in present:
                        progress(f"  {name}: skipped, {needs} is not in the published file")
                        continue
                    started = time.perf_counter()
                    rows = write_csv(tmp / name, make())
                    files[name] = {"rows": rows}
                    progress(f"  {name}: {rows} rows ({time.perf_counter() - started:.1f} s)")
                started = time.perf_counter()
                sheets = write_workbook(tmp / WORKBOOK, con, periods, published_at, progress)
                files[WORKBOOK] = {"sheets": sheets}
                progress(f"  {WORKBOOK}: {len(sheets)} sheets ({time.perf_counter() - started:.1f} s)")
                tables, notes = dictionary(con, manifest, {p.column for p in periods})
                dictionary_rows = write_csv(tmp / "datakatalog.csv", dictionary_table(tables))
                files["datakatalog.csv"] = {"rows": dictionary_rows}
                (tmp / "datakatalog.md").write_text(dictionary_markdown(tables, notes, published_at) + "\n",
                                                    encoding="utf-8")
                files["datakatalog.md"] = {}
                for note in notes:
                    progress(f"  note: {note}")
                progress(f"  datakatalog.csv, datakatalog.md: {len(tables)} tables, "
                         f"{sum(len(t['columns']) for t in tables)} columns")
            for name in files:
                files[name]["bytes"] = (tmp / name).stat().st_size
                fsync_path(tmp / name)
            meta = {
                "exported_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "published_database": str(db.resolve()),
                "published_at": published_at,
                "dbt_manifest": str((target_path / "manifest.json").resolve()) if manifest is not None else None,
                "conventions": {"encoding": "UTF-8 with BOM", "separator": ";", "decimal": ",",
                                "hidden": HIDDEN, "missing": "", "dates": "YYYY-MM-DD",
                                "max_decimals": MAX_DECIMALS},
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
