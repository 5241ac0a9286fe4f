"""The nasty corpus dropped into a copy of the suite's small landing (conftest's small_build): the build
completes, every file and row is accounted for, each bad row is quarantined for the reason the file's author
planted, a file missing a required column is named with the column, the rest of the landing is processed
exactly as without the corpus, and no personnummer survives anywhere outside the (masked) quarantine.

The build runs once for the whole corpus (the files are independent: different sources, or
municipalities and months the small landing does not have), plus one of its files replaced by a
copy without a required column, to show the mart marking the cells that file fed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from nara_vard.paths import REPO_ROOT
from nasty_corpus import CORPUS_DIR, EXPECTED, FILES, PERSONAL_NUMBERS, write_corpus
from pn_scan import find_personnummer

# A default file whose municipality-month the mart reports: replaced by a copy without Hembesök.
VICTIM = "kommun_hsl/hsl_1480_2023-06.csv"


def _without_column(raw: bytes, key: str) -> bytes:
    """The delivery without the column whose header contains `key` (any dialect)."""
    try:
        text, encoding = raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = raw.decode("cp1252"), "cp1252"
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.rstrip("\r\n").split(newline)
    sep = ";" if lines[0].count(";") > lines[0].count(",") else ","
    header = lines[0].split(sep)
    drop = next(i for i, h in enumerate(header) if key in h.lower().replace("ö", "o"))
    kept = [sep.join(f for i, f in enumerate(line.split(sep)) if i != drop) for line in lines]
    return (newline.join(kept) + newline).encode(encoding)


@pytest.fixture(scope="module")
def corpus_build(small_build: Path, tmp_path_factory: pytest.TempPathFactory):
    """The corpus added to a copy of the suite's small landing (conftest's small_build, which is the same landing
    built without the corpus), built with the data tests."""
    work = tmp_path_factory.mktemp("nasty")
    landing = work / "landing"
    shutil.copytree(small_build / "landing", landing)
    for name in FILES:
        target = landing / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(CORPUS_DIR / name, target)
    victim = landing / VICTIM
    victim.write_bytes(_without_column(victim.read_bytes(), "hembesok"))
    db = work / "nara_vard.duckdb"
    env = {**os.environ, "NARA_VARD_DB": str(db), "NARA_VARD_LANDING": str(landing)}
    cli = Path(sys.executable).parent / "nara-vard"
    # the data tests run (the corpus must leave them warnings at most); the unit tests, which do not read the
    # landing, run in the suite's own build
    result = subprocess.run([cli, "build", "--target-path", str(work / "target"), "--log-path", str(work / "logs"),
                             "--exclude-resource-type", "unit_test"],
                            cwd=REPO_ROOT, env=env, capture_output=True, text=True)
    return {"db": db, "landing": landing, "result": result}


def _query(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.sql(sql).fetchall()


def test_committed_corpus_is_what_the_corpus_module_writes(tmp_path: Path) -> None:
    write_corpus(tmp_path)
    for name in FILES:
        assert (CORPUS_DIR / name).read_bytes() == (tmp_path / name).read_bytes(), name
    assert set(FILES) == set(EXPECTED)


def test_build_completes_with_every_nasty_file(corpus_build) -> None:
    result = corpus_build["result"]
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    assert re.search(r"Done\. PASS=\d+ WARN=\d+ ERROR=0 ", result.stdout), result.stdout[-2000:]


def test_each_nasty_file_is_accounted_as_its_author_expects(corpus_build) -> None:
    db = corpus_build["db"]
    rows = {f"{s}/{f}": r for s, f, *r in _query(db, """
        select source, file_name, file_status, rows_read, rows_accepted, rows_quarantined, rows_superseded,
               blank_lines
        from data_quality.dq_file_reconciliation""")}
    rules = {(f"{s}/{f}", n): r for s, f, n, r in _query(db, """
        select source, file_name, line_number, rule from data_quality.dq_quarantine""")}
    for name, want in EXPECTED.items():
        status, read, accepted, quarantined, superseded, blank = rows[name]
        assert (status, read, accepted, quarantined, superseded) == (
            want.status, want.read, want.accepted, want.quarantined, want.superseded), name
        if want.blank is not None:
            assert blank == want.blank, name
        for line, rule in want.rules.items():
            assert rules.get((name, line)) == rule, (name, line, rules.get((name, line)))
        assert sum(1 for (f, _) in rules if f == name) == want.quarantined, name


def test_every_file_of_the_landing_is_listed_and_balances(corpus_build) -> None:
    landing: Path = corpus_build["landing"]
    on_disk = {f"{p.parent.name}/{p.name}" for p in landing.glob("*/*") if p.is_file()}
    rows = _query(corpus_build["db"], """
        select source || '/' || file_name, rows_read, rows_accepted + rows_quarantined + rows_superseded
        from data_quality.dq_file_reconciliation""")
    assert {r[0] for r in rows} == on_disk
    assert all(read == total for _, read, total in rows)


def test_files_problems_are_findings_and_printed_by_the_build(corpus_build) -> None:
    findings = _query(corpus_build["db"], """
        select source || '/' || file_name, check_id, message from data_quality.dq_findings
        where check_id like '%.unreadable_file.file' or check_id like '%.empty_file.file'
           or check_id like '%.header_only_file.file' or check_id like '%.missing_column.file'""")
    by_file = {}
    for name, check_id, message in findings:
        by_file.setdefault(name, []).append((check_id, message))
    output = corpus_build["result"].stdout
    for name, want in EXPECTED.items():
        if want.status == "readable":
            continue
        assert name in by_file, name
        check_id, message = by_file[name][0]
        assert check_id.startswith(name.split("/")[0] + ".") and check_id.split(".")[1].startswith(
            {"unreadable": "unreadable", "empty": "empty", "header_only": "header_only",
             "missing_columns": "missing_column"}[want.status]), (name, check_id)
        for word in want.message_mentions:
            assert word in message, (name, message)
        # the build's own output names the file and, for a missing column, the column
        printed = [line for line in output.splitlines() if "WARNING landing file " + name in line]
        assert printed, f"{name} not named in the build output"
        for word in want.message_mentions:
            assert word in printed[0], printed[0]
    victim_line = [line for line in output.splitlines() if "WARNING landing file " + VICTIM in line]
    assert victim_line and "antal_hembesok" in victim_line[0], victim_line


def test_the_rest_of_the_landing_is_processed_as_without_the_corpus(corpus_build, small_build: Path) -> None:
    sql = """select source || '/' || file_name, rows_read, rows_accepted, rows_quarantined, rows_superseded
             from data_quality.dq_file_reconciliation"""
    before = {r[0]: r[1:] for r in _query(small_build / "nara_vard.duckdb", sql)}
    after = {r[0]: r[1:] for r in _query(corpus_build["db"], sql)}
    untouched = set(before) - {VICTIM}
    assert len(untouched) > 300
    assert {k: after[k] for k in untouched} == {k: before[k] for k in untouched}
    read = before[VICTIM][0]
    assert after[VICTIM] == (read, 0, read, 0)  # every row of the skipped file quarantined


def test_the_mart_marks_the_cells_the_skipped_file_fed(corpus_build, small_build: Path) -> None:
    sql = """select f.geo_level, f.value, f.quality_flag, u.reason
             from marts.fct_indicator_values as f
             inner join data_quality.dq_indicator_usability as u using
                 (indicator_id, geo_level, geo_code, period_type, period_start)
             where f.indicator_id = 'hsl_inskrivna_65_per_1000' and f.period_type = 'month'
               and f.period_start = '2023-06-01'
               and ((f.geo_level = 'kommun' and f.geo_code = '1480') or f.geo_level = 'region')"""
    before = {r[0]: r[1:] for r in _query(small_build / "nara_vard.duckdb", sql)}
    after = {r[0]: r[1:] for r in _query(corpus_build["db"], sql)}
    assert before["kommun"][0] is not None
    value, flag, reason = after["kommun"]
    assert value is None and flag == "not_reported", after["kommun"]
    assert "hsl_1480_2023-06.csv delivered by 1480" in reason and "no row is usable" in reason, reason
    assert after["region"][1] == "incomplete", after["region"]
    missing = lambda r: int(re.match(r"(\d+) of 49", r).group(1))  # noqa: E731
    assert before["region"][1] == "ok" or missing(after["region"][2]) == missing(before["region"][2]) + 1


def test_no_personnummer_outside_the_quarantine_nor_unmasked_in_it(corpus_build) -> None:
    hits = find_personnummer(corpus_build["db"])
    assert hits == [], hits[:10]
    # and the planted values were there to be found: their lines are quarantined, masked
    lines = [r[0] for r in _query(corpus_build["db"], """
        select line_as_delivered from data_quality.dq_quarantine where rule = 'personnummer'""")]
    assert len(lines) == 3 and all("******-****" in line for line in lines), lines
    assert not any(number in line for line in lines for number in PERSONAL_NUMBERS)


def test_review_page_lists_every_unusable_file(corpus_build, tmp_path: Path) -> None:
    from nara_vard.review_page import build_review_page

    page = build_review_page(corpus_build["db"], tmp_path / "index.html").read_text(encoding="utf-8")
    section = page[page.index('<section id="filer">'):]
    section = section[:section.index("</section>")]
    unusable = [name for name, want in EXPECTED.items() if want.status != "readable"] + [VICTIM]
    for name in unusable:
        assert name.split("/")[1] in section, name
    readable = [name for name, want in EXPECTED.items() if want.status == "readable"]
    assert not any(f">{name.split('/')[1]}<" in section for name in readable)
