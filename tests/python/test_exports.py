"""`nara-vard export`: the files people open say what the published artefact says.

The built warehouse is published into a temporary folder (as `make build` does) and exported from
there. Every check compares with the published DuckDB file read here on its own, never with the
export code: the CSV files byte by byte (BOM, `;`, decimal comma, `..` exactly where `suppression`
is set, empty where a value is missing and the reason in dim_label's words beside it), and both the
CSV files and the workbook as a real spreadsheet program reads them: LibreOffice Calc, headless, with a
Swedish locale. The indicator values and the trend are the v2 tables: a row per sex (Kön T/K/M), the
95 % interval and whether a change is beyond noise, with exactly as many rows per sex as the published
tables. Values are rounded to the indicator's `display_decimals` in the files people read (checked
against the published value: within half a unit of the last decimal, with exactly that many decimals)
and unrounded in `indikatorvarden_oavrundade.csv`. Periods are SCB's codes (`dim_period.period_code`).

The suite's landing is the generator's, so the published figures are synthetic: the data files carry
the prefix `SYNTETISKA_DATA_` and the column `Obs` (tests/python/test_exports_leaders.py checks the
labelling in detail, and its absence on a real landing).
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from conftest import exported
from nara_vard.paths import REPO_ROOT, SEEDS_DIR

#: one overview row per indicator of the catalogue (the seed the project loads)
with open(SEEDS_DIR / "reference__indicators.csv", encoding="utf-8", newline="") as _catalogue:
    CATALOGUE_SIZE = sum(1 for _ in csv.DictReader(_catalogue))

BOM = b"\xef\xbb\xbf"
VALUES_HEADER = ["Indikator-id", "Indikator", "Geografinivå", "Kod", "Geografi", "Periodtyp", "Period", "Periodstart",
                 "Periodslut", "Kön", "Värde", "KI 95 % nedre", "KI 95 % övre", "Enhet", "Täljare", "Nämnare",
                 "Röjandeskydd", "Kvalitet", "Saknas därför", "Täckning", "Andel med känt kön", "Skäl"]
#: the workbook's sheets per geography level: the same without the indicator's code name
SHEET_HEADER = VALUES_HEADER[1:]
SEXES = ("T", "K", "M")
SWEDISH_NUMBER = re.compile(r"-?\d+(,\d{1,10})?")
PREFIX = "SYNTETISKA_DATA_"
NOTICE_COLUMN = "Obs"
#: LibreOffice's CSV import: `;`, `"`, UTF-8 (76), first line 1, standard cell formats, Swedish (LCID 1053)
SWEDISH_CSV_IMPORT = "CSV:59,34,76,1,,1053"
#: CSV export of every sheet (-1), `;`, UTF-8, cell contents as shown (in the profile's sv-SE locale)
CSV_AS_SHOWN = "csv:Text - txt - csv (StarCalc):59,34,76,1,,1053,false,true,true,false,false,-1"


def _cli() -> Path:
    return Path(sys.executable).parent / "nara-vard"


@pytest.fixture(scope="module")
def published(built_warehouse: Path, published_folder: Path) -> Path:
    """The suite's published folder (conftest), exported once per session (by whichever test needs it first)
    with the build database out of reach: the export must need nothing but the published folder."""
    return exported(published_folder, built_warehouse.parent / "target")


@pytest.fixture(scope="module")
def pub(published: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(published / "nara_vard.duckdb"), read_only=True)


@pytest.fixture(scope="module")
def export_dir(published: Path) -> Path:
    return published / "export"


@pytest.fixture(scope="module")
def synthetic(published: Path) -> bool:
    """Whether the suite's publication is synthetic (the generator's landing: it is)."""
    return json.loads((published / "_published.json").read_text(encoding="utf-8")).get("synthetic_data") is True


@pytest.fixture(scope="module")
def name(synthetic: bool):
    """The file name a data file has in this export."""
    return lambda base: (PREFIX + base) if synthetic and base.endswith((".csv", ".xlsx")) else base


@pytest.fixture(scope="module")
def words(pub) -> dict[str, dict[str, tuple[str, str]]]:
    """dim_label as domain -> code -> (label, long label), read here from the published file."""
    out: dict[str, dict[str, tuple[str, str]]] = {}
    for domain, code, label, long in pub.execute(
            "select domain, code, label_sv, label_long_sv from marts.dim_label order by domain, sort_order").fetchall():
        out.setdefault(domain, {})[code] = (label, long)
    return out


@pytest.fixture(scope="module")
def levels(words) -> dict[str, str]:
    """Geography level word -> code."""
    return {label: code for code, (label, _) in words["geo_level"].items()}


@pytest.fixture(scope="module")
def period_types(words) -> dict[str, str]:
    return {label: code for code, (label, _) in words["period_type"].items()}


@pytest.fixture(scope="module")
def decimals(pub) -> dict[str, int]:
    return dict(pub.execute("select indicator_id, display_decimals from marts.dim_indicator").fetchall())


def _read_csv(path: Path, synthetic: bool = False) -> list[dict[str, str]]:
    """The rows of an export CSV file; on synthetic figures the first column is the notice, dropped here."""
    raw = path.read_bytes()
    assert raw.startswith(BOM), f"{path.name} does not start with the UTF-8 BOM"
    text = raw[len(BOM):].decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    if synthetic:
        assert rows and all(r.pop(NOTICE_COLUMN).startswith("Syntetiska data") for r in rows), path.name
    return rows


def _number(text: str) -> float:
    assert SWEDISH_NUMBER.fullmatch(text), f"not a Swedish number without thousands separator: {text!r}"
    return float(text.replace(",", "."))


def _decimals_of(text: str) -> int:
    return len(text.partition(",")[2])


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _rounded_ok(text: str, value: float, places: int) -> bool:
    """`text` is `value` rounded to `places` decimals, written with exactly that many."""
    return _decimals_of(text) == places and abs(_number(text) - value) <= 0.5 * 10 ** -places + 1e-9


def _published_values(pub: duckdb.DuckDBPyConnection) -> dict[tuple, tuple]:
    """fct_indicator_values_v2 by (indicator, level, code, period type, start, sex), with whether any of the
    cell's T, K and M is hidden."""
    return {(i, lvl, code, t, s.isoformat(), sex): rest for i, lvl, code, t, s, sex, *rest in pub.execute("""
        select v.indicator_id, v.geo_level, v.geo_code, v.period_type, v.period_start, v.sex, v.period_end,
               p.period_code, v.value, v.numerator, v.denominator, v.base_count, v.suppression,
               g.geo_name_sv, v.coverage_share, v.ci_lower, v.ci_upper, v.sex_known_share,
               count(v.suppression) over (partition by v.indicator_id, v.geo_level, v.geo_code, v.period_type,
                                                       v.period_start) > 0 as any_sex_hidden,
               v.missing_reason
        from marts.fct_indicator_values_v2 v
        left join marts.dim_geography g on g.geo_level = v.geo_level and g.geo_code = v.geo_code
        left join marts.dim_period p on p.period_type = v.period_type and p.period_start = v.period_start
        """).fetchall()}


