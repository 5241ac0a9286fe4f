"""Smoke check of the benchmark (issue 12 point 6): `bench/run.py --scales 0.1 --smoke` works, on the last
seven months of the published table's period (`--period 2023-07 2024-01`, a third of the default landing; the
figures compared still cover every indicator the mart computes beyond the lower bound).

The benchmark is not a test: no timing is asserted here (timings depend on the machine and on what
else runs on it). This only checks that one run at scale 0.1 goes through, prints its table and
writes a JSON with every figure, and that the pandas baseline computes the same region-level figures
as the plain-DuckDB lower bound and the mart. `--smoke` skips the no-change rebuild and the
next-month steps (each is another full dbt build, ~40 s on 2 cores) and builds without the data and unit
tests (the suite's own build runs those), keeping this near a minute.
"""

from __future__ import annotations

import importlib.util
import json
import numbers
import os
import subprocess
import sys

import pytest

from nara_vard.paths import REPO_ROOT

RUN = REPO_ROOT / "bench" / "run.py"


def _bench_module():
    spec = importlib.util.spec_from_file_location("bench_run", RUN)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def smoke_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess, dict]:
    work = tmp_path_factory.mktemp("bench")
    results = work / "results"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT / "src"),
                                                                       os.environ.get("PYTHONPATH")]))}
    proc = subprocess.run([sys.executable, str(RUN), "--scales", "0.1", "--smoke", "--period", "2023-07", "2024-01",
                           "--results-dir", str(results),
                           "--work-dir", str(work)], cwd=REPO_ROOT, env=env, capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-4000:]
    files = list(results.glob("*.json"))
    assert len(files) == 1, files
    # the work folder (landing, database) is removed after the run
    assert not list(work.glob("nara_vard_bench_*"))
    return proc, json.loads(files[0].read_text(encoding="utf-8"))


def test_json_has_every_figure(smoke_run: tuple[subprocess.CompletedProcess, dict]) -> None:
    bench = _bench_module()
    _, report = smoke_run
    assert report["args"]["smoke"] is True
    assert {"started", "machine", "git", "growth", "targets"} <= report.keys()
    scale = report["scales"]["0.1"]
    assert scale["landing_files"] > 0 and scale["landing_bytes"] > 0
    assert set(scale["steps"]) == set(bench.STEPS)
    for name, step in scale["steps"].items():
        if name in bench.SMOKE_SKIPS:
            assert step["status"] == "skipped", (name, step)
            continue
        assert step["status"] == "ok", (name, step)
        for figure in bench.STEP_FIGURES:
            assert isinstance(step[figure], numbers.Number), (name, figure, step[figure])
        assert step["wall_s"] > 0 and step["peak_rss_bytes"] > 0
    assert scale["steps"]["full_build"]["cpu_s"] > 1  # the child's CPU time is counted (dbt is not idle)
    assert set(scale["ratios"]) == {"dbt_vs_lower_bound", "pandas_vs_dbt", "month_vs_full", "rebuild_vs_full",
                                    "forced_rebuild_vs_full"}
    assert scale["ratios"]["dbt_vs_lower_bound"] > 0 and scale["ratios"]["pandas_vs_dbt"] > 0
    profile = scale["steps"]["full_build"]["extra"]["profile"]
    assert len(profile["top_models"]) == 10 and profile["failed"] == []
    assert profile["by_type"]["model"]["count"] > 50 and profile["dbt_elapsed_s"] > 0
    assert {t["target"] for t in report["targets"]} >= {
        "make build (after install) ≤ 45 s", "no-change make build ≤ 15 s", "full build ≤ 2 × lower bound",
        "full build peak RSS ≤ 6 GiB", "next-month build ≤ 25 % of full"}


def test_pandas_baseline_computes_the_same_figures(smoke_run: tuple[subprocess.CompletedProcess, dict]) -> None:
    _, report = smoke_run
    agreement = report["scales"]["0.1"]["agreement"]
    for other in ("lower_bound", "mart"):
        a = agreement[other]
        assert a["cells"] > 0 and a["with_value"] > 0, (other, a)
        assert a["agree"] == a["cells"], (other, a["differ"])
    # the mart also covers the two indicators the lower bound has not
    assert agreement["mart"]["cells"] > agreement["lower_bound"]["cells"]


def test_table_is_printed(smoke_run: tuple[subprocess.CompletedProcess, dict]) -> None:
    proc, _ = smoke_run
    for text in ("scale 0.1", "full build (dbt build)", "lower bound (DuckDB SQL)", "pandas baseline",
                 "dbt / lower bound", "pandas vs mart", "targets (issue 12)", "results:"):
        assert text in proc.stdout, text
