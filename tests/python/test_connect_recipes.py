"""The README's connect recipes ("Connecting BI tools and analysts"), run from the README itself.

Every fenced block preceded by `<!-- recipe: NAME -->` is taken verbatim from README.md and run the
way a reader would: Python blocks with the venv's python, shell blocks with bash and `.venv/bin` on
PATH, each in a scratch folder that has the suite's freshly published artefact at
`warehouse/published/`, so the README's relative paths work unchanged and nothing ever touches this
checkout's warehouse. What they print, or what a probe appended to a Python block reads from its
variables, is compared with figures computed independently of the recipes and of `nara_vard`:
row counts counted here in the published DuckDB file, the region's SIP counts as VGR printed them
(the reference seed, read with the csv module), the build's start time read from the build database.

The SQLAlchemy recipe runs over and over while a real `nara-vard build` holds the build database for
writing (its write lock is checked before and after every run), then again after `nara-vard publish`,
when it must see the new build. Recipes for tools this machine cannot run (Excel, Power BI, Metabase,
Tableau) are prose in the README, marked untested, and have no block here.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from sqlalchemy.pool import NullPool

from independent_figures import load_published, round_half_up
from nara_vard.paths import REPO_ROOT

BIN = Path(sys.executable).parent
CLI = BIN / "nara-vard"
README = REPO_ROOT / "README.md"
PUBLISHED = Path("warehouse") / "published"

RECIPE = re.compile(r"<!-- recipe: (?P<name>[\w-]+) -->[ \t]*\n```(?P<lang>\w+)[^\n]*\n(?P<body>.*?)\n```", re.S)
#: every recipe block the README may have, each run by a test below
TESTED = {"python-duckdb", "pandas-parquet", "duckdb-cli", "sqlalchemy", "superset-uri", "superset-engine-params"}
#: the placeholder the Superset recipes use for the repository's path on the Superset host
SUPERSET_ROOT = "/srv/nara_vard"
PROBE_MARK = "@@probe@@"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
SIP_REGION_QUARTERS = """select period_label_sv, value from marts.fct_indicator_values_v2
                         where indicator_id = 'sip_antal' and geo_level = 'region' and period_type = 'quarter'
                             and sex = 'T'
                         order by period_start"""


# --------------------------------------------------------------------------------------------------
# helpers


def recipes() -> dict[str, tuple[str, str]]:
    """name -> (info string language, code) of every `<!-- recipe: NAME -->` block in README.md."""
    found: dict[str, tuple[str, str]] = {}
    for match in RECIPE.finditer(README.read_text(encoding="utf-8")):
        assert match["name"] not in found, f"two README recipes are called {match['name']}"
        found[match["name"]] = (match["lang"], match["body"])
    return found


def recipe(name: str, lang: str) -> str:
    found = recipes()
    assert name in found, f"README.md has no block marked <!-- recipe: {name} -->"
    assert found[name][0] == lang, f"recipe {name} is a {found[name][0]} block, expected {lang}"
    return found[name][1]


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("NARA_VARD_PUBLISHED", "DBT_TARGET_PATH", "DBT_LOG_PATH", "NARA_VARD_REPORTS", "NARA_VARD_DB")}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["NO_COLOR"] = "1"
    return env


def run_python(site: Path, code: str, probe: str = "{}", timeout: float = 120) -> tuple[str, dict[str, Any]]:
    """Run `code` as a script in `site`; then print the JSON of the expression `probe` (evaluated
    in the recipe's namespace). Returns the recipe's own output and the probe's value."""
    script = f"{code}\n\nimport json as _json\nprint({PROBE_MARK!r} + _json.dumps({probe}, default=str))\n"
    result = subprocess.run([sys.executable, "-c", script], cwd=site, env=_env(), capture_output=True, text=True,
                            timeout=timeout)
    assert result.returncode == 0, f"recipe failed:\n{code}\n{result.stdout[-3000:]}{result.stderr[-3000:]}"
    output, _, probed = result.stdout.rpartition(PROBE_MARK)
    return output, json.loads(probed)


def run_bash(site: Path, code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "-euo", "pipefail", "-c", code], cwd=site, env=_env(), capture_output=True,
                          text=True, timeout=120)


