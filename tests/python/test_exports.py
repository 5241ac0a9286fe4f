"""`nara-vard export`: the files people open say what the published artefact says.

The built warehouse is published into a temporary folder (as `make build` does) and exported from
there. Every check compares with the published DuckDB file read here on its own, never with the
export code: the CSV files byte by byte (BOM, `;`, decimal comma, `..` exactly where `suppression`
is set, empty where a value is missing), and both the CSV files and the workbook as a real
spreadsheet program reads them: LibreOffice Calc, headless, with a Swedish locale. The indicator
values and the trend are the v2 tables: a row per sex (Kön T/K/M), the 95 % interval and whether a
change is beyond noise, with exactly as many rows per sex as the published tables.
"""

from __future__ import annotations

import csv
import io
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

from nara_vard.paths import REPO_ROOT

BOM = b"\xef\xbb\xbf"
LEVELS = {"Region": "region", "Kommunalförbund": "kommunalforbund", "Delregional nämnd": "delregional_namnd",
          "Kommun": "kommun", "Sjukhus": "sjukhus", "Vårdcentral": "vardcentral", "Team": "team"}
PERIOD_TYPES = {"Månad": "month", "Kvartal": "quarter", "År": "year"}
VALUES_HEADER = ["Indikator-id", "Indikator", "Geografinivå", "Kod", "Geografi", "Periodtyp", "Period", "Periodstart",
                 "Periodslut", "Kön", "Värde", "KI 95 % nedre", "KI 95 % övre", "Enhet", "Täljare", "Nämnare",
                 "Röjandeskydd", "Kvalitet", "Täckning", "Andel med känt kön", "Skäl"]
SEXES = ("T", "K", "M")
SWEDISH_NUMBER = re.compile(r"-?\d+(,\d{1,10})?")
#: LibreOffice's CSV import: `;`, `"`, UTF-8 (76), first line 1, standard cell formats, Swedish (LCID 1053)
SWEDISH_CSV_IMPORT = "CSV:59,34,76,1,,1053"
#: CSV export of every sheet (-1), `;`, UTF-8, cell contents as shown (in the profile's sv-SE locale)
CSV_AS_SHOWN = "csv:Text - txt - csv (StarCalc):59,34,76,1,,1053,false,true,true,false,false,-1"


def _cli() -> Path:
    return Path(sys.executable).parent / "nara-vard"


@pytest.fixture(scope="module")
def published(built_warehouse: Path, published_folder: Path) -> Path:
    """The suite's published folder (conftest), exported from; returns the published folder."""
    out = published_folder
    # the build database is out of reach: the export must need nothing but the published folder
    env = {**os.environ, "NARA_VARD_DB": str(out / "no-build-database.duckdb")}
    started = time.perf_counter()
    result = subprocess.run([_cli(), "export", "--published", str(out),
                             "--target-path", str(built_warehouse.parent / "target")],
                            cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=600)
    print(f"\nnara-vard export took {time.perf_counter() - started:.1f} s")
    assert result.returncode == 0, result.stdout + result.stderr
    assert str(out / "export") in result.stdout, result.stdout  # it ends saying where the files are
    return out


@pytest.fixture(scope="module")
def pub(published: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(published / "nara_vard.duckdb"), read_only=True)


@pytest.fixture(scope="module")
def export_dir(published: Path) -> Path:
    return published / "export"


def _read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(BOM), f"{path.name} does not start with the UTF-8 BOM"
    text = raw[len(BOM):].decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