def _rows_per_sex(pub: duckdb.DuckDBPyConnection, table: str, where: str = "true") -> dict[str, int]:
    return dict(pub.execute(f"select sex, count(*) from {table} where {where} group by sex").fetchall())


def _hidden_count(pub: duckdb.DuckDBPyConnection, where: str = "true") -> int:
    return pub.execute(f"select count(*) from marts.fct_indicator_values_v2 where suppression is not null and {where}"
                       ).fetchone()[0]


def _overview_periods(pub) -> list[tuple[str, str]]:
    """(column of rpt_indicator_overview, SCB period code) in the table's order."""
    return pub.execute("""
        select distinct c.column_order, c.column_name, p.period_code
        from marts.rpt_indicator_overview_cells_v2 c
        join marts.dim_period p on p.period_type = c.period_type and p.period_start = c.period_start
        order by c.column_order""").fetchall()


# --------------------------------------------------------------------------------------------------
# The folder


def test_export_folder_is_complete_and_swapped_in_whole(published: Path, export_dir: Path, name,
                                                        built_warehouse: Path, tmp_path: Path) -> None:
    expected = {name(n) for n in (
        "indikatorvarden.csv", "indikatorvarden_oavrundade.csv", "oversikt.csv", "trend.csv", "kommunjamforelse.csv",
        "leveranser.csv", "anvandbarhet.csv", "uppfoljningsbarhet.csv", "kvalitetsbetyg.csv",
        "nara_vard_indikatorer.xlsx", "datakatalog.csv", "datakatalog.md", "_export.json")}
    assert expected <= {p.name for p in export_dir.iterdir()}
    assert not [p for p in published.iterdir() if p.name.startswith((".export.partial-", ".export.old-"))]

    # a second export, without a dbt manifest, replaces the folder as a whole; on a copy, as tests on the other
    # worker read the suite's export meanwhile
    published = tmp_path / "published"
    shutil.copytree(export_dir.parent, published, ignore=shutil.ignore_patterns(".export.*"))
    export_dir = published / "export"
    marker = export_dir / "left-over-from-before.txt"
    marker.write_text("x", encoding="utf-8")
    result = subprocess.run([_cli(), "export", "--published", str(published), "--target-path",
                             str(tmp_path / "no-target")], cwd=REPO_ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not marker.exists()
    assert expected <= {p.name for p in export_dir.iterdir()}
    assert not [p for p in published.iterdir() if p.name.startswith((".export.partial-", ".export.old-"))]
    assert "no dbt manifest" in result.stdout
    assert str(export_dir) in result.stdout, result.stdout  # it ends saying where the files are


def test_export_without_a_published_database_says_what_to_do(tmp_path: Path) -> None:
    result = subprocess.run([_cli(), "export", "--published", str(tmp_path)], cwd=REPO_ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "nara-vard publish" in result.stderr
    assert not (tmp_path / "export").exists()


# --------------------------------------------------------------------------------------------------
# CSV bytes against the published file


def test_indicator_values_csv_matches_the_published_file_row_by_row(export_dir: Path, pub, name, synthetic, words,
                                                                   levels, period_types, decimals) -> None:
    path = export_dir / name("indikatorvarden.csv")
    raw = path.read_bytes()
    assert raw.startswith(BOM)
    first_line = raw[len(BOM):].split(b"\r\n", 1)[0].decode("utf-8")
    # å ä ö in the headers, `;` between them (the notice column first on synthetic figures)
    assert first_line == ";".join([NOTICE_COLUMN] * synthetic + VALUES_HEADER)
    rows = _read_csv(path, synthetic)
    published = _published_values(pub)
    assert len(rows) == len(published)
    # one row per published row of each sex: a join that lost or doubled rows shows here
    per_sex = {sex: sum(1 for r in rows if r["Kön"] == sex) for sex in SEXES}
    assert per_sex == _rows_per_sex(pub, "marts.fct_indicator_values_v2"), per_sex
    assert per_sex["T"] == pub.execute("select count(*) from marts.fct_indicator_values").fetchone()[0]  # v1
    assert per_sex["K"] == per_sex["M"] > 10000
    reasons = {code: long for code, (_, long) in words["missing_reason"].items()}
    unit_words = {label for label, _ in words["unit"].values()}

    hidden = missing = shown = with_interval = 0
    seen = set()
    for row in rows:
        key = (row["Indikator-id"], levels[row["Geografinivå"]], row["Kod"], period_types[row["Periodtyp"]],
               row["Periodstart"], row["Kön"])
        assert key in published, key
        seen.add(key)
        (end, code, value, numerator, denominator, base_count, suppression, geo_name, coverage, ci_lower, ci_upper,
         sex_known, any_sex_hidden, missing_reason) = published[key]
        places = decimals[key[0]]
        assert base_count is None  # withdrawn from the published tables
        assert row["Periodslut"] == end.isoformat()
        assert row["Period"] == code  # SCB's period code: 2023, 2022K1, 2024M01
        assert row["Geografi"] == geo_name
        assert row["Enhet"] in unit_words
        if any_sex_hidden:  # the share of known sex ties T to K + M: never next to a hidden one
            assert row["Andel med känt kön"] == "" and sex_known is None, (key, row)
        elif sex_known is None:
            assert row["Andel med känt kön"] == "", (key, row)
        else:
            assert _rounded_ok(row["Andel med känt kön"], sex_known, 3), (key, row)
        # why a value is missing, in dim_label's words (NULL with a value)
        assert row["Saknas därför"] == ("" if missing_reason is None else reasons[missing_reason]), (key, row)
        if suppression is not None:
            hidden += 1
            assert [row["Värde"], row["KI 95 % nedre"], row["KI 95 % övre"], row["Täljare"], row["Nämnare"],
                    ] == [".."] * 5, (key, row)
            assert row["Röjandeskydd"] == ".."  # one symbol, whatever hid the cell
            assert missing_reason == "hidden"
            continue
        assert ".." not in (row["Värde"], row["KI 95 % nedre"], row["KI 95 % övre"], row["Täljare"],
                            row["Nämnare"]), (key, row)
        for field, expected in (("KI 95 % nedre", ci_lower), ("KI 95 % övre", ci_upper)):
            assert (row[field] == "") if expected is None else _rounded_ok(row[field], expected, places), (key, field)
        with_interval += ci_lower is not None
        assert row["Röjandeskydd"] == ""
        if value is None:
            missing += 1
            assert row["Värde"] == "" and missing_reason is not None, (key, row)
        else:
            shown += 1
            assert _rounded_ok(row["Värde"], value, places), (key, row["Värde"], value, places)
        for field, expected in (("Täljare", numerator), ("Nämnare", denominator)):
            if expected is None:
                assert row[field] == ""
            else:
                assert _rounded_ok(row[field], expected, 0), (key, field, row[field], expected)
        assert (row["Täckning"] == "") if coverage is None else _rounded_ok(row["Täckning"], coverage, 3)
    assert seen == set(published)
    # the default landing has hundreds of hidden cells per sex, thousands of gaps and of intervals
    assert hidden == _hidden_count(pub) > 2000 and missing > 1000 and shown > 10000, (hidden, missing, shown)
    assert with_interval > 10000
    names = {row["Geografi"] for row in rows}
    assert {"Göteborg", "Borås", "Härryda"} <= names
    assert any("ä" in row["Indikator"] for row in rows)


def test_unrounded_values_keep_full_precision(export_dir: Path, pub, name, synthetic, levels, period_types) -> None:
    """indikatorvarden_oavrundade.csv: the same rows, the published values to 10 decimals, for analysts."""
    rows = _read_csv(export_dir / name("indikatorvarden_oavrundade.csv"), synthetic)
    published = _published_values(pub)
    assert len(rows) == len(published) and list(rows[0]) == VALUES_HEADER
    more_decimals = 0
    for row in rows:
        key = (row["Indikator-id"], levels[row["Geografinivå"]], row["Kod"], period_types[row["Periodtyp"]],
               row["Periodstart"], row["Kön"])
        _, code, value, numerator, _, _, suppression, _, _, ci_lower, _, _, _, _ = published[key]
        assert row["Period"] == code
        if suppression is not None:
            assert row["Värde"] == row["Täljare"] == ".."
            continue
        for field, expected in (("Värde", value), ("KI 95 % nedre", ci_lower), ("Täljare", numerator)):
            if expected is None:
                assert row[field] == ""
            else:
                assert math.isclose(_number(row[field]), expected, rel_tol=1e-9, abs_tol=1e-10), (key, field)
        more_decimals += value is not None and _decimals_of(row["Värde"]) > 3
    assert more_decimals > 10000  # unrounded indeed


def test_overview_csv_is_the_published_table(export_dir: Path, pub, name, synthetic) -> None:
    rows = _read_csv(export_dir / name("oversikt.csv"), synthetic)
    periods = _overview_periods(pub)
    columns = [column for _, column, _ in periods]
    codes = [code for _, _, code in periods]
    published = pub.execute(f"""
        select indicator_id, indicator_label_sv, riktning, riktning_sv, niva, niva_sv, reference_kind,
               reference_label_sv, {', '.join(columns)}
        from marts.rpt_indicator_overview order by display_order""").fetchall()
    cells = {(i, c): rest for i, c, *rest in pub.execute("""
        select c.indicator_id, c.column_name, c.value, c.suppression, c.missing_symbol, c.note_sv, c.is_judged_period,
               p.period_code
        from marts.rpt_indicator_overview_cells_v2 c
        join marts.dim_period p on p.period_type = c.period_type and p.period_start = c.period_start
        where c.sex = 'T'""").fetchall()}
    assert len(rows) == len(published) == CATALOGUE_SIZE  # one row per catalogue indicator
    header = list(rows[0])
    assert header[4:4 + len(codes)] == codes and codes[0] == "2022K1" and codes[-1] == "2024M01"
    # Nivå compares with a goal only where there is one: its header never says "mål"
    assert not [h for h in header if "mål" in h.lower()], header
    marked_total = 0
    for row, (indicator_id, label, riktning, riktning_sv, niva, niva_sv, kind, reference, *values) in zip(rows,
                                                                                                       published):
        assert (row["Indikator-id"], row["Indikator"], row["Riktning"], row["Nivå"]) == (indicator_id, label,
                                                                                         riktning, niva)
        assert (row["Riktning i ord"], row["Nivå i ord"]) == (riktning_sv or "", niva_sv or "")
        assert row["Jämförs med"] == (reference or "")
        if kind == "benchmark":  # a benchmark is never called a goal
            assert row["Jämförs med"].startswith("jämförelsevärde") and "målet" not in row["Nivå i ord"], row
        elif kind == "target":
            assert row["Jämförs med"].startswith("mål")
        judged = [code for (i, _), (*_, is_judged, code) in cells.items() if i == indicator_id and is_judged]
        assert row["Bedömd period"] == (judged[0] if judged else "")
        marked = []
        for column, code, value in zip(columns, codes, values):
            cell_value, suppression, symbol, note, *_ = cells[(indicator_id, column)]
            if suppression is not None:
                assert row[code] == "..", (indicator_id, code)
            elif value is None:  # dim_label's symbol for why: `.`, `väntas`, `saknas`
                assert cell_value is None and row[code] == (symbol or ""), (indicator_id, code, row[code], symbol)
            else:
                # '2 447' → '2447', '87,5%' → '87,5', '79,40%' → '79,40': the table's own rounding, as a number
                assert row[code] == re.sub(r"\s|%", "", value), (indicator_id, code)
                if note is not None:
                    marked.append(code)
        assert row["Värden med *"] == " ".join(marked), (indicator_id, row["Värden med *"], marked)
        assert all(f"{code}: " in row["Anmärkning till *"] for code in marked)
        marked_total += len(marked)
    assert marked_total >= 9  # the municipal home health care's incomplete quarters
    assert rows[4]["2022K1"] == "2447" and rows[1]["2022K1"] == "87,5"


def test_trend_and_quality_csv_files(export_dir: Path, pub, name, synthetic, words, levels, period_types,
                                     decimals) -> None:
    trend = _read_csv(export_dir / name("trend.csv"), synthetic)
    published = {(i, lvl, code, t, s.isoformat(), sex): rest for i, lvl, code, t, s, sex, *rest in
                 pub.execute("""select t.indicator_id, t.geo_level, t.geo_code, t.period_type, t.period_start, t.sex,
                                       t.value, t.suppression, p.suppression, t.change_is_significant, dp.period_code,
                                       t.niva, i.reference_kind
                                from marts.fct_indicator_trend_v2 t left join marts.fct_indicator_values_v2 p
                                  on p.indicator_id = t.indicator_id and p.geo_level = t.geo_level
                                 and p.geo_code = t.geo_code and p.period_type = t.period_type and p.sex = t.sex
                                 and p.period_start = t.previous_period_start
                                join marts.dim_period dp on dp.period_type = t.period_type
                                 and dp.period_start = t.period_start
                                join marts.dim_indicator i on i.indicator_id = t.indicator_id""").fetchall()}
    assert len(trend) == len(published)
    assert {sex: sum(1 for r in trend if r["Kön"] == sex) for sex in SEXES} == _rows_per_sex(
        pub, "marts.fct_indicator_trend_v2")
    yes, no = words["yes_no"]["true"][0], words["yes_no"]["false"][0]
    significance = {yes: 0, no: 0, "": 0}
    for row in trend:
        key = (row["Indikator-id"], levels[row["Geografinivå"]], row["Kod"], period_types[row["Periodtyp"]],
               row["Periodstart"], row["Kön"])
        value, suppression, previous_suppression, significant, code, niva, kind = published[key]
        assert row["Period"] == code
        shown = row["Statistiskt säkerställd förändring"]
        assert shown == ("" if significant is None else yes if significant else no), row
        significance[shown] += 1
        expected = ".." if suppression else ("" if value is None else None)
        if expected is None:
            assert _rounded_ok(row["Värde"], value, decimals[key[0]])
        else:
            assert row["Värde"] == expected
        assert (row["Föregående värde"] == "..") == (previous_suppression is not None)
        assert row["Riktning"] in ("↑", "→", "↓", "?") and row["Nivå"] in ("+", "−", "?")
        assert row["Riktning i ord"] == words["riktning"][row["Riktning"]][0]
        assert row["Nivå i ord"] == words[f"niva_{kind}"][niva][0], row  # Nivå's words follow the reference kind
    assert significance[yes] > 1000 and significance[no] > 1000, significance  # both kinds of arrow occur

    for base, table in (("leveranser.csv", "data_quality.dq_delivery_coverage"),
                        ("anvandbarhet.csv", "data_quality.dq_indicator_usability"),
                        ("uppfoljningsbarhet.csv", "data_quality.rpt_followup_readiness"),
                        ("kvalitetsbetyg.csv", "data_quality.dq_scorecard"),
                        ("kommunjamforelse.csv", "marts.rpt_municipality_comparison_v2")):
        rows = _read_csv(export_dir / name(base), synthetic)
        assert len(rows) == pub.execute(f"select count(*) from {table}").fetchone()[0], base
    usability = _read_csv(export_dir / name("anvandbarhet.csv"), synthetic)
    reasons = {r for (r,) in pub.execute("select reason_sv from data_quality.dq_indicator_usability "
                                         "where reason_sv is not null").fetchall()}
    assert {r["Skäl"] for r in usability if r["Skäl"]} == reasons  # Swedish, not the engineers' English
    english = {r for (r,) in pub.execute("select reason from data_quality.dq_indicator_usability "
                                         "where reason is not null").fetchall()}
    assert not english & {r["Skäl"] for r in usability}
    readiness = _read_csv(export_dir / name("uppfoljningsbarhet.csv"), synthetic)
    assert {r["Kan följas upp i dag"] for r in readiness} <= {label for label, _ in words["readiness"].values()}
    deliveries = _read_csv(export_dir / name("leveranser.csv"), synthetic)
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["Periodstart"]) for r in deliveries)
    assert {r["Status"] for r in deliveries} <= {label for label, _ in words["delivery_status"].values()} | {""}


