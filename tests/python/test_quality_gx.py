"""`nara-vard quality`: Great Expectations suites on the raw base tables, run offline as the CLI runs them.

Ground truth is the default landing's `_manifest.json`: every expectation passes except those that
catch a defect the generator injected on purpose, and each of those fails on exactly the lines the
manifest lists. A crafted table then shows a specific expectation failing, and that personnummer-like
values never reach the results, the CSV or the Data Docs.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from nara_vard.paths import REPO_ROOT

CLI = Path(sys.executable).parent / "nara-vard"
PERSONNUMMER = re.compile(r"\d{6,8}[-+]?\d{4}")
CHECK_ID = re.compile(r"^gx\.[a-z_]+\.[a-z_]+\.[a-z0-9_]+$")

# kommun_hsl headers of dialects B and C (as the manifest names a defect's column) -> base table column.
HSL_COLUMNS = {
    "Patienter hemsjukvård": "antal_patienter_hemsjukvard", "HEMSJUKVARD_PAT": "antal_patienter_hemsjukvard",
    "Patienter SÄBO": "antal_patienter_sabo", "SABO_PAT": "antal_patienter_sabo",
    "Hembesök": "antal_hembesok", "HEMBESOK": "antal_hembesok",
    "Inskrivna 65+": "antal_inskrivna_65_plus", "PAT_65PLUS": "antal_inskrivna_65_plus",
}


def _run_quality(db: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(CLI), "quality", "--db", str(db), "--out", str(out)],
                          cwd=REPO_ROOT, capture_output=True, text=True, timeout=300)


def _results(db: Path) -> list[dict]:
    with duckdb.connect(str(db), read_only=True) as con:
        cursor = con.execute("select * from data_quality.gx_validation_results")
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]


def _docs_index(stdout: str) -> Path:
    match = re.search(r"^data docs : (.+index\.html)$", stdout, re.MULTILINE)
    assert match, stdout
    return Path(match.group(1))


@pytest.fixture(scope="module")
def default_run(built_warehouse: Path, tmp_path_factory: pytest.TempPathFactory):
    """The command on a private copy of the built warehouse (its write must not disturb other tests)."""
    work = tmp_path_factory.mktemp("quality")
    db = work / "warehouse.duckdb"
    shutil.copy(built_warehouse, db)
    result = _run_quality(db, work / "out")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return result, db, work / "out", _results(db)


@pytest.fixture(scope="module")
def expected_failures(default_landing: Path) -> dict[str, int]:
    """check_id -> number of failing lines, for the defects the manifest records."""
    manifest = json.loads((default_landing / "_manifest.json").read_text(encoding="utf-8"))
    defects = manifest["defects"]
    expected: Counter[str] = Counter()
    for defect in defects:
        if defect["defect"] == "negative_count":
            column = HSL_COLUMNS.get(defect["column"], defect["column"])
            expected[f"gx.kommun_hsl.negative_count.{column}"] += 1
        elif defect["defect"] == "municipality_code_contradicts_file_name":
            expected["gx.kommun_hsl.file_name_mismatch.kommun_kod"] += 1
        elif defect["defect"] == "duplicate_row" and defect["source"] == "samsa_sip":
            expected["gx.samsa_sip.unique.sip_id"] += 2  # GX counts both copies
        elif defect["defect"] == "unknown_activity_code":  # a ledger code not in the classification seed
            expected["gx.ekonomi_region.consistency.activity_code_known"] += 1
    # Dialect C writes a trailing `Summa` row in every file: data-shaped, but not data.
    dialects = manifest["kommun_hsl_dialects"]
    expected["gx.kommun_hsl.total_row.kommun_kod"] = sum(
        dialects[Path(f["file"]).name.split("_")[1]] == "C" for f in manifest["sources"]["kommun_hsl"]["files"])
    return dict(expected)


def test_runs_and_builds_data_docs(default_run) -> None:
    result, _db, out, rows = default_run
    index = _docs_index(result.stdout)
    assert index.is_file() and index.is_relative_to(out / "gx")
    html = index.read_text(encoding="utf-8")
    for source in {r["source"] for r in rows}:
        assert f"validations/{source}/" in html, source
    with (out / "gx_validation_results.csv").open(encoding="utf-8", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == len(rows)
    assert "Traceback" not in result.stderr


def test_every_present_source_is_validated(default_run) -> None:
    result, db, _out, rows = default_run
    with duckdb.connect(str(db), read_only=True) as con:
        tables = [t for (t,) in con.execute(
            "select table_name from information_schema.tables "
            "where table_schema = 'staging' and table_name like 'base_%' and table_name like '%_lines'").fetchall()]
        counts = {t: con.execute(f"select count(*) from staging.{t}").fetchone()[0] for t in tables}
    present = {f"staging.{t}" for t, n in counts.items() if n > 0}
    assert {r["table_name"] for r in rows} == present
    # egenmonitorering is not delivered in the default landing: skipped, and said so.
    assert counts["base_egenmonitorering__enrolment_lines"] == 0
    assert re.search(r"skip .*egenmonitorering.*no rows", result.stdout)
    per_source = Counter(r["source"] for r in rows)
    assert len(per_source) == 16  # every regional and municipal source but egenmonitorering
    assert all(5 <= n <= 14 for n in per_source.values()), per_source


def test_check_ids_are_named_and_unique(default_run) -> None:
    rows = default_run[3]
    ids = [r["check_id"] for r in rows]
    assert len(ids) == len(set(ids))
    for row in rows:
        assert CHECK_ID.match(row["check_id"]), row["check_id"]
        assert row["check_id"].startswith(f"gx.{row['source']}.")
        assert row["element_count"] is not None and row["element_count"] > 0
        assert json.loads(row["details"]) is not None
    assert len({r["run_at"] for r in rows}) == 1


def test_default_landing_passes_except_the_injected_defects(default_run, expected_failures) -> None:
    rows = default_run[3]
    failed = {r["check_id"]: r["unexpected_count"] for r in rows if not r["success"]}
    assert failed == expected_failures
    # What the default landing must pass, spelled out for the checks the brief names.
    passed = {r["check_id"] for r in rows if r["success"]}
    assert {"gx.vega_slutenvard.unique.vardtillfalle_id_leveransdatum", "gx.vega_slutenvard.not_accepted.kon",
            "gx.kommun_hsl.invalid_format.manad", "gx.kommun_hsl.invalid_format.rapportdatum",
            "gx.kommun_hsl.negative_count.antal_patienter_sabo", "gx.narsjukvardsteam.not_accepted.aktivt",
            "gx.npe_primarvard.invalid_format.andel_positiva"} <= passed


def test_details_name_the_failing_lines_without_personnummer(default_run, default_landing: Path) -> None:
    """The negative home-visit count the generator recorded (its manifest) is named with its file and value."""
    rows = default_run[3]
    hembesok = next(r for r in rows if r["check_id"] == "gx.kommun_hsl.negative_count.antal_hembesok")
    details = json.loads(hembesok["details"])
    manifest = json.loads((default_landing / "_manifest.json").read_text(encoding="utf-8"))
    negative_files = {Path(d["file"]).name for d in manifest["defects"] if d["defect"] == "negative_count"}
    values, failing = details["partial_unexpected_list"], details["partial_unexpected_rows"]
    assert values and len(values) == len(failing)
    for value, row in zip(values, failing):
        assert value.startswith("-") and row["file_name"] in negative_files, (value, row)
        text = (default_landing / "kommun_hsl" / row["file_name"]).read_text(encoding="cp1252", errors="replace")
        assert value.lstrip("-") in text.replace(" ", "").replace("\u00a0", ""), (value, row["file_name"])
    assert not any(PERSONNUMMER.search(r["details"]) for r in rows)


@pytest.fixture(scope="module")
def crafted_run(default_run, tmp_path_factory: pytest.TempPathFactory):
    """A warehouse holding only a slice of the Vega episodes plus two bad lines: a `kon` outside K/M,
    and a personnummer where `kon` and `patient_lopnr` should be."""
    source_db = default_run[1]
    work = tmp_path_factory.mktemp("quality_crafted")
    db = work / "crafted.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute(f"attach '{source_db}' as src (read_only)")
        con.execute("create schema staging")
        con.execute("create table staging.base_vega__inpatient_episode_lines as "
                    "select * from src.staging.base_vega__inpatient_episode_lines order by file_name, line_number "
                    "limit 300")
        con.execute("detach src")
        for line, episode, kon, patient in [(900001, "VTBAD00001", "X", "PBADBAD01"),
                                            (900002, "VTBAD00002", "19121212-1212", "191212121212")]:
            con.execute("""
                insert into staging.base_vega__inpatient_episode_lines by name
                select * replace (? as line_number, ? as vardtillfalle_id, ? as kon, ? as patient_lopnr)
                from staging.base_vega__inpatient_episode_lines limit 1""", [line, episode, kon, patient])
    result = _run_quality(db, work / "out")
    return result, db, work / "out", _results(db)


def test_crafted_bad_kon_fails_its_expectation(crafted_run) -> None:
    result, _db, _out, rows = crafted_run
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert {r["source"] for r in rows} == {"vega_slutenvard"}
    assert re.search(r"skip .*base_samsa__sip_plan_lines is absent", result.stdout)
    by_id = {r["check_id"]: r for r in rows}
    kon = by_id["gx.vega_slutenvard.not_accepted.kon"]
    assert not kon["success"] and kon["unexpected_count"] == 2 and kon["element_count"] == 302
    assert "X" in json.loads(kon["details"])["partial_unexpected_list"]
    assert not by_id["gx.vega_slutenvard.personnummer.patient_lopnr"]["success"]
    assert {c for c, r in by_id.items() if not r["success"]} == {
        "gx.vega_slutenvard.not_accepted.kon", "gx.vega_slutenvard.personnummer.patient_lopnr"}


def test_personnummer_is_masked_everywhere(crafted_run) -> None:
    _result, _db, out, rows = crafted_run
    details = " ".join(r["details"] for r in rows)
    assert "******-****" in details
    assert not PERSONNUMMER.search(details)
    # Nothing written under --out (CSV, GX stores, Data Docs) carries the raw values.
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in {".csv", ".json", ".html", ".yml"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "19121212-1212" not in text and "191212121212" not in text, path
