"""Benchmark of the warehouse build against its lower bound and an analyst's pandas baseline.

For each scale, in one run on the same machine, each step in its own process (one at a time):

  generate       `nara-vard generate --scale S` into a fresh temporary landing
  lower_bound    bench/lower_bound.py: the region-level indicators in one plain-DuckDB SQL pass, no dbt
  pandas         bench/pandas_baseline.py: the same indicators with pandas
  full_build     `nara-vard build` (= dbt build) into a fresh DuckDB file and a fresh dbt target folder
  rebuild        the same build again, nothing changed (same landing, database and target folder):
                 `nara-vard build` sees from its fingerprint that nothing changed and skips
  forced_rebuild the same with --force: dbt runs, and the incremental base models find no new file
  make_build     `make build` after install (scale 1 only): the build into a fresh database, then
                 quality, publish, export, report, docs and the review page, as a user runs it
  make_rebuild   `make build` again, nothing changed (every step skips)
  month_generate `nara-vard generate --month YYYY-MM`: the month after the landing's end, appended
  month_build    the build again with that month: the base models parse only the new files

Each step: wall time, CPU time (user + sys of the whole process tree, from getrusage(RUSAGE_CHILDREN)
deltas) and peak RSS of the process tree (the sum over the process and its descendants, sampled from
/proc every 0.2 s; at least the largest single process's ru_maxrss). After the full build the figures
of the three computations are compared cell by cell. The per-model profile comes from dbt's
run_results.json. A step that runs out of memory, or whose process tree passes --memory-limit-gib, is
stopped and reported with where it broke (for a build, the models running at that moment).

    python bench/run.py                      # scale 1
    python bench/run.py --scales 1 10 30     # the issue's benchmark (needs a quiet machine, ~24 GiB)
    python bench/run.py --scales 0.1 --smoke # CI: full build only (no rebuild, no next month)

Prints a table and writes bench/results/<UTC timestamp>.json. Not a test: timings depend on the machine
and on what else it is doing; the exit code is 0 unless a step failed (missed targets are reported, not
failed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
BENCH_DIR = REPO_ROOT / "bench"
GIB = 1024 ** 3
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
SAMPLE_SECONDS = 0.2

STEPS = ["generate", "lower_bound", "pandas", "full_build", "rebuild", "forced_rebuild", "make_build",
         "make_rebuild", "month_generate", "month_build", "dbt_startup", "parse_full", "parse_partial"]
SMOKE_SKIPS = {"rebuild", "forced_rebuild", "make_build", "make_rebuild", "month_generate", "month_build",
               "dbt_startup", "parse_full", "parse_partial"}
#: `make build` (the whole pipeline a user runs) is timed at these scales only: its export writes every row
MAKE_BUILD_SCALES = {1.0}
STEP_LABELS = {
    "generate": "generate landing",
    "lower_bound": "lower bound (DuckDB SQL)",
    "pandas": "pandas baseline",
    "full_build": "full build (dbt build)",
    "rebuild": "no-change rebuild",
    "forced_rebuild": "no-change rebuild, --force",
    "make_build": "make build (after install)",
    "make_rebuild": "make build, nothing changed",
    "month_generate": "generate next month",
    "month_build": "next-month build",
    "dbt_startup": "dbt start-up (dbt --version)",
    "parse_full": "dbt parse, from nothing",
    "parse_partial": "dbt parse, partial (the builds' saved parse)",
}
#: figures every measured step has in the JSON (the CI smoke test checks them)
STEP_FIGURES = ["wall_s", "cpu_s", "user_s", "sys_s", "peak_rss_bytes", "max_process_rss_bytes", "returncode"]

# Targets of issue 12 (scale, what, limit)
TARGET_BUILD_S_SCALE1 = 45.0
TARGET_REBUILD_S_SCALE1 = 15.0
TARGET_BUILD_VS_LOWER_BOUND = 2.0
TARGET_PEAK_BYTES_SCALE10 = 6 * GIB
TARGET_MONTH_VS_FULL = 0.25


# --------------------------------------------------------------------------------------------------
# Measuring a process tree
# --------------------------------------------------------------------------------------------------


@dataclass
class Step:
    name: str
    status: str = "skipped"  # ok | failed | out_of_memory | skipped
    wall_s: float | None = None
    cpu_s: float | None = None
    user_s: float | None = None
    sys_s: float | None = None
    peak_rss_bytes: int | None = None
    max_process_rss_bytes: int | None = None
    returncode: int | None = None
    note: str = ""
    where: str | None = None  # where it broke
    log: str | None = None
    extra: dict = field(default_factory=dict)


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        # the command name may hold spaces and parentheses: the fields start after the last ')'
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    return children


def tree_rss_bytes(root: int) -> int:
    """Resident memory of `root` and all its descendants, from /proc (Linux)."""
    children = _children_map()
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            with open(f"/proc/{pid}/statm", "rb") as f:
                total += int(f.read().split()[1]) * PAGE_SIZE
        except (OSError, IndexError, ValueError):
            pass
    return total


def memory_total_bytes() -> int:
    with open("/proc/meminfo", encoding="ascii") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) * 1024
    return 0


def measure(step: Step, cmd: list[str], env: dict[str, str], log: Path, memory_limit: int) -> Step:
    """Run `cmd`, wait for it while sampling its process tree; fill in `step`."""
    log.parent.mkdir(parents=True, exist_ok=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    peak, killed = 0, False
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=REPO_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid == proc.pid:
                break
            rss = tree_rss_bytes(proc.pid)
            peak = max(peak, rss)
            if rss > memory_limit and not killed:
                killed = True
                os.killpg(proc.pid, signal.SIGKILL)  # our own child's process group
            time.sleep(SAMPLE_SECONDS)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    step.wall_s = round(wall, 3)
    step.user_s = round(after.ru_utime - before.ru_utime, 3)
    step.sys_s = round(after.ru_stime - before.ru_stime, 3)
    step.cpu_s = round(step.user_s + step.sys_s, 3)
    step.max_process_rss_bytes = usage.ru_maxrss * 1024  # KiB on Linux: the largest single process
    step.peak_rss_bytes = max(peak, step.max_process_rss_bytes)
    step.returncode = proc.returncode
    step.log = str(log)
    text = log.read_text(encoding="utf-8", errors="replace")
    oom = killed or proc.returncode == -signal.SIGKILL or bool(re.search(r"Out of Memory|MemoryError", text))
    if proc.returncode == 0:
        step.status = "ok"
    else:
        step.status = "out_of_memory" if oom else "failed"
        step.note = (f"process tree passed the memory limit of {memory_limit / GIB:.1f} GiB and was stopped"
                     if killed else _last_error(text))
    return step


def _last_error(text: str) -> str:
    lines = [ln.strip() for ln in _strip_ansi(text).splitlines() if ln.strip()]
    errors = [ln for ln in lines if re.search(r"error|exception|killed", ln, re.IGNORECASE)]
    return (errors[-1] if errors else (lines[-1] if lines else ""))[:400]


def _strip_ansi(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def dbt_where(log_text: str) -> str | None:
    """The dbt nodes started but not finished when the log ends, else the ones that errored."""
    text = _strip_ansi(log_text)
    started = {n: desc.split()[-1] for n, desc in re.findall(r"(\d+) of \d+ START (.+?)[\s.]*\[RUN\]", text)}
    finished = set(re.findall(r"(\d+) of \d+ (?:OK|PASS|WARN|ERROR|FAIL|SKIP|NO-OP)\b", text))
    running = [name for n, name in started.items() if n not in finished]
    errored = [desc.split()[-1] for desc in re.findall(r"\d+ of \d+ (?:ERROR|FAIL)\b(.+?)[\s.]*\[", text)]
    if running:
        return "running: " + ", ".join(running)
    if errored:
        return "failed: " + ", ".join(errored[:5])
    return None


# --------------------------------------------------------------------------------------------------
# The steps
# --------------------------------------------------------------------------------------------------


def base_env(work: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO_ROOT / "src"), *filter(None, [env.get("PYTHONPATH")])])
    env["NARA_VARD_REPORTS"] = str(work / "reports")
    env["NARA_VARD_PUBLISHED"] = str(work / "published")
    env["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"
    env["PYTHONUNBUFFERED"] = "1"  # a killed step still leaves its last log lines (where it broke)
    env.pop("DBT_TARGET_PATH", None)
    return env


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "nara_vard.cli", *args]


def landing_size(landing: Path) -> tuple[int, int]:
    files = [p for p in landing.rglob("*") if p.is_file() and p.name != "_manifest.json"]
    return len(files), sum(p.stat().st_size for p in files)


def next_month(landing: Path) -> str:
    end = json.loads((landing / "_manifest.json").read_text(encoding="utf-8"))["generator"]["end"]
    year, month = map(int, end.split("-"))
    year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return f"{year:04d}-{month:02d}"


def dbt_profile(target: Path, top: int = 10) -> dict:
    """Top models by execution time, and time summed by node type, from run_results.json."""
    path = target / "run_results.json"
    if not path.exists():
        return {}
    results = json.loads(path.read_text(encoding="utf-8"))
    by_type: dict[str, dict[str, float]] = {}
    for r in results["results"]:
        kind = r["unique_id"].split(".")[0]
        slot = by_type.setdefault(kind, {"count": 0, "seconds": 0.0})
        slot["count"] += 1
        slot["seconds"] = round(slot["seconds"] + r["execution_time"], 3)
    models = sorted((r for r in results["results"] if r["unique_id"].startswith("model.")),
                    key=lambda r: -r["execution_time"])
    return {
        "dbt_elapsed_s": round(results.get("elapsed_time", 0.0), 3),
        "by_type": by_type,
        "failed": [r["unique_id"] for r in results["results"] if r["status"] in ("error", "fail")],
        "top_models": [{"model": r["unique_id"].split(".", 2)[-1], "seconds": round(r["execution_time"], 3),
                        "status": r["status"]} for r in models[:top]],
    }


def _load_figures(path: Path) -> dict[tuple[str, str], float | None]:
    return {(r["indicator_id"], r["period"]): r["value"] for r in json.loads(path.read_text(encoding="utf-8"))}


def mart_figures(db: Path) -> dict[tuple[str, str], float | None]:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("""
            select indicator_id, period_label_sv, value from marts.fct_indicator_values_v2
            where geo_level = 'region' and sex = 'T'
        """).fetchall()
    finally:
        con.close()
    return {(i, p): v for i, p, v in rows}


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def agreement(pandas: dict, other: dict, name: str) -> dict:
    """Cells of the pandas baseline that `other` also computes, and how many agree."""
    keys = sorted(k for k in pandas if k in other)
    differ = [{"indicator_id": i, "period": p, "pandas": pandas[(i, p)], name: other[(i, p)]}
              for i, p in keys if not _same(pandas[(i, p)], other[(i, p)])]
    return {"cells": len(keys), "agree": len(keys) - len(differ),
            "with_value": sum(1 for k in keys if pandas[k] is not None), "differ": differ[:20]}


def run_scale(scale: float, args: argparse.Namespace, work_root: Path) -> dict:
    work = work_root / f"scale_{scale:g}"
    work.mkdir(parents=True)
    landing, target, logs = work / "landing", work / "target", work / "logs"
    db = work / "warehouse" / "nara_vard.duckdb"
    db.parent.mkdir()
    env = base_env(work)
    build_env = {**env, "NARA_VARD_LANDING": str(landing), "NARA_VARD_DB": str(db)}
    build_cmd = cli("build", "--target-path", str(target), "--log-path", str(work / "dbt_logs"))
    if args.smoke:
        # the smoke check shows the benchmark runs end to end; the data and unit tests are the suite's own
        # build's to run, and here they would only double the check's time
        build_cmd += ["--exclude-resource-type", "test", "unit_test"]
    steps = {name: Step(name) for name in STEPS}
    result: dict = {"scale": scale, "work_dir": str(work), "steps": steps}

    def run(name: str, cmd: list[str], step_env: dict[str, str]) -> bool:
        if args.smoke and name in SMOKE_SKIPS:
            steps[name].note = "skipped (--smoke)"
            return True
        print(f"  scale {scale:g}: {STEP_LABELS[name]} ...", end="", flush=True)
        log = logs / f"{name}.log"
        step = measure(steps[name], cmd, step_env, log, args.memory_limit)
        if name.endswith("build") and not name.startswith("make"):
            text = log.read_text(encoding="utf-8", errors="replace")
            step.extra["profile"] = dbt_profile(target)
            if step.status != "ok":
                step.where = dbt_where(text)
        elif step.status != "ok":
            step.where = STEP_LABELS[name]
        assert step.peak_rss_bytes is not None  # measure() sets it
        print(f" {step.status} in {step.wall_s:.1f} s, peak {step.peak_rss_bytes / GIB:.2f} GiB")
        return step.status == "ok"

    gen_args = ["generate", "--scale", f"{scale:g}", "--seed", str(args.seed), "--out", str(landing), "--quiet"]
    if args.period:
        gen_args += ["--start", args.period[0], "--end", args.period[1]]
    if args.patient_sample:
        gen_args += ["--patient-sample", str(args.patient_sample)]
    if not run("generate", cli(*gen_args), env):
        return result
    result["landing_files"], result["landing_bytes"] = landing_size(landing)
    figures: dict[str, dict] = {}
    for name, script in (("lower_bound", "lower_bound.py"), ("pandas", "pandas_baseline.py")):
        out = work / f"{name}_figures.json"
        if run(name, [sys.executable, str(BENCH_DIR / script), str(landing), "--out", str(out)], env):
            figures[name] = _load_figures(out)
    if run("full_build", build_cmd, build_env):
        figures["mart"] = mart_figures(db)
    if "pandas" in figures:
        result["agreement"] = {other: agreement(figures["pandas"], figures[other], other)
                               for other in ("lower_bound", "mart") if other in figures}
    if steps["full_build"].status != "ok":
        return result
    run("rebuild", build_cmd, build_env)
    run("forced_rebuild", [*build_cmd, "--force"], build_env)
    if scale in MAKE_BUILD_SCALES:
        make_env = {**build_env, "NARA_VARD_DB": str(work / "make" / "warehouse" / "nara_vard.duckdb"),
                    "NARA_VARD_PUBLISHED": str(work / "make" / "published"),
                    "NARA_VARD_REPORTS": str(work / "make" / "reports"),
                    "DBT_TARGET_PATH": str(work / "make" / "target")}
        make_cmd = ["make", "--no-print-directory", "-C", str(REPO_ROOT), "build", f"PYTHON={sys.executable}"]
        if run("make_build", make_cmd, make_env):
            run("make_rebuild", make_cmd, make_env)
    else:
        for name in ("make_build", "make_rebuild"):
            steps[name].note = "not run (make build is timed at scale " + \
                ", ".join(f"{s:g}" for s in sorted(MAKE_BUILD_SCALES)) + ")"
    month = next_month(landing)
    steps["month_generate"].extra["month"] = month
    if run("month_generate", cli("generate", "--month", month, "--out", str(landing), "--quiet"), env):
        run("month_build", build_cmd, build_env)
    # dbt's fixed cost, apart (last: `nara-vard dbt` forgets the build state the steps above rely on)
    run("dbt_startup", [str(Path(sys.executable).parent / "dbt"), "--version"], build_env)
    run("parse_full", cli("dbt", "parse", "--no-partial-parse", "--target-path", str(work / "parse_target"),
                          "--log-path", str(work / "dbt_logs")), build_env)
    run("parse_partial", cli("dbt", "parse", "--target-path", str(target), "--log-path", str(work / "dbt_logs")),
        build_env)
    return result


# --------------------------------------------------------------------------------------------------
# Ratios and targets
# --------------------------------------------------------------------------------------------------


def _wall(result: dict | None, step: str) -> float | None:
    if result is None:
        return None
    s = result["steps"][step]
    return s.wall_s if s.status == "ok" else None


def _div(a: float | None, b: float | None) -> float | None:
    return round(a / b, 3) if a is not None and b else None


def scale_ratios(result: dict) -> dict:
    full = _wall(result, "full_build")
    return {
        "dbt_vs_lower_bound": _div(full, _wall(result, "lower_bound")),
        "pandas_vs_dbt": _div(_wall(result, "pandas"), full),
        "month_vs_full": _div(_wall(result, "month_build"), full),
        "rebuild_vs_full": _div(_wall(result, "rebuild"), full),
        "forced_rebuild_vs_full": _div(_wall(result, "forced_rebuild"), full),
    }


def growth_ratios(results: dict[float, dict]) -> dict:
    out = {}
    for small, big in ((1.0, 10.0), (10.0, 30.0)):
        a, b = results.get(small), results.get(big)
        if a is None or b is None:
            continue
        key = f"{big:g}_vs_{small:g}"
        out[key] = {
            "data": _div(b.get("landing_bytes"), a.get("landing_bytes")),
            **{step: _div(_wall(b, step), _wall(a, step))
               for step in ("generate", "lower_bound", "pandas", "full_build", "rebuild", "month_build")},
        }
    return out


def _target(name: str, scale: float, measured: float | None, limit: float, unit: str, results: dict) -> dict:
    row = {"target": name, "scale": scale, "limit": limit, "unit": unit, "measured": measured}
    if measured is None:
        row["status"] = "not run" if scale not in results else "no figure"
    else:
        row["status"] = "met" if measured <= limit else "missed"
        row["factor"] = round(measured / limit, 3)  # > 1: missed by this factor
    return row


def targets(results: dict[float, dict]) -> list[dict]:
    def at(scale: float) -> dict | None:
        return results.get(scale)

    rows = [
        _target("make build (after install) ≤ 45 s", 1.0, _wall(at(1.0), "make_build"), TARGET_BUILD_S_SCALE1,
                "s", results),
        _target("no-change make build ≤ 15 s", 1.0, _wall(at(1.0), "make_rebuild"), TARGET_REBUILD_S_SCALE1,
                "s", results),
        _target("full build (dbt build alone) ≤ 45 s", 1.0, _wall(at(1.0), "full_build"), TARGET_BUILD_S_SCALE1,
                "s", results),
        _target("no-change rebuild, --force (dbt runs) ≤ 15 s", 1.0, _wall(at(1.0), "forced_rebuild"),
                TARGET_REBUILD_S_SCALE1, "s", results),
    ]
    for scale in (10.0,):
        r = at(scale)
        ratios = scale_ratios(r) if r else {}
        peak = r["steps"]["full_build"].peak_rss_bytes if r and r["steps"]["full_build"].status == "ok" else None
        rows += [
            _target("full build ≤ 2 × lower bound", scale, ratios.get("dbt_vs_lower_bound"),
                    TARGET_BUILD_VS_LOWER_BOUND, "×", results),
            _target("full build peak RSS ≤ 6 GiB", scale, round(peak / GIB, 3) if peak else None,
                    TARGET_PEAK_BYTES_SCALE10 / GIB, "GiB", results),
            _target("next-month build ≤ 25 % of full", scale, ratios.get("month_vs_full"),
                    TARGET_MONTH_VS_FULL, "×", results),
        ]
    growth = growth_ratios(results)
    for key, g in growth.items():
        if g.get("full_build") is not None and g.get("data"):
            rows.append(_target(f"full build grows no faster than the data ({key.replace('_vs_', '/')})",
                                float(key.split("_")[0]), round(g["full_build"] / g["data"], 3), 1.0,
                                "× data growth", results))
    # The scale-10 targets, evaluated on the largest smaller scale that ran: indicative only.
    indicative = max((s for s in results if s < 10.0 and results[s]["steps"]["full_build"].status == "ok"),
                     default=None)
    if 10.0 not in results and indicative is not None:
        r = results[indicative]
        ratios = scale_ratios(r)
        peak = r["steps"]["full_build"].peak_rss_bytes
        for row in rows:
            if row["scale"] != 10.0:
                continue
            value = {"full build ≤ 2 × lower bound": ratios["dbt_vs_lower_bound"],
                     "full build peak RSS ≤ 6 GiB": round(peak / GIB, 3),
                     "next-month build ≤ 25 % of full": ratios["month_vs_full"]}[row["target"]]
            if value is not None:
                row["indicative"] = {"scale": indicative, "measured": value,
                                     "status": "met" if value <= row["limit"] else "missed",
                                     "factor": round(value / row["limit"], 3)}
    return rows


# --------------------------------------------------------------------------------------------------
# Printing
# --------------------------------------------------------------------------------------------------


def _fmt(value: float | None, spec: str = ".1f") -> str:
    return "—" if value is None else format(value, spec)


def print_report(report: dict, results: dict[float, dict]) -> None:
    m = report["machine"]
    print()
    print(f"nara_vard benchmark {report['started']}  ({m['cpus']} CPUs, {m['memory_gib']:.1f} GiB, "
          f"load {m['load_before'][0]:.2f} at start; git {report['git']['commit'][:10]}"
          f"{' +changes' if report['git']['dirty'] else ''})")
    for scale, r in results.items():
        size = (f"{r['landing_files']} files, {r['landing_bytes'] / 1024 ** 2:.1f} MiB" if "landing_bytes" in r
                else "not generated")
        print(f"\nscale {scale:g}  (landing: {size})")
        print(f"  {'step':28} {'wall s':>8} {'CPU s':>8} {'peak RSS GiB':>13}  status")
        for name in STEPS:
            s = r["steps"][name]
            peak = None if s.peak_rss_bytes is None else s.peak_rss_bytes / GIB
            status = s.note if s.status == "skipped" and s.note else s.status + (
                f" ({s.note})" if s.note and s.status != "ok" else "")
            if s.where:
                status += f"; broke at {s.where}"
            print(f"  {STEP_LABELS[name]:28} {_fmt(s.wall_s):>8} {_fmt(s.cpu_s):>8} {_fmt(peak, '.2f'):>13}  {status}")
        ratios = r["ratios"]
        print(f"  ratios: dbt / lower bound {_fmt(ratios['dbt_vs_lower_bound'], '.2f')}, "
              f"pandas / dbt {_fmt(ratios['pandas_vs_dbt'], '.3f')}, "
              f"next month / full {_fmt(ratios['month_vs_full'], '.2f')}, "
              f"rebuild / full {_fmt(ratios['rebuild_vs_full'], '.2f')}, "
              f"forced rebuild / full {_fmt(ratios['forced_rebuild_vs_full'], '.2f')}")
        for other, a in r.get("agreement", {}).items():
            print(f"  pandas vs {other.replace('_', ' ')}: {a['agree']} of {a['cells']} cells agree "
                  f"({a['with_value']} with a value)" + (f"; first difference {a['differ'][0]}" if a["differ"] else ""))
        profile = r["steps"]["full_build"].extra.get("profile")
        if profile:
            wall = r["steps"]["full_build"].wall_s
            types = ", ".join(f"{k} {v['count']}× {v['seconds']:.1f} s" for k, v in profile["by_type"].items()
                              if k in ("model", "test", "unit_test", "seed"))
            print(f"  full build profile: dbt run {profile['dbt_elapsed_s']:.1f} s of {wall:.1f} s wall "
                  f"(the rest is start-up and parsing); summed per node type: {types}")
            for i, t in enumerate(profile["top_models"], 1):
                print(f"    {i:2}. {t['model']:52} {t['seconds']:7.2f} s")
    growth = report["growth"]
    for key, g in growth.items():
        print(f"\ngrowth {key.replace('_vs_', ' / ')}: data ×{_fmt(g['data'], '.2f')}; " + ", ".join(
            f"{k} ×{_fmt(v, '.2f')}" for k, v in g.items() if k != "data"))
    print("\ntargets (issue 12)")
    for t in report["targets"]:
        if t["status"] in ("met", "missed"):
            detail = f"{t['measured']:.2f} {t['unit']} vs {t['limit']:g}: {t['status']}" + (
                f" by ×{t['factor']:.2f}" if t["status"] == "missed" else f" (×{t['factor']:.2f} of the limit)")
        else:
            detail = t["status"]
            if "indicative" in t:
                ind = t["indicative"]
                detail += (f"; indicative at scale {ind['scale']:g}: {ind['measured']:.2f} {t['unit']}, "
                           f"{ind['status']} (×{ind['factor']:.2f} of the limit)")
        print(f"  scale {t['scale']:>4g}  {t['target']:58} {detail}")


# --------------------------------------------------------------------------------------------------


def _git() -> dict:
    def git(*a: str) -> str:
        try:
            return subprocess.run(["git", *a], cwd=REPO_ROOT, capture_output=True, text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return ""
    return {"commit": git("rev-parse", "HEAD"), "branch": git("rev-parse", "--abbrev-ref", "HEAD"),
            "dirty": bool(git("status", "--porcelain"))}


def _versions() -> dict:
    out = {"python": platform.python_version()}
    for module in ("duckdb", "pandas", "dbt.version"):
        try:
            mod = __import__(module, fromlist=["x"])
            out[module.split(".")[0]] = getattr(mod, "__version__", None) or str(mod.get_installed_version())
        except Exception:  # noqa: BLE001 - a version we cannot read is just left out
            pass
    return out


def to_json(report: dict, results: dict[float, dict]) -> dict:
    scales = {}
    for scale, r in results.items():
        scales[f"{scale:g}"] = {**{k: v for k, v in r.items() if k != "steps"},
                                "steps": {name: asdict(s) for name, s in r["steps"].items()}}
    return {**report, "scales": scales}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", type=float, nargs="+", default=[1.0], help="generator scales (default 1)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--smoke", action="store_true",
                        help="CI smoke check: skip the no-change rebuild and the next-month steps, and build "
                             "without the data and unit tests")
    parser.add_argument("--period", nargs=2, metavar=("START", "END"),
                        help="the months to generate, YYYY-MM YYYY-MM (default: the generator's own, the published "
                             "table's period); the suite's smoke check uses a short one")
    parser.add_argument("--patient-sample", type=int, metavar="N",
                        help="1 patient in N in the patient-level extracts (default: the generator's, 64 at scale "
                             "1); 1 = the real volume (~9 M + 3 M contacts a year at scale 1)")
    parser.add_argument("--results-dir", type=Path, default=BENCH_DIR / "results",
                        help="where <timestamp>.json goes (default bench/results)")
    parser.add_argument("--work-dir", type=Path,
                        help="where the landings and databases go (default: a temporary folder, removed after)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--memory-limit-gib", type=float,
                        help="stop a step whose process tree passes this (default: 90 %% of the machine's memory)")
    args = parser.parse_args(argv)
    total = memory_total_bytes()
    args.memory_limit = int(args.memory_limit_gib * GIB) if args.memory_limit_gib else int(total * 0.9)

    started = dt.datetime.now(dt.UTC)
    report: dict[str, Any] = {
        "started": started.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "args": {"scales": args.scales, "seed": args.seed, "smoke": args.smoke, "period": args.period,
                 "patient_sample": args.patient_sample,
                 "memory_limit_gib": round(args.memory_limit / GIB, 2)},
        "machine": {"cpus": os.cpu_count(), "memory_gib": round(total / GIB, 2), "load_before": os.getloadavg(),
                    "platform": platform.platform(), **_versions()},
        "git": _git(),
    }
    if args.work_dir:
        args.work_dir.mkdir(parents=True, exist_ok=True)
    work_root = Path(tempfile.mkdtemp(prefix="nara_vard_bench_", dir=args.work_dir))
    results: dict[float, dict] = {}
    failed = False
    try:
        for scale in args.scales:
            broke = next((s for s, r in results.items()
                          if any(x.status == "out_of_memory" for x in r["steps"].values())), None)
            if broke is not None and scale > broke:
                print(f"scale {scale:g}: not run (scale {broke:g} already ran out of memory)")
                note = f"not run: scale {broke:g} ran out of memory"
                results[scale] = {"scale": scale, "steps": {n: Step(n, note=note) for n in STEPS}}
            else:
                print(f"scale {scale:g}")
                results[scale] = run_scale(scale, args, work_root)
            results[scale]["ratios"] = scale_ratios(results[scale])
            failed |= any(s.status not in ("ok", "skipped") for s in results[scale]["steps"].values())
    finally:
        if not args.keep:
            shutil.rmtree(work_root, ignore_errors=True)
    report["load_after"] = os.getloadavg()
    report["growth"] = growth_ratios(results)
    report["targets"] = targets(results)
    print_report(report, results)
    args.results_dir.mkdir(parents=True, exist_ok=True)
    out = args.results_dir / f"{started.strftime('%Y%m%dT%H%M%SZ')}.json"
    out.write_text(json.dumps(to_json(report, results), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"\nresults: {out}" + (f"\nwork folder kept: {work_root}" if args.keep else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
