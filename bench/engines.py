"""The three engines side by side: the same project built from the same landing on DuckDB,
PostgreSQL and Spark in one run, one engine at a time, with every marts and data_quality table of
PostgreSQL and Spark compared with DuckDB's (nara_vard.engine_compare).

Steps per engine, each in its own process, wall time measured here:

  duckdb      `dbt seed`, `dbt run` into a fresh DuckDB file
  postgres    a throw-away cluster (tools/postgres_cluster.sh, its own folder and port, stopped at the
              end also on failure), `nara-vard load --target postgres`, `dbt seed`, `dbt run`
  spark       a fresh Spark home (local[2] session, Parquet), `dbt seed`, `dbt run` (the landing views
              are created by the run's on-run-start hook, so their listing counts in the run)

No data tests (they are not a build; make test-postgres / make test-spark run them). All runs use the
same as_of_date. Prints a table and writes bench/results/engines_<UTC timestamp>.json; the exit code
is 1 if a build fails or a table differs.

    python bench/engines.py                       # the default landing, all three engines
    python bench/engines.py --engines duckdb postgres
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from nara_vard import engine_compare  # noqa: E402
from nara_vard.paths import landing_dir  # noqa: E402

CLI = Path(sys.executable).parent / "nara-vard"
CLUSTER = REPO / "tools" / "postgres_cluster.sh"
PG_PORT = "55415"


def timed(args: list[str | Path], env: dict[str, str]) -> float:
    started = time.perf_counter()
    result = subprocess.run([str(a) for a in args], cwd=REPO, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, args))} failed:\n{result.stdout[-4000:]}\n{result.stderr[-2000:]}")
    return seconds


def dbt_steps(env: dict[str, str], work: Path, target: str, variables: str) -> dict[str, float]:
    common: list[str | Path] = ["--target", target, "--target-path", work / f"target-{target}",
                                "--log-path", work / "logs"]
    return {
        "seed": timed([CLI, "dbt", "seed", *common], env),
        "run": timed([CLI, "dbt", "run", *common, "--vars", variables], env),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--engines", nargs="+", default=["duckdb", "postgres", "spark"],
                        choices=["duckdb", "postgres", "spark"])
    parser.add_argument("--landing", type=Path, default=landing_dir())
    parser.add_argument("--as-of-date", default="2026-11-30")
    args = parser.parse_args()
    engines = ["duckdb"] + [e for e in args.engines if e != "duckdb"]  # the reference first
    variables = f'{{as_of_date: "{args.as_of_date}"}}'
    work = Path(tempfile.mkdtemp(prefix="nara_vard_engines_"))
    duckdb_file = work / "nara_vard.duckdb"
    base_env = {**os.environ, "NARA_VARD_LANDING": str(args.landing.resolve()), "NARA_VARD_DB": str(duckdb_file),
                "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    figures: dict[str, dict] = {}
    failed = False
    try:
        for engine in engines:
            print(f"{engine} ...", flush=True)
            steps: dict[str, float] = {}
            fetcher = None
            try:
                if engine == "duckdb":
                    steps = dbt_steps(base_env, work, "dev", variables)
                elif engine == "postgres":
                    env = {**base_env, "NARA_VARD_DB": str(work / "unused.duckdb"),
                           "NARA_VARD_PG_HOME": str(work / "postgres"), "NARA_VARD_PG_PORT": PG_PORT}
                    steps["cluster_start"] = timed([CLUSTER, "start"], env)
                    steps["load"] = timed([CLI, "load", "--target", "postgres"], env)
                    steps |= dbt_steps(env, work, "postgres", variables)
                    fetcher = engine_compare.postgres_fetcher(host="127.0.0.1", port=int(PG_PORT), user="postgres",
                                                              dbname="nara_vard")
                else:
                    home = work / "spark"
                    env = {**base_env, "NARA_VARD_DB": str(work / "unused.duckdb"), "NARA_VARD_SPARK_HOME": str(home)}
                    steps |= dbt_steps(env, work, "spark", variables)
                    fetcher = engine_compare.parquet_warehouse_fetcher(home / "warehouse")
                entry: dict = {"seconds": {k: round(v, 1) for k, v in steps.items()},
                               "build_seconds": round(sum(v for k, v in steps.items() if k != "cluster_start"), 1)}
                if fetcher is not None:
                    results = engine_compare.compare_engines(duckdb_file, fetcher)
                    entry["tables"] = len(results)
                    entry["tables_equal"] = sum(r.equal for r in results)
                    entry["differing"] = [r.name for r in results if not r.equal]
                    failed |= bool(entry["differing"]) or not results
                figures[engine] = entry
            except RuntimeError as error:
                print(error, file=sys.stderr)
                figures[engine] = {"seconds": {k: round(v, 1) for k, v in steps.items()}, "error": str(error)[:2000]}
                failed = True
            finally:
                if engine == "postgres":
                    subprocess.run([str(CLUSTER), "stop"], cwd=REPO, capture_output=True, check=False,
                                   env={**base_env, "NARA_VARD_PG_HOME": str(work / "postgres"),
                                        "NARA_VARD_PG_PORT": PG_PORT})
    finally:
        shutil.rmtree(work, ignore_errors=True)

    reference = figures.get("duckdb", {}).get("build_seconds")
    print(f"\n{'engine':<10}{'load':>8}{'seed':>8}{'run':>9}{'build':>9}{'x DuckDB':>10}  equal to DuckDB")
    for engine, entry in figures.items():
        s = entry["seconds"]
        build = entry.get("build_seconds")
        ratio = f"{build / reference:.1f}" if build and reference else "-"
        equal = (f"{entry['tables_equal']} of {entry['tables']} tables" if "tables" in entry
                 else ("reference" if engine == "duckdb" and "error" not in entry else "FAILED"))
        print(f"{engine:<10}{s.get('load', 0):>8.1f}{s.get('seed', 0):>8.1f}{s.get('run', 0):>9.1f}"
              f"{(build or 0):>9.1f}{ratio:>10}  {equal}")
    out = REPO / "bench" / "results" / f"engines_{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}.json"
    out.write_text(json.dumps({"landing": str(args.landing), "as_of_date": args.as_of_date,
                               "cpu_count": os.cpu_count(), "engines": figures}, indent=2, ensure_ascii=False))
    print(f"-> {out.relative_to(REPO)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
