"""`nara-vard publish`: BI tools read a published copy that a build swaps in atomically, never the build database.

Every expectation is computed independently of `nara_vard.publish`: the public models straight from
the manifest JSON, row counts from the build database, checksums with hashlib, the landing
fingerprint with the algorithm its docstring states.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from nara_vard.paths import REPO_ROOT

CLI = Path(sys.executable).parent / "nara-vard"

#: the tables the issue names as the BI interface (the manifest may add more, never fewer)
EXPECTED_PUBLIC = {
    ("marts", "dim_indicator"), ("marts", "dim_period"), ("marts", "dim_geography"),
    ("marts", "fct_indicator_values"), ("marts", "fct_indicator_trend"), ("marts", "rpt_indicator_overview"),
    ("data_quality", "dq_delivery_coverage"), ("data_quality", "dq_indicator_usability"),
    ("data_quality", "dq_scorecard"), ("data_quality", "rpt_followup_readiness"),
}
INTERNAL_SCHEMAS = {"staging", "intermediate", "audit", "reference"}
INTERNAL_PREFIXES = ("stg_", "base_", "int_")
INTERNAL_TABLES = {"dq_quarantine", "dq_findings", "dq_file_reconciliation"}


# --------------------------------------------------------------------------------------------------
# helpers


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("NARA_VARD_PUBLISHED", "DBT_TARGET_PATH", "DBT_LOG_PATH", "NARA_VARD_REPORTS", "NARA_VARD_DB")}
    env.update(extra)
    return env


def _publish(db: Path, target: Path, out: Path, *extra: str,
             landing: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = _env(NARA_VARD_DB=str(db), **({"NARA_VARD_LANDING": str(landing)} if landing else {}))
    return subprocess.run([CLI, "publish", "--target-path", str(target), "--out", str(out), *extra],
                          cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=300)


def _manifest_public(target: Path) -> set[tuple[str, str]]:
    """(schema, table) of every public model of this project, read straight from the manifest."""
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    return {(n["schema"], n.get("alias") or n["name"]) for n in manifest["nodes"].values()
            if n["resource_type"] == "model" and n["package_name"] == "nara_vard" and n.get("access") == "public"}


def _tables_in(db: Path) -> set[tuple[str, str]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return set(con.execute("select schema_name, table_name from duckdb_tables() "
                               "where database_name = current_database()").fetchall())


def _counts(db: Path, tables: set[tuple[str, str]]) -> dict[str, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {f"{s}.{t}": con.execute(f'select count(*) from "{s}"."{t}"').fetchone()[0] for s, t in tables}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _landing_fingerprint(landing: Path) -> str:
    lines = sorted((p.relative_to(landing).as_posix(), _sha256(p)) for p in landing.rglob("*") if p.is_file())
    return hashlib.sha256("".join(f"{rel}\0{digest}\n" for rel, digest in lines).encode()).hexdigest()


def _is_internal(schema: str, table: str) -> bool:
    return schema in INTERNAL_SCHEMAS or table.startswith(INTERNAL_PREFIXES) or table in INTERNAL_TABLES


@pytest.fixture
def build_copy(built_warehouse: Path, tmp_path: Path) -> Path:
    """A private copy of the suite's built warehouse (its published/ folder is then ours alone)."""
    db = tmp_path / "nara_vard.duckdb"
    shutil.copy2(built_warehouse, db)
    return db


@pytest.fixture
def target(built_warehouse: Path) -> Path:
    return built_warehouse.parent / "target"


# --------------------------------------------------------------------------------------------------
# what gets published