def _number(text: str) -> float:
    assert SWEDISH_NUMBER.fullmatch(text), f"not a Swedish number without thousands separator: {text!r}"
    return float(text.replace(",", "."))


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _published_values(pub: duckdb.DuckDBPyConnection) -> dict[tuple, tuple]:
    """fct_indicator_values_v2 by (indicator, level, code, period type, start, sex), with whether any of the
    cell's T, K and M is hidden."""
    return {(i, lvl, code, t, s.isoformat(), sex): rest for i, lvl, code, t, s, sex, *rest in pub.execute("""
        select v.indicator_id, v.geo_level, v.geo_code, v.period_type, v.period_start, v.sex, v.period_end,
               v.period_label_sv, v.value, v.numerator, v.denominator, v.base_count, v.suppression,
               g.geo_name_sv, v.coverage_share, v.ci_lower, v.ci_upper, v.sex_known_share,
               count(v.suppression) over (partition by v.indicator_id, v.geo_level, v.geo_code, v.period_type,
                                                       v.period_start) > 0 as any_sex_hidden
        from marts.fct_indicator_values_v2 v
        left join marts.dim_geography g on g.geo_level = v.geo_level and g.geo_code = v.geo_code""").fetchall()}


def _rows_per_sex(pub: duckdb.DuckDBPyConnection, table: str, where: str = "true") -> dict[str, int]:
    return dict(pub.execute(f"select sex, count(*) from {table} where {where} group by sex").fetchall())


def _hidden_count(pub: duckdb.DuckDBPyConnection, where: str = "true") -> int:
    return pub.execute(f"select count(*) from marts.fct_indicator_values_v2 where suppression is not null and {where}"
                       ).fetchone()[0]


def _expected_period(period_type: str, start: str, label: str) -> str:
    """Months as SCB writes them (Excel would read `jan-24` as a date); other periods by their label."""
    return f"{start[:4]}M{start[5:7]}" if period_type == "month" else label


# --------------------------------------------------------------------------------------------------
# The folder


