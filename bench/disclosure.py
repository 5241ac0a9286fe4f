"""Disclosure control at several scales: what the suppression and the audit cost, and what they hide.

For each scale, in a temporary folder: `nara-vard generate --scale S`, `nara-vard build` (whose
Python model int_disclosure_pattern_solved is the suppression solver; its time is read from dbt's
run_results.json), `nara-vard publish` (which runs the LP audit as its gate), then the audit again
on its own (timed here), and once more with the build database's primary/secondary labels as if they
had leaked. Prints a table and writes bench/results/disclosure_<UTC timestamp>.json.

    python bench/disclosure.py                 # scales 1 and 10 (about 6 minutes on 2 cores)
    python bench/disclosure.py --scales 1

Target (issue 20): suppression plus audit at most 30 s at scale 1.
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

import duckdb  # noqa: E402

from nara_vard.disclosure_audit import audit_published  # noqa: E402

CLI = Path(sys.executable).parent / "nara-vard"
TARGET_SECONDS_SCALE_1 = 30.0


def _run(args: list[str | Path], env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run([str(a) for a in args], cwd=REPO, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, args))} failed:\n{result.stdout[-4000:]}\n{result.stderr[-3000:]}")
    return time.perf_counter() - started, result.stdout


def measure(scale: float, work: Path) -> dict:
    landing, db, target = work / "landing", work / "nara_vard.duckdb", work / "target"
    env = {**os.environ, "NARA_VARD_LANDING": str(landing), "NARA_VARD_DB": str(db),
           "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    env.pop("NARA_VARD_PUBLISHED", None)
    _run([CLI, "generate", "--scale", str(scale), "--out", landing, "--quiet"], env)
    build_seconds, _ = _run([CLI, "build", "--target-path", target, "--log-path", work / "logs"], env)
    results = json.loads((target / "run_results.json").read_text(encoding="utf-8"))
    timing = {r["unique_id"].split(".")[-1]: r["execution_time"] for r in results["results"]}
    publish_seconds, _publish_out = _run([CLI, "publish", "--target-path", target, "--out", work / "published"], env)
    published = work / "published" / "nara_vard.duckdb"
    audit = audit_published(published, threshold=5)
    with duckdb.connect(str(db), read_only=True) as con:
        pattern = dict(con.execute("""select coalesce(suppression, 'shown'), count(*)
                                      from intermediate.int_disclosure_cells_suppressed group by 1""").fetchall())
        labels = {(i, g, c, t, str(s), x): sup for i, g, c, t, s, x, sup in con.execute("""
            select indicator_id, geo_level, geo_code, period_type, period_start, sex, suppression
            from intermediate.int_disclosure_cells_suppressed where suppression is not null""").fetchall()}
        municipal = con.execute("""select count(*), count(suppression) from intermediate.int_disclosure_cells_suppressed
                                   where geo_level = 'kommun'""").fetchone()
        assert municipal is not None  # an aggregate without group by: always one row
    leaked = audit_published(published, threshold=5, known_labels=labels)
    solver = timing.get("int_disclosure_pattern_solved", float("nan"))
    return {
        "scale": scale, "build_seconds": round(build_seconds, 1), "publish_seconds": round(publish_seconds, 1),
        "solver_seconds": round(solver, 1), "audit_seconds": round(audit.seconds, 1),
        "solver_plus_audit_seconds": round(solver + audit.seconds, 1),
        "primary": pattern.get("primary", 0), "secondary": pattern.get("secondary", 0),
        "municipal_cells": municipal[0], "municipal_hidden": municipal[1],
        "audit_findings": len(audit.findings), "audit_errors": len(audit.errors), "audit_lps": audit.checked_lps,
        "leaked_labels_pinned": sum(f.kind == "pinned" for f in leaked.findings),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=float, nargs="+", default=[1.0, 10.0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary folders")
    args = parser.parse_args()
    rows = []
    for scale in args.scales:
        work = Path(tempfile.mkdtemp(prefix=f"nara_vard_disclosure_{scale:g}_"))
        try:
            rows.append(measure(scale, work))
        finally:
            if not args.keep:
                shutil.rmtree(work, ignore_errors=True)
        print(json.dumps(rows[-1]), flush=True)
    print(f"\n{'scale':>6} {'solver s':>9} {'audit s':>8} {'sum s':>7} {'primary':>8} {'secondary':>10} "
          f"{'municipal hidden':>17} {'findings':>9} {'leaked-label pinned':>20}")
    for r in rows:
        share = 100 * r["municipal_hidden"] / max(r["municipal_cells"], 1)
        print(f"{r['scale']:>6g} {r['solver_seconds']:>9} {r['audit_seconds']:>8} {r['solver_plus_audit_seconds']:>7} "
              f"{r['primary']:>8} {r['secondary']:>10} {r['municipal_hidden']:>9} ({share:4.1f} %) "
              f"{r['audit_findings']:>9} {r['leaked_labels_pinned']:>20}")
    one = next((r for r in rows if r["scale"] == 1.0), None)
    if one:
        met = one["solver_plus_audit_seconds"] <= TARGET_SECONDS_SCALE_1
        print(f"target: suppression + audit at scale 1 <= {TARGET_SECONDS_SCALE_1:g} s: "
              f"{one['solver_plus_audit_seconds']} s, {'met' if met else 'missed'}")
    out = REPO / "bench" / "results" / f"disclosure_{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}.json"
    out.write_text(json.dumps({"rows": rows, "commit": subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True,
        check=False).stdout.strip()},
        indent=2) + "\n", encoding="utf-8")
    print(f"written {out}")
    return 0 if all(r["audit_findings"] == 0 and r["audit_errors"] == 0 for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