def test_delivery_file_is_its_public_model_and_says_what_the_coverage_says(export_dir: Path, pub, name,
                                                                          synthetic) -> None:
    """leveranser.csv is the public model rpt_export_delivery_coverage, column for column, and says per expected
    delivery what dq_delivery_coverage says, in the words of dim_label (recomputed here from those tables)."""
    rows = _read_csv(export_dir / name("leveranser.csv"), synthetic)
    status_words = dict(pub.execute("select code, label_sv from marts.dim_label where domain = 'delivery_status'")
                        .fetchall())
    yes_no = dict(pub.execute("select code, label_sv from marts.dim_label where domain = 'yes_no'").fetchall())
    names = dict(pub.execute("select geo_code, geo_name_sv from marts.dim_geography "
                             "where geo_level in ('region', 'kommun')").fetchall())
    coverage = pub.execute("""select source, org_code, period_start, status, file_name, rows_delivered,
                                     has_delivery_date_column
                              from data_quality.dq_delivery_coverage order by source, org_code, period_start""").fetchall()
    assert len(rows) == len(coverage) > 1000
    for row, (source, org, start, status, file_name, delivered, has_date) in zip(rows, coverage, strict=True):
        assert (row["Källa"], row["Organisationskod"], row["Periodstart"]) == (source, org, start.isoformat())
        assert row["Organisation"] == names.get(org, "") and row["Status"] == status_words[status], row
        assert row["Fil"] == (file_name or "") and row["Rader levererade"] == ("" if delivered is None else str(delivered))
        assert row["Har leveransdatum"] == yes_no[str(has_date).lower()]
    model = [c for (c,) in pub.execute("""select column_name from information_schema.columns
        where table_schema = 'data_quality' and table_name = 'rpt_export_delivery_coverage'
        order by ordinal_position""").fetchall()]
    assert len(model) == len(rows[0]) == 14