def test_publishes_exactly_the_public_models(build_copy: Path, target: Path, default_landing: Path) -> None:
    out = build_copy.parent / "published"
    (out / "parquet").mkdir(parents=True)  # leftovers of a publish that crashed: removed at start
    stale = [out / ".nara_vard.duckdb.tmp-99999", out / "parquet" / ".fct_indicator_values.parquet.tmp-99999"]
    for path in stale:
        path.write_bytes(b"half-written")
    result = _publish(build_copy, target, out, landing=default_landing)
    assert result.returncode == 0, result.stdout + result.stderr

    public = _manifest_public(target)
    assert public >= EXPECTED_PUBLIC, f"models the issue names are not public: {EXPECTED_PUBLIC - public}"
    assert not {t for t in public if _is_internal(*t)}, "an internal model is marked public in its YAML"

    published_db = out / "nara_vard.duckdb"
    assert _tables_in(published_db) == public
    assert {p.name for p in (out / "parquet").glob("*.parquet")} == {f"{t}.parquet" for _, t in public}
    assert not [p for p in out.rglob("*") if ".tmp-" in p.name], "temporary files left behind"
    assert not published_db.with_name("nara_vard.duckdb.wal").exists()

    meta = json.loads((out / "_published.json").read_text(encoding="utf-8"))
    assert {(t["schema"], t["table"]) for t in meta["tables"]} == public
    assert not [t for t in meta["tables"] if _is_internal(t["schema"], t["table"])]
    assert datetime.fromisoformat(meta["published_at"]).utcoffset().total_seconds() == 0
    assert meta["previous_version"] is None
    assert Path(meta["build_database"]) == build_copy.resolve()
    assert meta["landing_manifest_sha256"] == _landing_fingerprint(default_landing)
    run_results = json.loads((target / "run_results.json").read_text(encoding="utf-8"))
    assert meta["dbt_invocation_id"] == run_results["metadata"]["invocation_id"]
    assert meta["dbt_version"] == run_results["metadata"]["dbt_version"]

    build_counts = _counts(build_copy, public)  # independent: counted in the build database itself
    published_counts = _counts(published_db, public)
    assert published_counts == build_counts
    assert build_counts["marts.fct_indicator_values"] > 1000
    with duckdb.connect() as con:
        con.execute(f"attach '{build_copy}' as b (read_only)")
        con.execute(f"attach '{published_db}' as p (read_only)")
        for entry in meta["tables"]:
            name = f'"{entry["schema"]}"."{entry["table"]}"'
            parquet = out / entry["parquet"]
            assert entry["rows"] == build_counts[f'{entry["schema"]}.{entry["table"]}'], name
            assert entry["sha256"] == _sha256(parquet), name
            assert con.execute(f"select count(*) from read_parquet('{parquet}')").fetchone()[0] == entry["rows"], name
            # same rows, not just as many: the difference both ways is empty
            for a, b in (("b", "p"), ("p", "b")):
                diff = con.execute(f"select count(*) from (select * from {a}.{name} except all "
                                   f"select * from {b}.{name})").fetchone()[0]
                assert diff == 0, f"{name}: {diff} rows in {a} but not in {b}"
            build_columns = [c[0] for c in con.execute(f"describe b.{name}").fetchall()]
            parquet_columns = [c[0] for c in
                               con.execute(f"describe select * from read_parquet('{parquet}')").fetchall()]
            assert parquet_columns == build_columns, name


def test_publish_refuses_a_manifest_without_public_models_or_with_a_missing_table(
        build_copy: Path, target: Path, tmp_path: Path) -> None:
    out = tmp_path / "published"
    assert _publish(build_copy, target, out).returncode == 0
    inode = (out / "nara_vard.duckdb").stat().st_ino
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))

    private = tmp_path / "target_private"
    private.mkdir()
    stripped = json.loads(json.dumps(manifest))
    for node in stripped["nodes"].values():
        node["access"] = "protected"
    (private / "manifest.json").write_text(json.dumps(stripped), encoding="utf-8")
    result = _publish(build_copy, private, out)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "access: public" in result.stderr and "Traceback" not in result.stderr

    missing = tmp_path / "target_missing"
    missing.mkdir()
    broken = json.loads(json.dumps(manifest))
    node = next(n for n in broken["nodes"].values() if n["resource_type"] == "model" and n["name"] == "fct_indicator_values")
    node["alias"] = "fct_indicator_values_not_built"
    (missing / "manifest.json").write_text(json.dumps(broken), encoding="utf-8")
    result = _publish(build_copy, missing, out)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "marts.fct_indicator_values_not_built" in result.stderr and "Traceback" not in result.stderr

    assert (out / "nara_vard.duckdb").stat().st_ino == inode, "a failed publish replaced the published file"
    assert not (out / "nara_vard.previous.duckdb").exists()
    assert not [p for p in out.rglob("*") if ".tmp-" in p.name]