def test_export_folder_is_complete_and_swapped_in_whole(published: Path, export_dir: Path,
                                                        built_warehouse: Path, tmp_path: Path) -> None:
    expected = {"indikatorvarden.csv", "oversikt.csv", "trend.csv", "leveranser.csv", "anvandbarhet.csv",
                "uppfoljningsbarhet.csv", "kvalitetsbetyg.csv", "nara_vard_indikatorer.xlsx", "datakatalog.csv",
                "datakatalog.md", "_export.json"}
    assert expected <= {p.name for p in export_dir.iterdir()}
    assert not [p for p in published.iterdir() if p.name.startswith((".export.partial-", ".export.old-"))]

    # a second export, without a dbt manifest, replaces the folder as a whole
    marker = export_dir / "left-over-from-before.txt"
    marker.write_text("x", encoding="utf-8")
    result = subprocess.run([_cli(), "export", "--published", str(published), "--target-path", str(tmp_path)],
                            cwd=REPO_ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not marker.exists()
    assert expected <= {p.name for p in export_dir.iterdir()}
    assert not [p for p in published.iterdir() if p.name.startswith((".export.partial-", ".export.old-"))]
    assert "no dbt manifest" in result.stdout


def test_export_without_a_published_database_says_what_to_do(tmp_path: Path) -> None:
    result = subprocess.run([_cli(), "export", "--published", str(tmp_path)], cwd=REPO_ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "nara-vard publish" in result.stderr
    assert not (tmp_path / "export").exists()


# --------------------------------------------------------------------------------------------------
# CSV bytes against the published file


def test_indicator_values_csv_matches_the_published_file_row_by_row(export_dir: Path, pub) -> None:
    raw = (export_dir / "indikatorvarden.csv").read_bytes()
    assert raw.startswith(BOM)
    first_line = raw[len(BOM):].split(b"\r\n", 1)[0].decode("utf-8")
    assert first_line == ";".join(VALUES_HEADER)  # å ä ö in the headers, `;` between them
    rows = _read_csv(export_dir / "indikatorvarden.csv")
    published = _published_values(pub)
    assert len(rows) == len(published)
    # one row per published row of each sex: a join that lost or doubled rows shows here
    per_sex = {sex: sum(1 for r in rows if r["Kön"] == sex) for sex in SEXES}
    assert per_sex == _rows_per_sex(pub, "marts.fct_indicator_values_v2"), per_sex
    assert per_sex["T"] == pub.execute("select count(*) from marts.fct_indicator_values").fetchone()[0]  # v1
    assert per_sex["K"] == per_sex["M"] > 10000

    hidden = missing = shown = with_interval = 0
    seen = set()
    for row in rows:
        key = (row["Indikator-id"], LEVELS[row["Geografinivå"]], row["Kod"], PERIOD_TYPES[row["Periodtyp"]],
               row["Periodstart"], row["Kön"])
        assert key in published, key
        seen.add(key)
        (end, label, value, numerator, denominator, base_count, suppression, name, coverage, ci_lower, ci_upper,
         sex_known, any_sex_hidden) = published[key]
        assert base_count is None  # withdrawn from the published tables
        assert row["Periodslut"] == end.isoformat()
        assert row["Period"] == _expected_period(key[3], key[4], label)
        assert row["Geografi"] == name
        if any_sex_hidden:  # the share of known sex ties T to K + M: never next to a hidden one
            assert row["Andel med känt kön"] == "" and sex_known is None, (key, row)
        elif sex_known is None:
            assert row["Andel med känt kön"] == "", (key, row)
        else:
            assert _close(_number(row["Andel med känt kön"]), sex_known), (key, row)
        if suppression is not None:
            hidden += 1
            assert [row["Värde"], row["KI 95 % nedre"], row["KI 95 % övre"], row["Täljare"], row["Nämnare"],
                    ] == [".."] * 5, (key, row)
            assert row["Röjandeskydd"] == ".."  # one symbol, whatever hid the cell
            continue
        assert ".." not in (row["Värde"], row["KI 95 % nedre"], row["KI 95 % övre"], row["Täljare"],
                            row["Nämnare"]), (key, row)
        for field, expected in (("KI 95 % nedre", ci_lower), ("KI 95 % övre", ci_upper)):
            assert (row[field] == "") if expected is None else _close(_number(row[field]), expected), (key, field)
        with_interval += ci_lower is not None
        assert row["Röjandeskydd"] == ""
        if value is None:
            missing += 1
            assert row["Värde"] == "", (key, row)
        else:
            shown += 1
            assert _close(_number(row["Värde"]), value), (key, row["Värde"], value)
        for field, expected in (("Täljare", numerator), ("Nämnare", denominator)):
            if expected is None:
                assert row[field] == ""
            else:
                assert _close(_number(row[field]), expected), (key, field, row[field], expected)
        assert (row["Täckning"] == "") if coverage is None else _close(_number(row["Täckning"]), coverage)
    assert seen == set(published)
    # the default landing has hundreds of hidden cells per sex, thousands of gaps and of intervals
    assert hidden == _hidden_count(pub) > 2000 and missing > 1000 and shown > 10000, (hidden, missing, shown)
    assert with_interval > 10000
    names = {row["Geografi"] for row in rows}
    assert {"Göteborg", "Borås", "Härryda"} <= names
    assert any("ä" in row["Indikator"] for row in rows)


def test_overview_csv_is_the_published_table(export_dir: Path, pub) -> None:
    rows = _read_csv(export_dir / "oversikt.csv")
    columns = [c for (c,) in pub.execute(
        "select column_name from duckdb_columns() where database_name = current_database() "
        "and table_name = 'rpt_indicator_overview' order by column_index").fetchall()]
    periods = [c for c in columns if re.fullmatch(r"q\d_\d{4}|[a-zåäö]{3}_\d{2}", c)]
    labels = dict(pub.execute("select period_label_sv, case when period_type = 'month' then strftime(period_start, "
                              "'%YM%m') else period_label_sv end from marts.dim_period").fetchall())
    published = pub.execute(f"select indicator_id, indicator_label_sv, riktning, niva, judged_period_sv, "
                            f"{', '.join(periods)} from marts.rpt_indicator_overview order by display_order").fetchall()
    assert len(rows) == len(published) == 15
    period_headers = list(rows[0])[4:4 + len(periods)]
    assert period_headers[0] == "Q1 2022" and period_headers[-1] == "2024M01"
    for row, (indicator_id, label, riktning, niva, judged, *values) in zip(rows, published):
        assert (row["Indikator-id"], row["Indikator"], row["Riktning"], row["Nivå"]) == (indicator_id, label,
                                                                                         riktning, niva)
        assert row["Bedömd period"] == ("" if judged is None else labels[judged])
        for header, value in zip(period_headers, values):
            # '2 447' → '2447', '87,5%' → '87,5', '79,40%' → '79,40': the table's own rounding, as a number
            assert row[header] == ("" if value is None else re.sub(r"\s|%", "", value)), (indicator_id, header)
    assert rows[4]["Q1 2022"] == "2447" and rows[1]["Q1 2022"] == "87,5"


def test_trend_and_quality_csv_files(export_dir: Path, pub) -> None:
    trend = _read_csv(export_dir / "trend.csv")
    published = {(i, lvl, code, t, s.isoformat(), sex): rest for i, lvl, code, t, s, sex, *rest in
                 pub.execute("""select t.indicator_id, t.geo_level, t.geo_code, t.period_type, t.period_start, t.sex,
                                       t.value, t.suppression, p.suppression, t.change_is_significant
                                from marts.fct_indicator_trend_v2 t left join marts.fct_indicator_values_v2 p
                                  on p.indicator_id = t.indicator_id and p.geo_level = t.geo_level
                                 and p.geo_code = t.geo_code and p.period_type = t.period_type and p.sex = t.sex
                                 and p.period_start = t.previous_period_start""").fetchall()}
    assert len(trend) == len(published)
    assert {sex: sum(1 for r in trend if r["Kön"] == sex) for sex in SEXES} == _rows_per_sex(
        pub, "marts.fct_indicator_trend_v2")
    significance = {"ja": 0, "nej": 0, "": 0}
    for row in trend:
        value, suppression, previous_suppression, significant = published[(
            row["Indikator-id"], LEVELS[row["Geografinivå"]], row["Kod"], PERIOD_TYPES[row["Periodtyp"]],
            row["Periodstart"], row["Kön"])]
        shown = row["Statistiskt säkerställd förändring"]
        assert shown == ("" if significant is None else "ja" if significant else "nej"), row
        significance[shown] += 1
        expected = ".." if suppression else ("" if value is None else None)
        if expected is None:
            assert _close(_number(row["Värde"]), value)
        else:
            assert row["Värde"] == expected
        assert (row["Föregående värde"] == "..") == (previous_suppression is not None)
        assert row["Riktning"] in ("↑", "→", "↓", "?") and row["Nivå"] in ("+", "−", "?")
    assert significance["ja"] > 1000 and significance["nej"] > 1000, significance  # both kinds of arrow occur

    for name, table in (("leveranser.csv", "data_quality.dq_delivery_coverage"),
                        ("anvandbarhet.csv", "data_quality.dq_indicator_usability"),
                        ("uppfoljningsbarhet.csv", "data_quality.rpt_followup_readiness"),
                        ("kvalitetsbetyg.csv", "data_quality.dq_scorecard")):
        rows = _read_csv(export_dir / name)
        assert len(rows) == pub.execute(f"select count(*) from {table}").fetchone()[0], name
    usability = _read_csv(export_dir / "anvandbarhet.csv")
    reasons = {r for (r,) in pub.execute("select reason from data_quality.dq_indicator_usability "
                                         "where reason is not null").fetchall()}
    assert {r["Skäl"] for r in usability if r["Skäl"]} == reasons
    readiness = _read_csv(export_dir / "uppfoljningsbarhet.csv")
    assert {r["Kan följas upp i dag"] for r in readiness} <= {"ja", "delvis", "nej"}
    deliveries = _read_csv(export_dir / "leveranser.csv")
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["Periodstart"]) for r in deliveries)


