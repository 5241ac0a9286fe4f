"""The same project on Apache Spark (dbt-spark, local PySpark session) gives DuckDB's tables.

One Spark build of the default landing (seed, run and the marts' data tests) into its own
NARA_VARD_SPARK_HOME under pytest's temporary folder, and one DuckDB build of the same landing with
the same `as_of_date`; every relation of the schemas marts and data_quality must be equal
(nara_vard.engine_compare: row for row after sorting, floats to 1e-9 relative). The Spark tables
are Parquet files read with DuckDB, so the comparison needs no JVM. Slow (a few minutes): run by
`make test-spark`, skipped by the default suite unless NARA_VARD_TEST_SPARK=1.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nara_vard import engine_compare
from nara_vard.paths import REPO_ROOT

pytestmark = pytest.mark.skipif(
    os.environ.get("NARA_VARD_TEST_SPARK") != "1",
    reason="the Spark build takes minutes: `make test-spark` (or NARA_VARD_TEST_SPARK=1) runs it",
)

AS_OF_DATE = "2026-11-30"
VARS = f'{{as_of_date: "{AS_OF_DATE}"}}'
CLI = Path(sys.executable).parent / "nara-vard"
TIMINGS: dict[str, float] = {}


def _run(args: list[str], env: dict[str, str], label: str) -> None:
    start = time.monotonic()
    result = subprocess.run([str(CLI), *args], cwd=REPO_ROOT, env=env, capture_output=True, text=True)
    TIMINGS[label] = time.monotonic() - start
    assert result.returncode == 0, f"{label} failed:\n" + result.stdout[-8000:] + result.stderr[-4000:]


@pytest.fixture(scope="session")
def spark_build(default_landing: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """seed + run + the marts' data tests on target spark; returns the Spark home (warehouse/ inside)."""
    work = tmp_path_factory.mktemp("spark")
    home = work / "spark_home"
    env = {**os.environ, "NARA_VARD_SPARK_HOME": str(home), "NARA_VARD_LANDING": str(default_landing),
           "NARA_VARD_DB": str(work / "unused.duckdb")}
    common = ["--target", "spark", "--target-path", str(work / "target-spark"), "--log-path", str(work / "logs")]
    _run(["dbt", "seed", *common], env, "spark seed")
    _run(["dbt", "run", *common, "--vars", VARS], env, "spark run")
    _run(["dbt", "test", *common, "--vars", VARS, "--select", "marts"], env, "spark test (marts)")
    return home


@pytest.fixture(scope="session")
def duckdb_reference(default_landing: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The DuckDB build of the same landing with the same as_of_date (seed + run)."""
    work = tmp_path_factory.mktemp("duckdb_reference")
    db = work / "nara_vard.duckdb"
    env = {**os.environ, "NARA_VARD_DB": str(db), "NARA_VARD_LANDING": str(default_landing)}
    common = ["--target-path", str(work / "target"), "--log-path", str(work / "logs")]
    _run(["dbt", "seed", *common], env, "duckdb seed")
    _run(["dbt", "run", *common, "--vars", VARS], env, "duckdb run")
    return db


def test_every_mart_and_data_quality_table_equals_duckdb(spark_build: Path, duckdb_reference: Path) -> None:
    results = engine_compare.compare_engines(
        duckdb_reference, engine_compare.parquet_warehouse_fetcher(spark_build / "warehouse"))
    report = engine_compare.format_report(results, "spark")
    print(report)
    print("seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in TIMINGS.items()))
    assert results, "no marts or data_quality relation in the DuckDB build"
    assert all(r.equal for r in results), report