def test_rollback_swaps_the_previous_version_back(build_copy: Path, target: Path, tmp_path: Path) -> None:
    out = tmp_path / "published"
    public = _manifest_public(target)
    assert _publish(build_copy, target, out).returncode == 0
    first = json.loads((out / "_published.json").read_text(encoding="utf-8"))
    first_inode = (out / "nara_vard.duckdb").stat().st_ino
    first_counts = _counts(out / "nara_vard.duckdb", public)

    with duckdb.connect(str(build_copy)) as con:  # our private copy: make the next version differ
        con.execute("delete from marts.fct_indicator_values where indicator_id = "
                    "(select min(indicator_id) from marts.fct_indicator_values)")
    assert _publish(build_copy, target, out).returncode == 0
    second = json.loads((out / "_published.json").read_text(encoding="utf-8"))
    second_counts = _counts(out / "nara_vard.duckdb", public)
    assert second["previous_version"] == first["published_at"]
    assert second_counts["marts.fct_indicator_values"] < first_counts["marts.fct_indicator_values"]
    assert (out / "nara_vard.previous.duckdb").stat().st_ino == first_inode
    second_parquet_sha = _sha256(out / "parquet" / "fct_indicator_values.parquet")

    result = _publish(build_copy, target, out, "--rollback")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (out / "nara_vard.duckdb").stat().st_ino == first_inode
    assert _counts(out / "nara_vard.duckdb", public) == first_counts
    assert _counts(out / "nara_vard.previous.duckdb", public) == second_counts
    assert json.loads((out / "_published.json").read_text(encoding="utf-8")) == first
    fct = next(t for t in first["tables"] if t["table"] == "fct_indicator_values")
    assert _sha256(out / "parquet" / "fct_indicator_values.parquet") == fct["sha256"] != second_parquet_sha

    assert _publish(build_copy, target, out, "--rollback").returncode == 0  # and forward again
    assert _counts(out / "nara_vard.duckdb", public) == second_counts
    assert json.loads((out / "_published.json").read_text(encoding="utf-8")) == second
    assert not [p for p in out.rglob("*") if ".tmp-" in p.name]


def test_publish_refuses_a_weakened_disclosure_pattern_and_keeps_the_previous_version(
        build_copy: Path, target: Path, tmp_path: Path) -> None:
    """The publish gate: a build whose marts show the secondary cells again (only the primary rule
    left, as a broken suppression would leave it) is attacked before it is swapped in, refused with
    a message that says why, and the version published before stays in place, byte for byte."""
    out = tmp_path / "published"
    assert _publish(build_copy, target, out).returncode == 0
    before = (out / "_published.json").read_text(encoding="utf-8")
    before_db = _sha256(out / "nara_vard.duckdb")
    with duckdb.connect(str(build_copy)) as con:  # our private copy: undo the secondary suppression
        weakened = con.execute("""
            update marts.fct_indicator_values_v2 as v
            set numerator = a.numerator, denominator = a.denominator, value = a.value, suppression = null
            from intermediate.int_indicator_values_assessed as a, intermediate.int_disclosure_cells_suppressed as s
            where s.suppression = 'secondary'
                and a.indicator_id = v.indicator_id and a.geo_level = v.geo_level and a.geo_code = v.geo_code
                and a.period_type = v.period_type and a.period_start = v.period_start and a.sex = v.sex
                and s.indicator_id = v.indicator_id and s.geo_level = v.geo_level and s.geo_code = v.geo_code
                and s.period_type = v.period_type and s.period_start = v.period_start and s.sex = v.sex
            """).fetchone()[0]
    assert weakened > 500, weakened  # the default landing has over a thousand secondary cells
    result = _publish(build_copy, target, out)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "disclosure audit failed" in result.stderr and "previous version stays" in result.stderr, result.stderr
    assert "FAIL" in result.stderr and "findings" in result.stderr, result.stderr
    assert (out / "_published.json").read_text(encoding="utf-8") == before
    assert _sha256(out / "nara_vard.duckdb") == before_db
    assert not [p for p in out.rglob("*") if ".tmp-" in p.name]


