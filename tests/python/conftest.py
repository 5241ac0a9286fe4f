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
    # a landing from another generator version, or one extended by `generate --month`, is not the default
    return (str(params.get("version")) == GENERATOR_VERSION and not manifest.get("deliveries")
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
