"""Where the project keeps things. Every path can be overridden by an environment variable."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
SEEDS_DIR = REPO_ROOT / "seeds" / "reference"


def landing_dir() -> Path:
    """The landing folder holding one sub-folder per source (env `NARA_VARD_LANDING`)."""
    return Path(os.environ.get("NARA_VARD_LANDING", REPO_ROOT / "data" / "landing"))


def warehouse_path() -> Path:
    """The DuckDB file dbt builds into (env `NARA_VARD_DB`)."""
    return Path(os.environ.get("NARA_VARD_DB", REPO_ROOT / "warehouse" / "nara_vard.duckdb"))


def spark_home() -> Path:
    """Everything the `spark` dbt target writes: warehouse, metastore, temp files (env `NARA_VARD_SPARK_HOME`)."""
    return Path(os.environ.get("NARA_VARD_SPARK_HOME", REPO_ROOT / "build" / "spark"))


def published_dir(build_db: Path | None = None) -> Path:
    """Where `nara-vard publish` puts the copy BI tools read (env `NARA_VARD_PUBLISHED`).

    Defaults to `published/` next to the build database (`build_db`, else `warehouse_path()`), so a
    build database in a temporary folder (tests, experiments) gets its own published folder and never
    replaces the real one.
    """
    env = os.environ.get("NARA_VARD_PUBLISHED")
    return Path(env) if env else (build_db or warehouse_path()).parent / "published"


def reports_dir() -> Path:
    """Where the quality reports and the reviewer's page go (env `NARA_VARD_REPORTS`).

    Overridable so that a test or a second checkout can run `make build` without writing into
    this repository's `reports/`.
    """
    return Path(os.environ.get("NARA_VARD_REPORTS", REPO_ROOT / "reports"))


def dbt_target_path() -> Path:
    """dbt's target folder holding manifest.json and run_results.json (env `DBT_TARGET_PATH`, as dbt reads it)."""
    env = os.environ.get("DBT_TARGET_PATH")
    if not env:
        return REPO_ROOT / "target"
    path = Path(env)
    # dbt resolves a relative target path against the project directory, not the caller's cwd.
    return path if path.is_absolute() else REPO_ROOT / path
