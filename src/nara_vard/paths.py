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