def publish(build_db: Path, out: Path, landing: Path) -> None:
    env = {**_env(), "NARA_VARD_DB": str(build_db), "NARA_VARD_LANDING": str(landing)}
    result = subprocess.run([CLI, "publish", "--target-path", str(build_db.parent / "target"), "--out", str(out)],
                            cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def boxes(output: str) -> list[list[list[str]]]:
    """The tables the DuckDB CLI draws (box mode) as lists of rows of cells; row 0 is the header,
    the row of type names is dropped."""
    tables: list[list[list[str]]] = []
    current: list[list[str]] | None = None
    for raw_line in ANSI.sub("", output).splitlines():
        line = raw_line.strip()
        if line.startswith("┌"):
            current = []
        elif line.startswith("└") and current is not None:
            tables.append([current[0], *current[2:]])
            current = None
        elif line.startswith("│") and current is not None:
            current.append([cell.strip() for cell in line.strip("│").split("│")])
    return tables


def vgr_sip_quarters() -> dict[str, float | None]:
    """The region's SIP count per quarter as VGR printed it (None: blank cell)."""
    return {period: value for (indicator, period), (value, _) in load_published(REPO_ROOT).items()
            if indicator == "sip_antal" and period.startswith("Q")}


def assert_sip_matches_vgr(rows: list[tuple[str, float | None]]) -> None:
    """Every quarter VGR printed is in `rows` with the printed value (blank cells without a value)."""
    got = dict(rows)
    printed = vgr_sip_quarters()
    assert len(printed) >= 8, printed
    for period, value in printed.items():
        assert period in got, f"{period} missing from {rows}"
        if value is None:
            assert got[period] is None, (period, got[period])
        else:
            assert got[period] is not None and round_half_up(got[period], 0) == round_half_up(value, 0), \
                (period, got[period], value)


def independent(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def write_lock_holder(path: Path) -> int | None:
    """PID of the process holding a POSIX write lock on `path` (as DuckDB's writer does), else None.

    Asks the kernel with F_GETLK, which takes no lock itself, so a build is never disturbed by it.
    """
    fd = os.open(path, os.O_RDONLY)
    try:
        request = struct.pack("hhqqi4x", fcntl.F_WRLCK, os.SEEK_SET, 0, 0, 0)
        l_type, _, _, _, pid = struct.unpack("hhqqi4x", fcntl.fcntl(fd, fcntl.F_GETLK, request))
    finally:
        os.close(fd)
    return pid if l_type == fcntl.F_WRLCK else None


# --------------------------------------------------------------------------------------------------
# fixtures


@pytest.fixture(scope="module")
def site(built_warehouse: Path, default_landing: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch folder with the suite's build published to `warehouse/published/`, as `make build` does."""
    root = tmp_path_factory.mktemp("connect_site")
    publish(built_warehouse, root / PUBLISHED, default_landing)
    return root


@pytest.fixture(scope="module")
def published_db(site: Path) -> Path:
    return site / PUBLISHED / "nara_vard.duckdb"


# --------------------------------------------------------------------------------------------------
# the README itself


def test_every_recipe_block_is_run_by_a_test_and_reads_read_only() -> None:
    found = recipes()
    assert set(found) == TESTED, (f"recipes without a test: {set(found) - TESTED}; "
                                  f"tests without a recipe: {TESTED - set(found)}")
    for name, (_, code) in found.items():
        assert "warehouse/nara_vard.duckdb" not in code, f"recipe {name} opens the build database"
        if "nara_vard.duckdb" in code:
            assert re.search(r"read_only|-readonly|access_mode=read_only", code), f"recipe {name} is not read-only"


# --------------------------------------------------------------------------------------------------
# Python / pandas


def test_python_duckdb_recipe(site: Path, published_db: Path) -> None:
    output, sip = run_python(site, recipe("python-duckdb", "python"), "sip.astype(object).where(sip.notna(), None).to_dict(orient='records')")
    rows = [(r["period_label_sv"], r["value"]) for r in sip]
    assert rows == independent(published_db, SIP_REGION_QUARTERS)
    assert_sip_matches_vgr(rows)
    assert "Q1 2022" in output and "Q3 2023" in output, output  # it shows the reader the table


def test_pandas_parquet_recipe(site: Path, published_db: Path) -> None:
    output, got = run_python(site, recipe("pandas-parquet", "python"),
                             "[len(values), len(kommun), int(values.suppression.notna().sum())]")
    (total, kommun, hidden), = independent(published_db, """
        select count(*), count(*) filter (geo_level = 'kommun'), count(*) filter (suppression is not null)
        from marts.fct_indicator_values_v2""")
    assert got == [total, kommun, hidden]
    assert total > 1000 and 0 < kommun < total and hidden > 0
    assert f"{total} rows" in output and f"{kommun} for municipalities" in output and f"{hidden} hidden" in output


# --------------------------------------------------------------------------------------------------
# DuckDB CLI


def test_duckdb_cli_is_the_pinned_duckdb() -> None:
    cli = shutil.which("duckdb", path=_env()["PATH"])
    assert cli is not None and Path(cli).parent == BIN, f"no duckdb executable in {BIN} (pip install duckdb-cli)"
    version = subprocess.run([cli, "--version"], capture_output=True, text=True, timeout=30)
    assert version.returncode == 0 and version.stdout.split()[0] == f"v{duckdb.__version__}", version.stdout


def test_duckdb_cli_recipe(site: Path, published_db: Path) -> None:
    result = run_bash(site, recipe("duckdb-cli", "bash"))
    assert result.returncode == 0, result.stdout + result.stderr
    tables = boxes(result.stdout)
    assert len(tables) == 2, result.stdout
    sip, levels = tables
    assert sip[0] == ["period_label_sv", "value"], sip[0]
    rows = [(label, None if value == "NULL" else float(value)) for label, value in sip[1:]]
    assert rows == independent(published_db, SIP_REGION_QUARTERS)
    assert_sip_matches_vgr(rows)
    assert levels[0] == ["geo_level", "n_rows"], levels[0]
    assert [(level, int(n)) for level, n in levels[1:]] == independent(
        published_db, "select geo_level, count(*) from marts.fct_indicator_values_v2 group by all order by all")


def test_duckdb_cli_readonly_refuses_writes_and_never_creates_a_file(site: Path, published_db: Path) -> None:
    """What the README says about `-readonly`: it cannot change the file, and a mistyped path fails
    instead of creating an empty database (as the CLI does without it)."""
    size = published_db.stat().st_size
    write = run_bash(site, "duckdb -readonly warehouse/published/nara_vard.duckdb -c 'create table t (a int)'")
    assert write.returncode != 0 and "read-only" in (write.stdout + write.stderr), write.stdout + write.stderr
    assert published_db.stat().st_size == size
    typo = run_bash(site, "duckdb -readonly warehouse/published/nara_vard.duckbd -c 'select 1'")
    assert typo.returncode != 0 and not (site / PUBLISHED / "nara_vard.duckbd").exists()
    without = run_bash(site, "duckdb warehouse/published/nara_vard.duckbd -c 'select 1'")
    assert without.returncode == 0 and (site / PUBLISHED / "nara_vard.duckbd").exists()
    (site / PUBLISHED / "nara_vard.duckbd").unlink()


# --------------------------------------------------------------------------------------------------
# SQLAlchemy (duckdb-engine) and Superset


def _sqlalchemy_probe() -> str:
    # the recipe's own engine, reopened after its dispose(): is it really read-only?
    return ("{'built': built, 'sip': [list(r) for r in sip], "
            "'mode': engine.connect().execute(text(\"select current_setting('access_mode')\")).scalar()}")


def _build_started(build_db: Path) -> str:
    """When the build behind a build database started, from the build database itself."""
    (started,), = independent(build_db, "select max(computed_at) from marts.fct_indicator_values_v2")
    return str(started)


def test_sqlalchemy_recipe(site: Path, published_db: Path, built_warehouse: Path) -> None:
    output, got = run_python(site, recipe("sqlalchemy", "python"), _sqlalchemy_probe())
    assert got["mode"] == "read_only"
    assert got["built"] == _build_started(built_warehouse)
    rows = [tuple(r) for r in got["sip"]]
    assert rows == independent(published_db, SIP_REGION_QUARTERS)
    assert_sip_matches_vgr(rows)
    assert got["built"] in output


def _superset_engine(site: Path, **params: Any) -> Engine:
    """The Superset recipe's URI with the placeholder replaced, opened as Superset runs queries (NullPool)."""
    uri = recipe("superset-uri", "text").strip()
    assert uri.startswith(f"duckdb:///{SUPERSET_ROOT}/"), uri
    uri = uri.replace(SUPERSET_ROOT, str(site), 1)
    if params:
        uri = uri.split("?", 1)[0]  # the engine-parameters variant: the URI without the query string
    return create_engine(uri, poolclass=NullPool, **params)


def test_superset_uri_and_engine_parameters_open_the_published_file_read_only(site: Path, published_db: Path) -> None:
    engine_params = json.loads(recipe("superset-engine-params", "json"))
    size = published_db.stat().st_size
    for engine in (_superset_engine(site), _superset_engine(site, **engine_params)):
        try:
            with engine.connect() as con:
                assert con.execute(text("select current_setting('access_mode')")).scalar() == "read_only"
                rows = [tuple(r) for r in con.execute(text(SIP_REGION_QUARTERS)).all()]
                with pytest.raises(Exception, match="read-only"):
                    con.execute(text("create table marts.t (a int)"))
        finally:
            engine.dispose()
        assert rows == independent(published_db, SIP_REGION_QUARTERS)
    assert published_db.stat().st_size == size


WRITER = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
con.execute("select 1").fetchall()
print("ready", flush=True)
time.sleep(120)
"""


def test_the_recipe_fails_on_a_held_build_database_and_works_on_the_published_copy(
        site: Path, built_warehouse: Path, tmp_path: Path) -> None:
    """Control for the test below: the lock conflict it guards against is real. While a writer holds
    a build database, the SQLAlchemy recipe pointed at it fails with DuckDB's lock error; pointed at
    the published copy, as the README says, it reads."""
    build_db = tmp_path / "nara_vard.duckdb"
    shutil.copy2(built_warehouse, build_db)
    code = recipe("sqlalchemy", "python")
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(build_db)], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        assert write_lock_holder(build_db) == writer.pid
        wrong = code.replace("warehouse/published/nara_vard.duckdb", str(build_db))
        assert wrong != code
        result = subprocess.run([sys.executable, "-c", wrong], cwd=site, env=_env(), capture_output=True, text=True,
                                timeout=120)
        assert result.returncode != 0 and "lock" in result.stderr.lower(), result.stdout + result.stderr[-2000:]
        _, got = run_python(site, code, _sqlalchemy_probe())
        assert got["mode"] == "read_only" and got["sip"]
        assert write_lock_holder(build_db) == writer.pid
    finally:
        writer.kill()
        writer.wait()


SESSION = r"""
import sys
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from sqlalchemy.pool import NullPool
mode, url = sys.argv[1], sys.argv[2]
QUERY = text("select max(computed_at) from marts.fct_indicator_values_v2")
if mode == "pooled":   # SQLAlchemy's default pool, as in the README recipe, but kept alive like a service
    engine = create_engine(url, connect_args={"read_only": True})
else:                  # Superset's way of running queries: a new connection each time
    engine = create_engine(url, poolclass=NullPool)
def read():
    with engine.connect() as con:
        return str(con.execute(QUERY).scalar())
print("before", read(), flush=True)
sys.stdin.readline()
print("after", read(), flush=True)
engine.dispose()
print("disposed", read(), flush=True)
"""


def test_sqlalchemy_recipe_reads_while_a_build_runs_and_sees_the_next_publication(
        built_warehouse: Path, default_landing: Path, tmp_path: Path) -> None:
    """The README's promise for BI tools: a build running meanwhile is no problem, and after
    `nara-vard publish` the recipe reads the new build."""
    work = tmp_path / "build"
    work.mkdir()
    build_db = work / "nara_vard.duckdb"
    shutil.copy2(built_warehouse, build_db)
    shutil.copytree(built_warehouse.parent / "target", work / "target")
    site = tmp_path / "site"
    publish(build_db, site / PUBLISHED, default_landing)
    first = _build_started(build_db)
    code = recipe("sqlalchemy", "python")

    superset_uri = recipe("superset-uri", "text").strip().replace(SUPERSET_ROOT, str(site), 1)
    pooled_uri = f"duckdb:///{site / PUBLISHED / 'nara_vard.duckdb'}"
    sessions = {mode: subprocess.Popen([sys.executable, "-c", SESSION, mode, url], stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env())
                for mode, url in (("pooled", pooled_uri), ("nullpool", superset_uri))}
    log = (work / "build.log").open("w")
    build = None
    try:
        for session in sessions.values():
            assert session.stdout is not None and session.stdout.readline().split(" ", 1) == ["before", f"{first}\n"]

        env = {**_env(), "NARA_VARD_DB": str(build_db), "NARA_VARD_LANDING": str(default_landing)}
        started = time.monotonic()
        # a build of the layers above staging, without the data tests: it holds the build database's write lock
        # for half a minute, which is what the readers must not notice (a whole build only makes that longer)
        build = subprocess.Popen([CLI, "build", "--select", "intermediate", "marts", "--exclude-resource-type", "test",
                                  "unit_test", "--target-path", str(work / "target"), "--log-path", str(work / "logs")],
                                 cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        # wait until the build writes: its own process holds DuckDB's write lock on the build database
        while write_lock_holder(build_db) != build.pid:
            assert build.poll() is None, f"build ended before it locked the database:\n{(work / 'build.log').read_text()[-4000:]}"
            assert time.monotonic() - started < 180, "the build never took the write lock"
            time.sleep(0.05)
        locked_after = time.monotonic() - started

        during: list[float] = []  # durations of recipe runs that began and ended inside the build's write lock
        while build.poll() is None:
            if len(during) >= 4:  # enough runs inside the lock to show it; let the build finish alone
                time.sleep(0.5)
                continue
            before = write_lock_holder(build_db) == build.pid
            t0 = time.monotonic()
            _output, got = run_python(site, code, _sqlalchemy_probe())
            duration = time.monotonic() - t0
            # the recipe read the complete published version, not a half of anything, at every run
            assert got["built"] == first and got["mode"] == "read_only", got
            assert_sip_matches_vgr([tuple(r) for r in got["sip"]])
            if before and write_lock_holder(build_db) == build.pid:
                during.append(duration)
            time.sleep(0.5)  # leave the build a core between runs
        assert build.wait() == 0, (work / "build.log").read_text()[-6000:]
        build_seconds = time.monotonic() - started
        assert len(during) >= 3, f"only {len(during)} recipe runs fell inside the build's write lock"

        second = _build_started(build_db)
        assert datetime.fromisoformat(second) > datetime.fromisoformat(first)
        publish(build_db, site / PUBLISHED, default_landing)
        _output, got = run_python(site, code, _sqlalchemy_probe())
        assert got["built"] == second and got["mode"] == "read_only", got
        assert [tuple(r) for r in got["sip"]] == independent(site / PUBLISHED / "nara_vard.duckdb", SIP_REGION_QUARTERS)
        assert_sip_matches_vgr([tuple(r) for r in got["sip"]])

        # what the README says about connections kept open across a publish
        replies = {}
        for mode, session in sessions.items():
            out, err = session.communicate("go\n", timeout=120)
            assert session.returncode == 0, err[-3000:]
            replies[mode] = dict(line.split(" ", 1) for line in out.splitlines())
        assert replies["pooled"] == {"after": first, "disposed": second}, replies["pooled"]
        assert replies["nullpool"] == {"after": second, "disposed": second}, replies["nullpool"]
        print(f"\nbuild: write lock after {locked_after:.1f} s, done after {build_seconds:.1f} s; "
              f"{len(during)} recipe runs inside the lock ({min(during):.1f}-{max(during):.1f} s each), none failed")
    finally:
        log.close()
        if build is not None and build.poll() is None:
            build.kill()
            build.wait()
        for session in sessions.values():
            if session.poll() is None:
                session.kill()
                session.wait()


def test_published_file_is_readable_by_duckdb_1_0_and_newer(published_db: Path) -> None:
    """The README tells ODBC/JDBC users which driver versions read the file."""
    (tags,), = independent(published_db, "select tags from duckdb_databases() where database_name = current_database()")
    assert tags.get("storage_version") == "v1.0.0+", tags
