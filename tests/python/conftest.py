"""Shared fixtures: the default landing (generated once per machine), the suite's one build of it, its
publication, and the repository root.

The suite runs on pytest-xdist's workers (pyproject.toml: `-n 2 --dist loadfile`): a file's tests stay
together on one worker, and the session fixtures below are made once per run, not once per worker
(`_shared`: the first worker to need one makes it under a file lock, the other waits for it and reuses it).
Files start longest first (`_COST`), so that the two workers finish together."""

from __future__ import annotations

import fcntl
import json
import os
import resource
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from nara_vard.generator import GeneratorConfig, generate
from nara_vard.generator.context import GENERATOR_VERSION
from nara_vard.paths import REPO_ROOT, landing_dir

DEFAULT = {"seed": 42, "scale": 1.0, "start": "2022-01", "end": "2024-01"}

# The suite's builds run dbt's unit tests (a user's monthly `nara-vard build` does not: cli.without_unit_tests);
# set before any worker starts a build, and inherited by every `nara-vard` the tests start.
os.environ.setdefault("NARA_VARD_UNIT_TESTS", "1")


def _is_default(landing: Path) -> bool:
    manifest = landing / "_manifest.json"
    if not manifest.exists():
        return False
    manifest = json.loads(manifest.read_text(encoding="utf-8"))
    params = manifest["generator"]
    # a landing from another generator version, or one extended by `generate --month`, is not the default;
    # nor one whose manifest predates the `synthetic` flag (its files are the same, its manifest is not)
    return (str(params.get("version")) == GENERATOR_VERSION and not manifest.get("deliveries")
            and manifest.get("synthetic") is True
            and all(params.get(k) == v for k, v in DEFAULT.items()))


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


def _shared(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]) -> Path:
    """A folder `make` fills once per test run, shared by every pytest-xdist worker (each worker has its own
    temporary folder under one common parent). The first worker to need it makes it under a file lock;
    the others wait for that and reuse it. A folder left half made by a failure is made again."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    folder = root / f"shared-{name}"
    with (root / f"shared-{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not (folder / ".made").exists():
                if folder.exists():
                    shutil.rmtree(folder)
                folder.mkdir()
                make(folder)
                (folder / ".made").touch()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return folder


@pytest.fixture(scope="session")
def default_landing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default landing (seed 42, scale 1, 2022-01..2024-01).

    Uses $NARA_VARD_LANDING or data/landing when it holds exactly that generation (as `make build`
    leaves it); otherwise generates one in a temporary folder, never touching the user's landing.
    """
    landing = landing_dir()
    if _is_default(landing) and not os.environ.get("NARA_VARD_FRESH_LANDING"):
        return landing
    return _shared(tmp_path_factory, "landing",
                   lambda out: generate(GeneratorConfig(out=out, progress=False, **DEFAULT)))