def test_rollback_without_a_previous_version_fails_clearly(tmp_path: Path) -> None:
    result = subprocess.run([CLI, "publish", "--rollback", "--out", str(tmp_path / "published")],
                            cwd=REPO_ROOT, env=_env(), capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "no previous version" in result.stderr and "Traceback" not in result.stderr


# --------------------------------------------------------------------------------------------------
# the build database is the engineers' only

HOLDER = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
con.execute("select 1").fetchall()
print("ready", flush=True)
time.sleep(120)
"""


def test_build_refuses_a_held_build_database_within_seconds(build_copy: Path) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(build_copy)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        for command in (["build"], ["dbt", "run"]):
            started = time.monotonic()
            result = subprocess.run([CLI, *command], cwd=REPO_ROOT, env=_env(NARA_VARD_DB=str(build_copy)),
                                    capture_output=True, text=True, timeout=20)
            elapsed = time.monotonic() - started
            assert result.returncode == 3, result.stdout + result.stderr
            assert elapsed < 20
            assert "locked" in result.stderr
            assert str(build_copy) in result.stderr
            assert str(build_copy.parent / "published" / "nara_vard.duckdb") in result.stderr
            assert f"PID {holder.pid}" in result.stderr or f"process {holder.pid} " in result.stderr
            assert "fuser -v" in result.stderr and "lsof" in result.stderr
            assert "Traceback" not in result.stderr
    finally:
        holder.kill()
        holder.wait()


# --------------------------------------------------------------------------------------------------
# acceptance: readers keep reading while `make build` rebuilds and republishes

READER = r"""
import json, os, sys, time, duckdb
db, tables, log, stop, mode = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]

def snapshot(con):
    # row count and two order-independent checksums of every row of every published table (an XOR alone
    # cancels a column that is the same on an even number of rows, such as the build's computed_at)
    return {t: [int(v) for v in con.execute(
                f"select count(*), coalesce(bit_xor(hash(x)), 0), coalesce(sum(hash(x) % 1000000007), 0) "
                f"from {t} x").fetchone()]
            for t in tables}

with open(log, "a") as out:
    def record(**entry):
        out.write(json.dumps({"t": time.time(), **entry}) + "\n")
        out.flush()
    if mode == "hold":
        con = duckdb.connect(db, read_only=True)
        record(state=snapshot(con))
        print("ready", flush=True)
        while not os.path.exists(stop):
            time.sleep(1.0)
            try:
                record(state=snapshot(con))
            except Exception as error:
                record(error=repr(error))
        con.close()
    else:
        first = True
        while not os.path.exists(stop):
            try:
                with duckdb.connect(db, read_only=True) as con:
                    state = snapshot(con)
                record(state=state)
                if first:
                    print("ready", flush=True)
                    first = False
            except Exception as error:
                record(error=repr(error))
            # a read a second: enough to meet the swap many times, without taking a core from the build
            time.sleep(1.0)
