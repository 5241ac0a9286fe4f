"""Shared fixtures: the default landing (generated once per machine) and the repository root."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from nara_vard.generator import GeneratorConfig, generate
from nara_vard.generator.context import GENERATOR_VERSION
from nara_vard.paths import REPO_ROOT, landing_dir

DEFAULT = {"seed": 42, "scale": 1.0, "start": "2022-01", "end": "2024-01"}


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


@pytest.fixture(scope="session")
def default_landing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default landing (seed 42, scale 1, 2022-01..2024-01).

    Uses $NARA_VARD_LANDING or data/landing when it holds exactly that generation (as `make build`
    leaves it); otherwise generates one in a temporary folder, never touching the user's landing.
    """
    landing = landing_dir()
    if _is_default(landing) and not os.environ.get("NARA_VARD_FRESH_LANDING"):
        return landing
    out = tmp_path_factory.mktemp("landing")
    generate(GeneratorConfig(out=out, progress=False, **DEFAULT))
    return out


@pytest.fixture(scope="session")
def built_warehouse(default_landing: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`nara-vard build` on the default landing into a fresh DuckDB file (never the user's), then
    `dbt docs generate` (which also compiles the analyses) into the same folder's `target/`.

    Both run here, before any test opens the file read-only: DuckDB lets no writer in while a
    reader holds the file.
    """
    work = tmp_path_factory.mktemp("warehouse")
    db = work / "nara_vard.duckdb"
    env = {**os.environ, "NARA_VARD_DB": str(db), "NARA_VARD_LANDING": str(default_landing)}
    cli = Path(sys.executable).parent / "nara-vard"
    result = subprocess.run([cli, "build", "--target-path", str(work / "target"), "--log-path", str(work / "logs")],
                            cwd=REPO_ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-4000:]
    docs = subprocess.run([cli, "dbt", "docs", "generate", "--target-path", str(work / "target"),
                           "--log-path", str(work / "logs")], cwd=REPO_ROOT, env=env, capture_output=True, text=True)
    assert docs.returncode == 0, docs.stdout[-6000:] + docs.stderr[-4000:]
    return db


@pytest.fixture(scope="session")
def published_folder(built_warehouse: Path, default_landing: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`nara-vard publish` of the suite's build into a fresh folder, once for every test that reads
    the published artefact (publishing runs the disclosure audit, a few seconds each time). Tests
    may add files beside it (the export writes export/), never change the published ones."""
    out = tmp_path_factory.mktemp("published")
    env = {**os.environ, "NARA_VARD_DB": str(built_warehouse), "NARA_VARD_LANDING": str(default_landing)}
    result = subprocess.run([Path(sys.executable).parent / "nara-vard", "publish", "--target-path",
                             str(built_warehouse.parent / "target"), "--out", str(out)],
                            cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def _cli(*args: str, env: dict[str, str]) -> None:
    result = subprocess.run([str(Path(sys.executable).parent / "nara-vard"), *args], cwd=REPO_ROOT,
                            env={**os.environ, **env}, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def exported(published: Path, target: Path) -> Path:
    """`published` with an export of its current publication (made here unless a test already made it)."""
    try:
        export = json.loads((published / "export" / "_export.json").read_text(encoding="utf-8"))
        meta = json.loads((published / "_published.json").read_text(encoding="utf-8"))
        current = export.get("published_at") == meta.get("published_at") is not None
    except (OSError, ValueError):
        current = False
    if not current:
        _cli("export", "--published", str(published), "--target-path", str(target),
             env={"NARA_VARD_DB": str(published / "no-build-database.duckdb")})
    return published


@pytest.fixture(scope="session")
def real_published_folder(built_warehouse: Path, default_landing: Path,
                          tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The suite's build published from a landing with the same source folders but without the generator's
    `_manifest.json` (as a real delivery has none), exported, and its report in `../report/index.html`."""
    work = tmp_path_factory.mktemp("real")
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
    return out


# --- the suite's time per test file (printed at the end of every run; issue 22 reports it before and after) ---
_FILE_SECONDS: dict[str, float] = {}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Add each phase's time (set-up, call, tear-down) to its file; a shared fixture counts where it is first built."""
    name = report.nodeid.split("::", 1)[0]
    _FILE_SECONDS[name] = _FILE_SECONDS.get(name, 0.0) + report.duration


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not _FILE_SECONDS:
        return
    terminalreporter.section("seconds per test file (shared fixtures count where first built)")
    for name, seconds in sorted(_FILE_SECONDS.items(), key=lambda kv: -kv[1]):
        terminalreporter.write_line(f"{seconds:8.1f}  {name}")
    terminalreporter.write_line(f"{sum(_FILE_SECONDS.values()):8.1f}  total")