def test_readiness_file_is_its_public_model_and_says_what_the_readiness_table_says(export_dir: Path, pub, name,
                                                                                  synthetic) -> None:
    """uppfoljningsbarhet.csv is the public model rpt_export_followup_readiness, and says per question and
    indicator what rpt_followup_readiness says, the verdict in dim_label's words (recomputed here)."""
    rows = _read_csv(export_dir / name("uppfoljningsbarhet.csv"), synthetic)
    verdicts = dict(pub.execute("select code, label_sv from marts.dim_label where domain = 'readiness'").fetchall())
    readiness = pub.execute("""select question_id, indicator_id, periods_usable, mean_coverage_share,
                                      can_follow_up_today, gaps
                               from data_quality.rpt_followup_readiness order by question_order, indicator_id""").fetchall()
    assert len(rows) == len(readiness) >= 10
    for row, (question, indicator, usable, coverage, verdict, gaps) in zip(rows, readiness, strict=True):
        assert (row["Fråge-id"], row["Indikator-id"], row["Perioder användbara"]) == (question, indicator, str(usable))
        assert row["Kan följas upp i dag"] == verdicts[verdict] and row["Luckor"] == (gaps or ""), row
        shown = row["Genomsnittlig täckning"]
        assert (shown == "") == (coverage is None)
        if coverage is not None:  # rounded to three decimals, decimal comma
            assert abs(float(shown.replace(",", ".")) - coverage) <= 0.0005 + 1e-12 and len(shown.split(",")[-1]) <= 3