def test_data_dictionary_describes_every_published_column(export_dir: Path, pub) -> None:
    rows = _read_csv(export_dir / "datakatalog.csv")
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
    for header in ("Kön", "KI 95 % nedre", "KI 95 % övre", "Andel med känt kön", "Statistiskt säkerställd förändring"):
        assert re.search(rf"^\| {re.escape(header)} \| \S", markdown, re.M), header
    assert "konfidensintervall" in markdown and "slumpvariationen" in markdown


# --------------------------------------------------------------------------------------------------
# The workbook as written


def test_workbook_sheets_numbers_and_symbols(export_dir: Path, pub) -> None:
    wb = load_workbook(export_dir / "nara_vard_indikatorer.xlsx")
    levels = {lvl for (lvl,) in pub.execute("select distinct geo_level from marts.fct_indicator_values_v2").fetchall()}
    expected_levels = [name for name, lvl in LEVELS.items() if lvl in levels]
    assert wb.sheetnames == ["Översikt", *expected_levels, "Teckenförklaring"]

    overview = wb["Översikt"]
    assert overview.freeze_panes == "A2" and overview.auto_filter.ref
    header = [c.value for c in overview[1]]
    decimals = dict(pub.execute("select indicator_id, display_decimals from marts.dim_indicator").fetchall())
    region = {(i, label): (v, unit) for i, label, v, unit in pub.execute(
        "select indicator_id, period_label_sv, value, unit from marts.fct_indicator_values_v2 "
        "where geo_level = 'region' and sex = 'T'").fetchall()}
    checked = 0
    for row in overview.iter_rows(min_row=2):
        indicator_id = row[header.index("Indikator-id")].value
        for cell, label in zip(row[2:], header[2:]):
            if (indicator_id, label) not in region:
                continue
            value, unit = region[(indicator_id, label)]
            if value is None:
                assert cell.value is None
                continue
            checked += 1
            assert cell.data_type == "n" and _close(cell.value, value), (indicator_id, label, cell.value)
            fmt = cell.number_format  # e.g. '#,##0.0" %"': display_decimals zeros after the point
            digits = fmt.split('"')[0].partition(".")[2]
            assert len(digits) == decimals[indicator_id] and set(digits) <= {"0"}, (indicator_id, fmt)
            assert fmt.endswith('" %"') == (unit == "procent"), (indicator_id, fmt)
    assert checked >= 73  # the published table's printed cells

    kommun = wb["Kommun"]
    assert kommun.freeze_panes == "A2" and kommun.auto_filter.ref
    header = [c.value for c in kommun[1]]
    assert header == VALUES_HEADER
    published = _published_values(pub)
    hidden, per_sex, intervals = 0, dict.fromkeys(SEXES, 0), 0
    for row in kommun.iter_rows(min_row=2, values_only=True):
        record = dict(zip(header, row))
        key = (record["Indikator-id"], "kommun", record["Kod"], PERIOD_TYPES[record["Periodtyp"]],
               record["Periodstart"].date().isoformat(), record["Kön"])
        per_sex[record["Kön"]] += 1
        value, suppression, ci_lower = published[key][2], published[key][6], published[key][9]
        if suppression is not None:
            hidden += 1
            assert record["Värde"] == ".." and record["Röjandeskydd"] == ".." and record["KI 95 % nedre"] == ".."
        elif value is None:
            assert record["Värde"] is None
        else:
            assert isinstance(record["Värde"], (int, float)) and not isinstance(record["Värde"], bool)
            assert _close(record["Värde"], value)
            if ci_lower is not None:
                intervals += 1
                assert _close(record["KI 95 % nedre"], ci_lower)
    assert hidden == _hidden_count(pub, "geo_level = 'kommun'") > 500
    assert per_sex == _rows_per_sex(pub, "marts.fct_indicator_values_v2", "geo_level = 'kommun'")
    assert intervals > 1000

    legend = [" ".join(str(v) for v in row if v is not None)
              for row in wb["Teckenförklaring"].iter_rows(values_only=True)]
    text = "\n".join(legend)
    for symbol in ("..", "↑", "→", "↓", "+", "−", "Dolt för att skydda enskilda", "≈", "kvinnor", "män",
                   "konfidensintervall", "Statistiskt säkerställd förändring", "Andel med känt kön"):
        assert symbol in text, symbol
    # `..` is explained without saying which rule hid a cell
    assert not any(word in text.lower() for word in ("primärt", "sekundärt", "primary supp", "secondary supp",
                                                      "1–4 personer")), text
    names = {n for (n,) in pub.execute("select indicator_name_sv from marts.dim_indicator").fetchall()}
    assert all(name in text for name in names)


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


