"""Revision history (issue 25): a late correction delivered, built and published while `nara-vard serve` runs.

The suite's small build is published (publication 1) and served; a `_v2` correction of one municipality's
kommun_hsl month is delivered, built and published into the same folder (publication 2). Then:
- the server answers from publication 2 without a restart;
- the revisions model lists exactly the cells whose published value differs between the two published files
  (compared here straight from the two files), each with reason `correction` and the correction's file name;
- `as_of` publication 1 returns publication 1's values, and the current values say `revised`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import httpx
import pytest

from api_server import running_server
from conftest import NO_TESTS
from nara_vard.paths import REPO_ROOT

KEY = "indicator_id, geo_level, geo_code, period_type, period_start::varchar, sex"


def _cli(*args: str | Path, env: dict[str, str]) -> None:
    result = subprocess.run([str(Path(sys.executable).parent / "nara-vard"), *map(str, args)], cwd=REPO_ROOT,
                            env={**os.environ, **env}, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def _values(db: Path) -> dict[tuple[Any, ...], tuple[Any, Any]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {r[:6]: r[6:] for r in con.execute(
            f"select {KEY}, value, suppression from marts.fct_indicator_values_v2").fetchall()}


@pytest.fixture(scope="module")
def two_publications(small_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """Publication 1 from a copy of the small build, publication 2 from the same warehouse after a correction."""
    work = tmp_path_factory.mktemp("revisions")
    shutil.copy(small_build / "nara_vard.duckdb", work / "nara_vard.duckdb")
    shutil.copytree(small_build / "target", work / "target")
    landing = work / "landing"
    shutil.copytree(small_build / "landing", landing)
    published = work / "published"
    env = {"NARA_VARD_DB": str(work / "nara_vard.duckdb"), "NARA_VARD_LANDING": str(landing),
           "NARA_VARD_PUBLISHED": str(published)}
    _cli("publish", "--target-path", work / "target", env=env)
    first = json.loads((published / "_published.json").read_text(encoding="utf-8"))
    shutil.copy(published / "nara_vard.duckdb", work / "first.duckdb")
    state = work / "publication_state" / "disclosure_cells.parquet"
    shutil.copy(state, work / "state1.parquet")
    with duckdb.connect(str(work / "nara_vard.duckdb"), read_only=True) as con:
        con.execute(f"copy (select * from intermediate.int_disclosure_cells) to '{work / 'cells1.parquet'}'")
    with running_server(published, work / "serve.log") as base:
        before = httpx.get(base + "/api/v1/publication").json()["publication_id"]
        manifest = json.loads((landing / "_manifest.json").read_text(encoding="utf-8"))
        touched = {d.get("org_code") for d in manifest["defects"] if d["source"] == "kommun_hsl"}
        code = next(c for c, d in sorted(manifest["kommun_hsl_dialects"].items()) if d == "A" and c not in touched)
        lines = (landing / "kommun_hsl" / f"hsl_{code}_2023-05.csv").read_text(encoding="utf-8").splitlines()
        fields = lines[1].split(",")
        fields[5] = str(int(fields[5]) + 100)
        fields[6] = "2023-06-30"
        correction = f"hsl_{code}_2023-05_v2.csv"
        (landing / "kommun_hsl" / correction).write_text(lines[0] + "\n" + ",".join(fields) + "\n", encoding="utf-8")
        _cli("build", "--target-path", work / "target", "--log-path", work / "logs", *NO_TESTS, env=env)
        _cli("publish", "--target-path", work / "target", env=env)
        second = json.loads((published / "_published.json").read_text(encoding="utf-8"))
        yield {"base": base, "published": published, "first": first, "second": second, "before": before,
               "first_db": work / "first.duckdb", "correction": correction, "code": code, "work": work}


def _wait_for(base: str, publication_id: str, seconds: float = 30.0) -> set[str]:
    """Ask until the server answers from `publication_id`; the ids it answered from on the way."""
    seen: set[str] = set()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        seen.add(httpx.get(base + "/v2/municipality").headers["x-publication-id"])
        if publication_id in seen:
            return seen
        time.sleep(0.1)
    raise AssertionError(f"the server still answers from {seen} after {seconds} s, not {publication_id}")


def test_the_server_answers_from_the_new_publication_without_restart(two_publications: dict[str, Any]) -> None:
    p = two_publications
    assert p["before"] == p["first"]["publication_id"] != p["second"]["publication_id"]
    # the server opens the new publication in the background and answers from the old one meanwhile
    seen = _wait_for(p["base"], p["second"]["publication_id"])
    assert seen <= {p["first"]["publication_id"], p["second"]["publication_id"]}
    assert p["second"]["previous_publication_id"] == p["first"]["publication_id"]


def test_revisions_list_exactly_the_changed_cells_with_the_reason(two_publications: dict[str, Any]) -> None:
    p = two_publications
    _wait_for(p["base"], p["second"]["publication_id"])
    old, new = _values(p["first_db"]), _values(p["published"] / "nara_vard.duckdb")
    changed = {k for k in old if k in new and (old[k][1] != new[k][1] or (old[k][0] is None) != (new[k][0] is None)
                                              or (old[k][0] is not None and old[k][0] != pytest.approx(new[k][0])))}
    assert {k[0] for k in changed} == {"hsl_inskrivna_65_per_1000"}
    assert ("kommun", p["code"]) in {k[1:3] for k in changed}
    with duckdb.connect(str(p["published"] / "nara_vard.duckdb"), read_only=True) as con:
        rows = con.execute(f"""select {KEY}, publication_id, previous_publication_id, reason, reason_files,
                                      previous_value, revised_value
                               from marts.rpt_indicator_revisions""").fetchall()
    assert {r[:6] for r in rows} == changed
    for row in rows:
        assert row[6:10] == (p["second"]["publication_id"], p["first"]["publication_id"], "correction",
                             p["correction"])
        assert (row[10], row[11]) == (old[row[:6]][0], new[row[:6]][0])
    api = httpx.get(p["base"] + "/api/v1/revisions?per_page=1000").json()
    assert api["total"] == len(rows)


def test_as_of_the_previous_publication_returns_its_values(two_publications: dict[str, Any]) -> None:
    p = two_publications
    _wait_for(p["base"], p["second"]["publication_id"])
    query = f"indicator=hsl_inskrivna_65_per_1000&geo_code={p['code']}&sex=T&per_page=10000"
    now = httpx.get(f"{p['base']}/api/v1/values?{query}").json()
    then = httpx.get(f"{p['base']}/api/v1/values?{query}&as_of={p['first']['publication_id']}")
    assert then.headers["x-publication-id"] == p["first"]["publication_id"]
    old = _values(p["first_db"])
    for item in then.json()["values"]:
        key = (item["indicator_id"], item["geo_level"], item["geo_code"], item["period_type"], item["period_start"],
               item["sex"])
        assert item["value"] == old[key][0]
        assert item["revised"] is False
    revised = {(i["period_type"], i["period_start"]) for i in now["values"] if i["revised"]}
    assert revised == {("month", "2023-05-01"), ("quarter", "2023-04-01"), ("year", "2023-01-01")}
    assert all(i["revision_reason"] == "correction" for i in now["values"] if i["revised"])


def test_the_second_build_read_the_first_publications_disclosure_state(two_publications: dict[str, Any]) -> None:
    """Build 2 of the same warehouse saw publication 1's private state (publication_state/, beside the build
    database): every cell hidden in publication 1 and unchanged is flagged kept and is hidden again, and no cell
    shown in publication 1 and unchanged is hidden (test_disclosure_versions shows why, on a table by hand)."""
    p = two_publications
    work = p["work"]
    assert not (p["published"] / "publication_state").exists(), "the true counts never go to the published folder"
    with duckdb.connect() as con:
        con.execute(f"attach '{work / 'nara_vard.duckdb'}' as b (read_only)")
        rows = con.execute(f"""
            select s.was_hidden, n.suppression is not null, c.is_kept_hidden, c.is_known_to_reader,
                   o.base_count is not distinct from c.base_count and o.numerator is not distinct from c.numerator
                   and o.denominator is not distinct from c.denominator
            from read_parquet('{work / 'state1.parquet'}') as s
            join read_parquet('{work / 'cells1.parquet'}') as o using (cell_id)
            join b.intermediate.int_disclosure_cells as c using (cell_id)
            join b.intermediate.int_disclosure_pattern_solved as n using (cell_id)
            where c.sex <> 'U'""").fetchall()
    kept = [r for r in rows if r[0] and r[4]]
    known = [r for r in rows if not r[0] and r[4]]
    assert kept and known
    assert all(r[2] and r[1] for r in kept), "hidden before and unchanged: kept, and hidden"
    assert all(r[3] and not r[1] for r in known), "shown before and unchanged: known to the reader, and shown"


def test_the_report_lists_the_revisions_with_their_reason(two_publications: dict[str, Any], tmp_path: Path) -> None:
    p = two_publications
    out = tmp_path / "report.html"
    _cli("report", "--published", p["published"], "--out", out, env={"NARA_VARD_DB": str(tmp_path / "none.duckdb")})
    page = out.read_text(encoding="utf-8")
    section = page[page.index('id="revideringar"'):page.index('id="om-indikatorerna"')]
    with duckdb.connect(str(p["published"] / "nara_vard.duckdb"), read_only=True) as con:
        total = con.execute("select count(*) from marts.rpt_indicator_revisions where sex = 'T'").fetchone()[0]
        reason = con.execute("select label_sv from marts.dim_label where domain = 'revision_reason' "
                             "and code = 'correction'").fetchone()[0]
    assert total > 0 and f"{total} publicerade totalvärden har ändrats" in section
    assert section.count("<tr><td>") == total and section.count(p["correction"]) == total
    assert f"{total} {reason}" in section