def test_a_model_export_refuses_columns_it_does_not_head() -> None:
    """Each printed column of an export model is headed by its word in dim_label (domain `export_column`); a column
    added to a model without one stops the export instead of printing an English name, and so does a spec naming
    a column the model lacks. Order and code columns are not printed; a figure the model marks hidden is `..`."""
    from decimal import Decimal

    from nara_vard.exports import ExportError, ExportModel, model_export

    con = duckdb.connect()
    con.execute("create schema data_quality")
    con.execute("create schema marts")
    con.execute("create table marts.dim_label as select * from (values ('export_column', 'source', 1, 'Källa', 'Källa'),"
                " ('export_column', 'rows_delivered', 2, 'Rader', 'Rader'), ('export_column', 'value', 3, 'Värde',"
                " 'Värde')) t(domain, code, sort_order, label_sv, label_long_sv)")
    con.execute("create table data_quality.x as select 'a' as source, 1 as rows_delivered")
    table = model_export(con, ExportModel("data_quality.x", ("source",)))
    assert table.headers == ["Källa", "Rader"] and table.rows == [["a", 1]]
    con.execute("create table data_quality.y as select 'a' as source, 1 as rows_delivered, 2 as extra")
    with pytest.raises(ExportError, match=r"no label for export_column = 'extra'"):
        model_export(con, ExportModel("data_quality.y", ("source",)))
    con.execute("""create table data_quality.z as select * from (values ('b', 2.345::double, null, 1, 2), ('a', null, '..', 2, 1),
                   ('c', 7.0::double, null, 0, 3)) t(source, value, suppression, decimals, sort_key)""")
    spec = ExportModel("data_quality.z", ("sort_key",), frozenset({"suppression", "decimals", "sort_key"}),
                       decimals={"value": "decimals"}, hidden_by={"value": ("suppression",)})
    table = model_export(con, spec)
    assert table.headers == ["Källa", "Värde"]
    assert table.rows == [["a", ".."], ["b", Decimal("2.3")], ["c", Decimal("7")]]
    assert [x["sort_key"] for x in table.extras] == [1, 2, 3]
    assert model_export(con, spec, rounded=False).rows[1] == ["b", 2.345]
    with pytest.raises(ExportError, match=r"data_quality.z has no column missing"):
        model_export(con, ExportModel("data_quality.z", ("missing",)))


def test_data_dictionary_describes_every_published_column(export_dir: Path, pub, name, synthetic) -> None:
    rows = _read_csv(export_dir / name("datakatalog.csv"), synthetic)
    columns = pub.execute("""select c.schema_name || '.' || c.table_name, c.column_name, c.data_type, c.comment
                             from duckdb_columns() c join duckdb_tables() t
                               on t.database_name = c.database_name and t.schema_name = c.schema_name
                              and t.table_name = c.table_name
                             where c.database_name = current_database()""").fetchall()
    by_key = {(r["Tabell"], r["Kolumn"]): r for r in rows}
    assert len(columns) > 100
    for table, column, data_type, comment in columns:
        row = by_key[(table, column)]
        assert row["Datatyp"] == data_type
        assert row["Beskrivning"] == " ".join((comment or "").split()), (table, column)
    tables = {t for t, *_ in columns}
    assert {r["Tabell"] for r in rows if r["Kolumn"] == ""} == tables
    assert "dim_indicator" in by_key[("marts.fct_indicator_values", "value")]["Enhet"]
    assert "dim_indicator" in by_key[("marts.fct_indicator_values_v2", "ci_lower")]["Enhet"]
    assert "kvinnor" in by_key[("marts.fct_indicator_values_v2", "sex")]["Enhet"]
    assert "ja/nej" in by_key[("marts.fct_indicator_trend_v2", "change_is_significant")]["Enhet"]
    markdown = (export_dir / "datakatalog.md").read_text(encoding="utf-8")
    for table in tables:
        assert f"## {table}" in markdown
    # the export's own new columns, in Swedish
    for header in ("Kön", "KI 95 % nedre", "KI 95 % övre", "Andel med känt kön", "Statistiskt säkerställd förändring",
                   "Saknas därför"):
        assert re.search(rf"^\| {re.escape(header)} \| \S", markdown, re.M), header
    assert "konfidensintervall" in markdown and "slumpvariationen" in markdown
    # which file is rounded and which is not
    assert re.search(rf"^\| `{re.escape(name('indikatorvarden.csv'))}` \| .* \| ja \|$", markdown, re.M)
    assert re.search(rf"^\| `{re.escape(name('indikatorvarden_oavrundade.csv'))}` \| .* \| nej \|$", markdown, re.M)