def _convert(soffice: str, profile: Path, source: Path, convert_to: str, outdir: Path,
             infilter: str | None = None) -> float:
    """One LibreOffice conversion; returns the seconds it took."""
    command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--nologo"]
    if infilter:
        command.append(f"--infilter={infilter}")
    command += ["--convert-to", convert_to, "--outdir", str(outdir), str(source)]
    env = {**os.environ, "HOME": str(profile), "LANG": "C.UTF-8"}
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, env=env)
    took = time.perf_counter() - started
    assert result.returncode == 0, result.stdout + result.stderr
    print(f"\nLibreOffice {source.name} -> {convert_to.split(':')[0]}: {took:.1f} s")
    return took


def test_libreoffice_reads_the_swedish_csv_as_numbers(export_dir: Path, pub, soffice: str, lo_profile: Path,
                                                      tmp_path: Path) -> None:
    """The whole indikatorvarden.csv through Calc's CSV import (`;`, UTF-8, Swedish): numbers are numbers."""
    _convert(soffice, lo_profile, export_dir / "indikatorvarden.csv", "xlsx", tmp_path, SWEDISH_CSV_IMPORT)
    _convert(soffice, lo_profile, export_dir / "oversikt.csv", "xlsx", tmp_path, SWEDISH_CSV_IMPORT)
    ws = load_workbook(tmp_path / "indikatorvarden.xlsx", read_only=True).active
    rows = ws.iter_rows(values_only=True)
    assert list(next(rows)) == VALUES_HEADER
    published = _published_values(pub)
    counts = {"hidden": 0, "missing": 0, "number": 0}
    for row in rows:
        record = dict(zip(VALUES_HEADER, row))
        code = record["Kod"]
        code = str(code) if isinstance(code, int) else code  # Calc reads `1440` as a number, as Excel does
        start = record["Periodstart"]
        assert hasattr(start, "date"), ("Periodstart is not a date", record)
        key = (record["Indikator-id"], LEVELS[record["Geografinivå"]], code, PERIOD_TYPES[record["Periodtyp"]],
               start.date().isoformat(), record["Kön"])
        _, label, value, numerator, _, base_count, suppression, name, _, ci_lower, _, _, _ = published[key]
        assert record["Geografi"] == name
        period = record["Period"]
        assert isinstance(period, (str, int)) and str(period) == _expected_period(key[3], key[4], label), record
        if suppression is not None:
            counts["hidden"] += 1
            assert record["Värde"] == ".." and record["Täljare"] == ".." and record["Röjandeskydd"] == ".."
        elif value is None:
            counts["missing"] += 1
            assert record["Värde"] is None
        else:
            counts["number"] += 1
            assert isinstance(record["Värde"], (int, float)) and not isinstance(record["Värde"], bool), record
            assert _close(record["Värde"], value), (key, record["Värde"], value)
            if numerator is not None:
                assert isinstance(record["Täljare"], (int, float)) and _close(record["Täljare"], numerator)
            if ci_lower is not None:
                assert isinstance(record["KI 95 % nedre"], (int, float)) and _close(record["KI 95 % nedre"], ci_lower)
    assert counts["hidden"] == _hidden_count(pub) and counts["missing"] > 1000 and counts["number"] > 10000, counts

    overview = load_workbook(tmp_path / "oversikt.xlsx").active
    header = [c.value for c in overview[1]]
    assert header[4] == "Q1 2022" and "2024M01" in header and "Nivå" in header  # no header turned into a date
    telefon = [c.value for c in overview[3]]
    assert telefon[1] == "telefon_24h" and telefon[4] == 87.5 and isinstance(telefon[4], float)
    assert [c.value for c in overview[6]][4] == 2447