@pytest.fixture(scope="session", autouse=True)
def partial_parse(default_landing: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """dbt parses the project once per run (`nara-vard dbt parse`, ~20 s), and every dbt the tests start in a
    fresh target folder begins from that parse (NARA_VARD_PARTIAL_PARSE_FROM, cli.py): dbt then re-parses only
    what differs (a landing's source files), instead of the whole project in each of the suite's ~15 target
    folders; with other vars or another target dbt parses everything, as before."""
    def make(work: Path) -> None:
        _cli("dbt", "parse", "--target-path", str(work / "target"), "--log-path", str(work / "logs"),
             env={"NARA_VARD_DB": str(work / "nara_vard.duckdb"), "NARA_VARD_LANDING": str(default_landing)})

    parsed = _shared(tmp_path_factory, "parse", make) / "target" / "partial_parse.msgpack"
    before = os.environ.get("NARA_VARD_PARTIAL_PARSE_FROM")
    os.environ["NARA_VARD_PARTIAL_PARSE_FROM"] = str(parsed)
    yield parsed
    if before is None:
        os.environ.pop("NARA_VARD_PARTIAL_PARSE_FROM", None)
    else:
        os.environ["NARA_VARD_PARTIAL_PARSE_FROM"] = before


@pytest.fixture(scope="session")
def built_warehouse(default_landing: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`nara-vard build` on the default landing into a fresh DuckDB file (never the user's), then
    `dbt docs generate` (which also compiles the analyses) into the same folder's `target/`.

    Both run here, before any test opens the file read-only: DuckDB lets no writer in while a
    reader holds the file.
    """
    def make(work: Path) -> None:
        env = {**os.environ, "NARA_VARD_DB": str(work / "nara_vard.duckdb"), "NARA_VARD_LANDING": str(default_landing)}
        cli = Path(sys.executable).parent / "nara-vard"
        result = subprocess.run([cli, "build", "--target-path", str(work / "target"), "--log-path",
                                 str(work / "logs")], cwd=REPO_ROOT, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-4000:]
        docs = subprocess.run([cli, "dbt", "docs", "generate", "--target-path", str(work / "target"),
                               "--log-path", str(work / "logs")], cwd=REPO_ROOT, env=env, capture_output=True,
                              text=True)
        assert docs.returncode == 0, docs.stdout[-6000:] + docs.stderr[-4000:]

    return _shared(tmp_path_factory, "warehouse", make) / "nara_vard.duckdb"


# A small landing (seed 5, scale 0.1, seven months) for tests whose property does not depend on the landing's size
SMALL = {"seed": 5, "scale": 0.1, "start": "2023-01", "end": "2023-07"}
NO_TESTS = ("--exclude-resource-type", "test", "unit_test")


@pytest.fixture(scope="session")
def small_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small landing (`landing/`) built without the data and unit tests (the suite's own build runs those)
    into `nara_vard.duckdb`, dbt's files in `target/`: one folder for the tests that need some build and can
    share it (read it, or copy it before they change it)."""
    def make(work: Path) -> None:
        generate(GeneratorConfig(out=work / "landing", progress=False, **SMALL))
        _cli("build", "--target-path", str(work / "target"), "--log-path", str(work / "logs"), *NO_TESTS,
             env={"NARA_VARD_DB": str(work / "nara_vard.duckdb"), "NARA_VARD_LANDING": str(work / "landing")})

    return _shared(tmp_path_factory, "small", make)


@pytest.fixture(scope="session")
def published_folder(built_warehouse: Path, default_landing: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`nara-vard publish` of the suite's build into a fresh folder, once for every test that reads
    the published artefact (publishing runs the disclosure audit, a few seconds each time). Tests
    may add files beside it (the export writes export/), never change the published ones."""
    def make(out: Path) -> None:
        _cli("publish", "--target-path", str(built_warehouse.parent / "target"), "--out", str(out / "published"),
             env={"NARA_VARD_DB": str(built_warehouse), "NARA_VARD_LANDING": str(default_landing)})

    return _shared(tmp_path_factory, "published", make) / "published"


def _cli(*args: str, env: dict[str, str]) -> None:
    result = subprocess.run([str(Path(sys.executable).parent / "nara-vard"), *args], cwd=REPO_ROOT,
                            env={**os.environ, **env}, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def exported(published: Path, target: Path) -> Path:
    """`published` with an export of its current publication (made here unless a test already made it;
    under a lock, as tests on both workers may ask for the shared publication's export at once)."""
    with (published.parent / f".{published.name}.export.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            try:
                export = json.loads((published / "export" / "_export.json").read_text(encoding="utf-8"))
                meta = json.loads((published / "_published.json").read_text(encoding="utf-8"))
                current = export.get("published_at") == meta.get("published_at") is not None
            except (OSError, ValueError):
                current = False
            if not current:
                _cli("export", "--published", str(published), "--target-path", str(target),
                     env={"NARA_VARD_DB": str(published / "no-build-database.duckdb")})
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return published


@pytest.fixture(scope="session")
def real_published_folder(built_warehouse: Path, default_landing: Path,
                          tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The suite's build published from a landing with the same source folders but without the generator's
    `_manifest.json` (as a real delivery has none), exported, and its report in `../report/index.html`."""
    def make(work: Path) -> None:
        landing = work / "landing"
        landing.mkdir()
        for source in default_landing.iterdir():
            if source.is_dir():
                (landing / source.name).symlink_to(source.resolve(), target_is_directory=True)
        out = work / "published"
        _cli("publish", "--target-path", str(built_warehouse.parent / "target"), "--out", str(out),
             env={"NARA_VARD_DB": str(built_warehouse), "NARA_VARD_LANDING": str(landing)})
        exported(out, built_warehouse.parent / "target")
        _cli("report", "--published", str(out), "--out", str(work / "report" / "index.html"),
             env={"NARA_VARD_DB": str(work / "no-build-database.duckdb")})

    return _shared(tmp_path_factory, "real", make) / "published"


# --- the order files start in: longest first, so that pytest-xdist's two workers finish together ---
# Wall seconds per file of a fresh clone's run on the 2-core machine (printed at the end of every run, below).
# A file not listed starts after these, in the order pytest collects it.
_COST = {
    "test_engine_postgres.py": 390,  # builds the suite's warehouse when it is the first to need it
    "test_incremental.py": 310,
    "test_project.py": 210,
    "test_exports.py": 180,
    "test_publish.py": 150,  # builds the small build when it is the first to need it
    "test_benchmark.py": 120,
    "test_nasty_corpus.py": 105,
    "test_demo_label.py": 90,
    "test_checks_fire.py": 90,
    "test_connect_recipes.py": 85,
    "test_monthly_operation.py": 75,
    "test_malformed_deliveries.py": 65,
    "test_report.py": 65,
    "test_idempotence.py": 60,
    "test_api_revisions.py": 80,  # builds a corrected small landing and publishes twice
}
# The first two start together: the one that builds the suite's warehouse beside one that does not need it.
_FIRST = ["test_engine_postgres.py", "test_incremental.py"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Files longest first (a stable sort: a file's tests keep their order and stay together)."""
    def rank(item: pytest.Item) -> tuple[int, float]:
        name = item.nodeid.split("::", 1)[0].rsplit("/", 1)[-1]
        return (_FIRST.index(name) if name in _FIRST else len(_FIRST), -_COST.get(name, 0))

    items.sort(key=rank)


# --- the suite's time per test file (printed at the end of every run; issue 22 reports it before and after) ---
_FILE_SECONDS: dict[str, float] = {}
_FILE_CPU: dict[str, float] = {}


def _cpu_seconds() -> float:
    """CPU time of this process and of every child process it has waited for (dbt, DuckDB, sqlfluff, ...)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


_CPU_MARK = [0.0]


def pytest_runtest_logstart(nodeid: str, location: tuple[str, int | None, str]) -> None:
    _CPU_MARK[0] = _cpu_seconds()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Each phase's report carries the CPU seconds the phase cost (set-up counts the fixtures it is first
    to need). On a 2-core machine the suite's wall time is bounded below by half their sum."""
    outcome = yield
    now = _cpu_seconds()
    outcome.get_result().user_properties.append(("cpu_s", now - _CPU_MARK[0]))
    _CPU_MARK[0] = now


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Add each phase's time (set-up, call, tear-down) to its file; a shared fixture counts where it is first built."""
    name = report.nodeid.split("::", 1)[0]
    _FILE_SECONDS[name] = _FILE_SECONDS.get(name, 0.0) + report.duration
    _FILE_CPU[name] = _FILE_CPU.get(name, 0.0) + sum(v for k, v in report.user_properties if k == "cpu_s")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not _FILE_SECONDS:
        return
    terminalreporter.section("seconds per test file (shared fixtures count where first built)")
    terminalreporter.write_line(f"{'wall s':>8}  {'CPU s':>8}  file")
    for name, seconds in sorted(_FILE_SECONDS.items(), key=lambda kv: -kv[1]):
        terminalreporter.write_line(f"{seconds:8.1f}  {_FILE_CPU.get(name, 0.0):8.1f}  {name}")
    terminalreporter.write_line(f"{sum(_FILE_SECONDS.values()):8.1f}  {sum(_FILE_CPU.values()):8.1f}  total")