# --------------------------------------------------------------------------------------------------
# The workbook as written


def test_workbook_sheets_numbers_and_symbols(export_dir: Path, pub, name, words, period_types, decimals) -> None:
    wb = load_workbook(export_dir / name("nara_vard_indikatorer.xlsx"))
    levels = [lvl for lvl, _ in pub.execute("""
        select distinct v.geo_level, l.sort_order from marts.fct_indicator_values_v2 v
        join marts.dim_label l on l.domain = 'geo_level' and l.code = v.geo_level order by l.sort_order""").fetchall()]
    level_names = [words["geo_level"][lvl][0] for lvl in levels]
    assert wb.sheetnames == ["Översikt", *level_names, "Om indikatorn", "Teckenförklaring"]

    overview = wb["Översikt"]
    assert overview.freeze_panes == "A3" and overview.auto_filter.ref.startswith("A2:")  # row 1: the title
    header = [c.value for c in overview[2]]
    assert "Indikator-id" not in header  # no code names on the leaders' sheet
    ids = dict(pub.execute("select indicator_label_sv, indicator_id from marts.rpt_indicator_overview").fetchall())
    codes = {code: (t, s) for t, s, code in pub.execute(
        "select period_type, period_start, period_code from marts.dim_period").fetchall()}
    region = {(i, t, s): (v, unit, note) for i, t, s, v, unit, note in pub.execute("""
        select c.indicator_id, c.period_type, c.period_start, c.value, c.unit, c.note_sv
        from marts.rpt_indicator_overview_cells_v2 c where c.sex = 'T'""").fetchall()}
    checked = stars = 0
    for row in overview.iter_rows(min_row=3):
        indicator_id = ids[row[0].value]
        for cell, label in zip(row[2:], header[2:]):
            if label not in codes or (indicator_id, *codes[label]) not in region:
                continue
            value, unit, note = region[(indicator_id, *codes[label])]
            if value is None:
                assert cell.value is None or cell.data_type == "s"  # a symbol: `.`, `saknas`, ...
                continue
            checked += 1
            places = decimals[indicator_id]
            assert cell.data_type == "n" and abs(cell.value - value) <= 0.5 * 10 ** -places + 1e-9, (
                indicator_id, label, cell.value)
            assert round(cell.value, places) == cell.value  # stored rounded, not only shown so
            fmt = cell.number_format  # e.g. '#,##0.0" %"': display_decimals zeros after the point
            digits = fmt.split('"')[0].partition(".")[2]
            assert len(digits) == places and set(digits) <= {"0"}, (indicator_id, fmt)
            assert ('" %' in fmt) == (unit == "procent"), (indicator_id, fmt)
            assert fmt.endswith('*"') == (note is not None), (indicator_id, label, fmt)  # the report's `*`
            stars += note is not None
    assert checked >= 73 and stars >= 9  # the published table's printed cells

    kommun = wb[words["geo_level"]["kommun"][0]]
    assert kommun.freeze_panes == "A3" and kommun.auto_filter.ref
    header = [c.value for c in kommun[2]]
    assert header == SHEET_HEADER
    by_name = dict(pub.execute("select indicator_name_sv, indicator_id from marts.dim_indicator").fetchall())
    published = _published_values(pub)
    hidden, per_sex, intervals = 0, dict.fromkeys(SEXES, 0), 0
    for row in kommun.iter_rows(min_row=3, values_only=True):
        record = dict(zip(header, row))
        key = (by_name[record["Indikator"]], "kommun", record["Kod"], period_types[record["Periodtyp"]],
               record["Periodstart"].date().isoformat(), record["Kön"])
        per_sex[record["Kön"]] += 1
        value, suppression, ci_lower = published[key][2], published[key][6], published[key][9]
        assert record["Period"] == published[key][1]  # text, SCB's code
        places = decimals[key[0]]
        if suppression is not None:
            hidden += 1
            assert record["Värde"] == ".." and record["Röjandeskydd"] == ".." and record["KI 95 % nedre"] == ".."
        elif value is None:
            assert record["Värde"] is None and record["Saknas därför"]
        else:
            assert isinstance(record["Värde"], (int, float)) and not isinstance(record["Värde"], bool)
            assert abs(record["Värde"] - value) <= 0.5 * 10 ** -places + 1e-9 and round(record["Värde"], places) == \
                record["Värde"]
            if ci_lower is not None:
                intervals += 1
                assert abs(record["KI 95 % nedre"] - ci_lower) <= 0.5 * 10 ** -places + 1e-9
    assert hidden == _hidden_count(pub, "geo_level = 'kommun'") > 500
    assert per_sex == _rows_per_sex(pub, "marts.fct_indicator_values_v2", "geo_level = 'kommun'")
    assert intervals > 1000

    legend = [" ".join(str(v) for v in row if v is not None)
              for row in wb["Teckenförklaring"].iter_rows(values_only=True)]
    text = "\n".join(legend)
    for symbol in ("..", "↑", "→", "↓", "+", "−", "Dolt för att skydda enskilda", "≈", "kvinnor", "män",
                   "konfidensintervall", "Statistiskt säkerställd förändring", "Andel med känt kön", "väntas",
                   "saknas"):
        assert symbol in text.lower() or symbol in text, symbol
    # `..` is explained without saying which rule hid a cell
    assert not any(word in text.lower() for word in ("primärt", "sekundärt", "primary supp", "secondary supp",
                                                      "1–4 personer")), text
    about = "\n".join(" ".join(str(v) for v in row if v is not None)
                      for row in wb["Om indikatorn"].iter_rows(values_only=True))
    names = {n for (n,) in pub.execute("select indicator_name_sv from marts.dim_indicator").fetchall()}
    assert all(n in about for n in names)