"""


def _snapshot(db: Path, tables: list[str]) -> dict[str, list[int]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {t: [int(v) for v in con.execute(
                    f"select count(*), coalesce(bit_xor(hash(x)), 0), coalesce(sum(hash(x) % 1000000007), 0) "
                    f"from {t} x").fetchone()]
                for t in tables}


def _log(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def test_make_build_republishes_while_bi_readers_keep_reading(small_build: Path, tmp_path: Path) -> None:
    work = tmp_path
    out = work / "published"
    landing = small_build / "landing"
    # The version BI tools have now: a copy of the suite's small build (conftest: the property does not depend
    # on the landing's size), published into place. `make build` then rebuilds that build database (its landing
    # files already loaded, so only what is new would be parsed) and republishes: the new version's build time
    # and invocation differ, so every reading can be attributed to one version.
    shutil.copy2(small_build / "nara_vard.duckdb", work / "nara_vard.duckdb")
    shutil.copytree(small_build / "target", work / "target")
    first = _publish(work / "nara_vard.duckdb", work / "target", out, landing=landing)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    env = _env(NARA_VARD_DB=str(work / "nara_vard.duckdb"), NARA_VARD_LANDING=str(landing),
               DBT_TARGET_PATH=str(work / "target"), DBT_LOG_PATH=str(work / "logs"),
               NARA_VARD_REPORTS=str(work / "reports"))
    old_meta = json.loads((out / "_published.json").read_text(encoding="utf-8"))
    old_inode = (out / "nara_vard.duckdb").stat().st_ino
    tables = sorted(f'{t["schema"]}.{t["table"]}' for t in old_meta["tables"])
    old_state = _snapshot(out / "nara_vard.duckdb", tables)
    repo_manifest = REPO_ROOT / "target" / "manifest.json"
    repo_manifest_mtime = repo_manifest.stat().st_mtime_ns if repo_manifest.exists() else None

    stop = work / "stop-readers"
    logs = {mode: work / f"reader-{mode}.jsonl" for mode in ("loop", "hold")}
    readers = {mode: subprocess.Popen([sys.executable, "-c", READER, str(out / "nara_vard.duckdb"), json.dumps(tables),
                                       str(log), str(stop), mode], stdout=subprocess.PIPE, text=True)
               for mode, log in logs.items()}
    try:
        for reader in readers.values():
            assert reader.stdout is not None and reader.stdout.readline().strip() == "ready"
        # the data and unit tests' verdicts are the suite's own build's business: here they would only
        # lengthen the rebuild the readers read through (DBT_ARGS goes to dbt build)
        build = subprocess.run(["make", "-C", str(REPO_ROOT), "build",
                                "DBT_ARGS=--exclude-resource-type test unit_test"],
                               env=env, capture_output=True, text=True, timeout=900)
        assert build.returncode == 0, build.stdout[-6000:] + build.stderr[-4000:]
        # let the loop reader open the new version a few times before stopping it
        seen = len(_log(logs["loop"]))
        deadline = time.monotonic() + 30
        while len(_log(logs["loop"])) < seen + 5 and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        stop.touch()
        for reader in readers.values():
            try:
                reader.wait(timeout=30)
            except subprocess.TimeoutExpired:
                reader.kill()
                reader.wait()
    assert all(r.returncode == 0 for r in readers.values())

    new_meta = json.loads((out / "_published.json").read_text(encoding="utf-8"))
    assert datetime.fromisoformat(new_meta["published_at"]) > datetime.fromisoformat(old_meta["published_at"])
    assert new_meta["previous_version"] == old_meta["published_at"]
    new_state = _snapshot(out / "nara_vard.duckdb", tables)
    assert new_state != old_state
    # the recorded row counts of both versions agree with what the files hold
    for meta, state in ((old_meta, old_state), (new_meta, new_state)):
        assert {f'{t["schema"]}.{t["table"]}': t["rows"] for t in meta["tables"]} == {k: v[0] for k, v in state.items()}
    run_results = json.loads((work / "target" / "run_results.json").read_text(encoding="utf-8"))
    assert new_meta["dbt_invocation_id"] == run_results["metadata"]["invocation_id"] != old_meta["dbt_invocation_id"]

    loop, hold = _log(logs["loop"]), _log(logs["hold"])
    errors = [e["error"] for e in loop + hold if "error" in e]
    assert not errors, errors[:5]
    loop_states = [e["state"] for e in loop]
    partial = [s for s in loop_states if s not in (old_state, new_state)]
    assert not partial, f"{len(partial)} of {len(loop_states)} reads saw neither complete version"
    assert loop_states[0] == old_state and loop_states[-1] == new_state
    # once a reader has seen the new version it never sees the old one again
    switch = loop_states.index(new_state)
    assert all(s == new_state for s in loop_states[switch:])
    assert all(e["state"] == old_state for e in hold), "the reader holding the file open saw something else"
    # a new file took the name; the old one, still open in the holder, is kept as the previous version
    assert (out / "nara_vard.duckdb").stat().st_ino != old_inode
    assert (out / "nara_vard.previous.duckdb").stat().st_ino == old_inode
    assert _snapshot(out / "nara_vard.previous.duckdb", tables) == old_state
    print(f"\nreaders: loop {len(loop)} reads ({switch} old, {len(loop) - switch} new), "
          f"holder {len(hold)} reads, errors {len(errors)}; make build {loop[-1]['t'] - loop[0]['t']:.0f} s of reading")

    assert (work / "reports" / "quality" / "index.html").is_file(), "review page not written to NARA_VARD_REPORTS"
    if repo_manifest_mtime is not None:
        assert repo_manifest.stat().st_mtime_ns == repo_manifest_mtime, "the test touched the repository's target/"