def test_libreoffice_opens_the_workbook(export_dir: Path, pub, soffice: str, lo_profile: Path,
                                        tmp_path: Path) -> None:
    """The workbook through Calc: sheet names and numbers survive, and it shows the Swedish table's figures."""
    workbook = export_dir / "nara_vard_indikatorer.xlsx"
    (tmp_path / "xlsx").mkdir()
    (tmp_path / "csv").mkdir()
    _convert(soffice, lo_profile, workbook, "xlsx", tmp_path / "xlsx")
    _convert(soffice, lo_profile, workbook, CSV_AS_SHOWN, tmp_path / "csv")

    saved = load_workbook(tmp_path / "xlsx" / workbook.name)
    assert saved.sheetnames[0] == "Översikt" and "Vårdcentral" in saved.sheetnames
    ws = saved["Översikt"]
    telefon = pub.execute("select value from marts.fct_indicator_values_v2 where indicator_id = 'telefon_24h' "
                          "and geo_level = 'region' and period_label_sv = 'Q1 2022' and sex = 'T'").fetchone()[0]
    cell = ws.cell(row=3, column=3)  # telefon_24h, Q1 2022: a number at full precision, shown as 87,5 %
    assert ws.cell(row=3, column=ws.max_column).value == "telefon_24h"
    assert cell.data_type == "n" and _close(cell.value, telefon), cell.value
    kommun = saved["Kommun"]
    value_col = VALUES_HEADER.index("Värde")
    assert [c.value for c in kommun[1]][value_col] == "Värde"
    values = [row[value_col] for row in kommun.iter_rows(min_row=2, values_only=True)]
    assert values.count("..") == _hidden_count(pub, "geo_level = 'kommun'") > 0
    assert all(v is None or v == ".." or type(v) in (int, float) for v in values)

    # As Calc shows it in Swedish: the same figures as the published table ('87,5 %' for '87,5%')
    shown = list(csv.reader((tmp_path / "csv" / "nara_vard_indikatorer-Översikt.csv").read_text(encoding="utf-8")
                            .splitlines(), delimiter=";"))
    header = shown[0]
    columns = [c for (c,) in pub.execute(
        "select column_name from duckdb_columns() where database_name = current_database() "
        "and table_name = 'rpt_indicator_overview' order by column_index").fetchall()]
    periods = [c for c in columns if re.fullmatch(r"q\d_\d{4}|[a-zåäö]{3}_\d{2}", c)]
    published = {i: values for i, *values in pub.execute(
        f"select indicator_id, {', '.join(periods)} from marts.rpt_indicator_overview").fetchall()}
    compared = 0
    for line in shown[1:]:
        expected = published[line[header.index("Indikator-id")]]
        for text, value in zip(line[2:2 + len(periods)], expected):
            assert re.sub(r"\s", "", text) == re.sub(r"\s", "", value or ""), (line[0], text, value)
            compared += value is not None
    assert compared >= 73
    telefon = next(line for line in shown if line[-1] == "telefon_24h")
    assert telefon[2] == "87,5 %"
    kommun_shown = (tmp_path / "csv" / "nara_vard_indikatorer-Kommun.csv").read_text(encoding="utf-8")
    assert "Härryda" in kommun_shown and ";..;" in kommun_shown