# --------------------------------------------------------------------------------------------------
# A real spreadsheet program: LibreOffice Calc, headless, Swedish locale


@pytest.fixture(scope="module")
def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        pytest.fail("LibreOffice (`soffice`) is not installed; the export test opens the files with it. "
                    "Run `make libreoffice` (Debian's libreoffice-calc; `make test` does it).", pytrace=False)
    return path


@pytest.fixture(scope="module")
def lo_profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A throwaway LibreOffice profile whose locale is sv-SE (decimal comma, `%` after a space)."""
    profile = tmp_path_factory.mktemp("lo-profile")
    (profile / "user").mkdir()
    (profile / "user" / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        '<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse">'
        '<value>sv-SE</value></prop></item>\n'
        '</oor:items>\n', encoding="utf-8")
    return profile


def _convert(soffice: str, profile: Path, source: Path | list[Path], convert_to: str, outdir: Path,
             infilter: str | None = None) -> float:
    """One LibreOffice run converting one file or several (one start of LibreOffice, ~8 s, for all); returns
    the seconds it took."""
    sources = source if isinstance(source, list) else [source]
    command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--nologo"]
    if infilter:
        command.append(f"--infilter={infilter}")
    command += ["--convert-to", convert_to, "--outdir", str(outdir), *map(str, sources)]
    env = {**os.environ, "HOME": str(profile), "LANG": "C.UTF-8"}
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, env=env)
    took = time.perf_counter() - started
    assert result.returncode == 0, result.stdout + result.stderr
    print(f"\nLibreOffice {', '.join(s.name for s in sources)} -> {convert_to.split(':')[0]}: {took:.1f} s")
    return took


def _calc_period(value) -> str:
    """A period cell as Calc read it: text (2022K1, 2024M01) or, for a year, the number 2023; never a date."""
    assert isinstance(value, (str, int)) and not isinstance(value, bool), value
    return str(value)


def test_libreoffice_reads_the_swedish_csv_as_numbers(export_dir: Path, pub, name, synthetic, levels, period_types,
                                                      decimals, soffice: str, lo_profile: Path,
                                                      tmp_path: Path) -> None:
    """The whole indikatorvarden.csv through Calc's CSV import (`;`, UTF-8, Swedish): numbers are numbers,
    periods stay SCB's codes."""
    values_csv, overview_csv = export_dir / name("indikatorvarden.csv"), export_dir / name("oversikt.csv")
    _convert(soffice, lo_profile, [values_csv, overview_csv], "xlsx", tmp_path, SWEDISH_CSV_IMPORT)
    ws = load_workbook(tmp_path / values_csv.with_suffix(".xlsx").name, read_only=True).active
    rows = ws.iter_rows(values_only=True)
    header = list(next(rows))
    assert header == [NOTICE_COLUMN] * synthetic + VALUES_HEADER
    published = _published_values(pub)
    counts = {"hidden": 0, "missing": 0, "number": 0}
    for row in rows:
        record = dict(zip(header, row))
        code = record["Kod"]
        code = str(code) if isinstance(code, int) else code  # Calc reads `1440` as a number, as Excel does
        start = record["Periodstart"]
        assert hasattr(start, "date"), ("Periodstart is not a date", record)
        key = (record["Indikator-id"], levels[record["Geografinivå"]], code, period_types[record["Periodtyp"]],
               start.date().isoformat(), record["Kön"])
        _, period, value, numerator, _, _base_count, suppression, geo_name, _, ci_lower, _, _, _, _ = published[key]
        assert record["Geografi"] == geo_name
        assert _calc_period(record["Period"]) == period, record
        places = decimals[key[0]]
        if suppression is not None:
            counts["hidden"] += 1
            assert record["Värde"] == ".." and record["Täljare"] == ".." and record["Röjandeskydd"] == ".."
        elif value is None:
            counts["missing"] += 1
            assert record["Värde"] is None
        else:
            counts["number"] += 1
            assert isinstance(record["Värde"], (int, float)) and not isinstance(record["Värde"], bool), record
            assert abs(record["Värde"] - value) <= 0.5 * 10 ** -places + 1e-9, (key, record["Värde"], value)
            if numerator is not None:
                assert isinstance(record["Täljare"], (int, float)) and abs(record["Täljare"] - numerator) <= 0.5
            if ci_lower is not None:
                assert isinstance(record["KI 95 % nedre"], (int, float))
                assert abs(record["KI 95 % nedre"] - ci_lower) <= 0.5 * 10 ** -places + 1e-9
    assert counts["hidden"] == _hidden_count(pub) and counts["missing"] > 1000 and counts["number"] > 10000, counts

    overview = load_workbook(tmp_path / overview_csv.with_suffix(".xlsx").name).active
    header = [c.value for c in overview[1]]
    first = header.index("Indikator")
    # the period headers stay SCB's codes, none turned into a date
    assert header[first + 2] == "2022K1" and "2024M01" in header and "Nivå" in header, header
    telefon = [c.value for c in overview[3]]
    assert telefon[first - 1] == "telefon_24h" and telefon[first + 2] == 87.5 and isinstance(telefon[first + 2], float)
    assert [c.value for c in overview[6]][first + 2] == 2447
    judged = [_calc_period(c.value) for c in next(overview.iter_cols(min_col=header.index("Bedömd period") + 1,
                                                                     max_col=header.index("Bedömd period") + 1,
                                                                     min_row=2)) if c.value is not None]
    assert judged and all(re.fullmatch(r"\d{4}(K[1-4]|M\d{2})?", p) for p in judged), judged


def test_libreoffice_opens_the_workbook(export_dir: Path, pub, name, words, soffice: str, lo_profile: Path,
                                        tmp_path: Path) -> None:
    """The workbook through Calc: sheet names and numbers survive, and it shows the Swedish table's figures."""
    workbook = export_dir / name("nara_vard_indikatorer.xlsx")
    (tmp_path / "xlsx").mkdir()
    (tmp_path / "csv").mkdir()
    _convert(soffice, lo_profile, workbook, "xlsx", tmp_path / "xlsx")
    _convert(soffice, lo_profile, workbook, CSV_AS_SHOWN, tmp_path / "csv")

    saved = load_workbook(tmp_path / "xlsx" / workbook.name)
    assert saved.sheetnames[0] == "Översikt" and "Vårdcentral" in saved.sheetnames
    ws = saved["Översikt"]
    telefon = pub.execute("select c.value from marts.rpt_indicator_overview_cells_v2 c where "
                          "c.indicator_id = 'telefon_24h' and c.column_name = 'q1_2022' and c.sex = 'T'").fetchone()[0]
    telefon_name = pub.execute("select indicator_label_sv from marts.rpt_indicator_overview "
                               "where indicator_id = 'telefon_24h'").fetchone()[0]
    assert ws.cell(row=4, column=1).value == telefon_name
    cell = ws.cell(row=4, column=3)  # telefon_24h, 2022K1: a number rounded to 1 decimal, shown as 87,5 %
    assert cell.data_type == "n" and abs(cell.value - telefon) <= 0.05 + 1e-9 and cell.value == 87.5, cell.value
    kommun = saved[words["geo_level"]["kommun"][0]]
    value_col = SHEET_HEADER.index("Värde")
    assert [c.value for c in kommun[2]][value_col] == "Värde"
    values = [row[value_col] for row in kommun.iter_rows(min_row=3, values_only=True)]
    assert values.count("..") == _hidden_count(pub, "geo_level = 'kommun'") > 0
    assert all(v is None or v == ".." or type(v) in (int, float) for v in values)
    period_col = SHEET_HEADER.index("Period")
    codes = {c for (c,) in pub.execute("select period_code from marts.dim_period").fetchall()}
    assert {row[period_col] for row in kommun.iter_rows(min_row=3, values_only=True)} <= codes  # text, kept so

    # As Calc shows it in Swedish: the same figures as the published table ('87,5 %' for '87,5%'), and the
    # report's `*` after the values with a quality note
    shown = list(csv.reader((tmp_path / "csv" / f"{workbook.stem}-Översikt.csv").read_text(encoding="utf-8")
                            .splitlines(), delimiter=";"))
    header = shown[1]  # row 1 is the title
    periods = _overview_periods(pub)
    columns = [c for _, c, _ in periods]
    assert header[2:2 + len(periods)] == [code for _, _, code in periods]
    published = {label: values for label, *values in pub.execute(
        f"select indicator_label_sv, {', '.join(columns)} from marts.rpt_indicator_overview").fetchall()}
    notes = {(label, c): note for label, c, note in pub.execute("""
        select o.indicator_label_sv, c.column_name, c.note_sv from marts.rpt_indicator_overview_cells_v2 c
        join marts.rpt_indicator_overview o on o.indicator_id = c.indicator_id
        where c.sex = 'T' and c.value is not null""").fetchall()}
    compared = starred = 0
    for line in shown[2:]:
        expected = published[line[0]]
        for text, value, column in zip(line[2:2 + len(periods)], expected, columns):
            if value is None:
                continue
            star = notes.get((line[0], column)) is not None
            assert re.sub(r"\s", "", text) == re.sub(r"\s", "", value) + ("*" if star else ""), (line[0], text, value)
            compared += 1
            starred += star
    assert compared >= 73 and starred >= 9
    telefon_line = next(line for line in shown if line[0] == telefon_name)
    assert telefon_line[2] == "87,5 %"
    kommun_shown = (tmp_path / "csv" / f"{workbook.stem}-Kommun.csv").read_text(encoding="utf-8")
    assert "Härryda" in kommun_shown and ";..;" in kommun_shown


def test_every_export_file_comes_from_a_public_dbt_model(export_dir: Path, pub, name, built_warehouse: Path) -> None:
    """Each CSV file with rows and each of the workbook's sheets with rows is written from a model the dbt manifest
    marks public (in the lineage, documented, contracted, published), one file row per model row (the overview:
    one per indicator, its cells laid out as columns); the legend and the data dictionary describe the files."""
    from nara_vard.exports import EXPORT_FILES, WORKBOOK_MODELS

    manifest = json.loads((built_warehouse.parent / "target" / "manifest.json").read_text(encoding="utf-8"))
    public = {f"{n['schema']}.{n.get('alias') or n['name']}" for n in manifest["nodes"].values()
              if n.get("resource_type") == "model" and n.get("access") == "public"}
    files = json.loads((export_dir / "_export.json").read_text(encoding="utf-8"))["files"]
    written = {f for f in files if f.endswith(".csv") and "datakatalog" not in f}
    assert {name(base) for base in EXPORT_FILES} == written and len(written) == 9
    for base, relation in EXPORT_FILES.items():
        assert relation in public and relation.split(".")[1].startswith("rpt_export_"), relation
        count = "count(distinct indicator_id)" if base == "oversikt.csv" else "count(*)"
        assert files[name(base)]["rows"] == pub.execute(f"select {count} from {relation}").fetchone()[0] > 0, base
        with (export_dir / name(base)).open(encoding="utf-8-sig", newline="") as f:
            assert sum(1 for _ in csv.reader(f, delimiter=";")) == files[name(base)]["rows"] + 1, base
    assert set(WORKBOOK_MODELS) <= public and len(WORKBOOK_MODELS) == 3
    # and dbt's lineage knows it: the exposure `export_files` depends on exactly these models (and dim_label)
    relation_of = {uid: f"{n['schema']}.{n.get('alias') or n['name']}" for uid, n in manifest["nodes"].items()}
    exposure = manifest["exposures"]["exposure.nara_vard.export_files"]
    assert {relation_of[uid] for uid in exposure["depends_on"]["nodes"]} == {
        *EXPORT_FILES.values(), *WORKBOOK_MODELS, "marts.dim_label"}
    sheets = files[name("nara_vard_indikatorer.xlsx")]["sheets"]
    levels = pub.execute(f"select count(*) from {WORKBOOK_MODELS[0]}").fetchone()[0]
    assert sum(n for sheet, n in sheets.items() if sheet not in ("Översikt", "Om indikatorn", "Teckenförklaring")) \
        == levels
