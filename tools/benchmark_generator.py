"""Benchmark `nara-vard generate`: wall time, peak memory and output volume at several scales.

Why this exists: the generator has two performance targets -- scale 1 runs "well under a minute"
(< 60 s) and the largest scale we care about fits "within 24 GiB" of resident memory. Those targets
are checked here, by a benchmark that prints its figures, and never by a timed unit test: timings
depend on the machine and on whatever else it is doing, so a test asserting them would be flaky in
CI and would hide the actual numbers behind a pass/fail. This script shows the numbers, compares
each scale with a scale-1 baseline measured in the same run (so the ratios are meaningful even on
a busy machine), and exits non-zero only when a target is missed or a run fails.

Run it with `make benchmark-generator` or `.venv/bin/python tools/benchmark_generator.py --scales 3 10`.
Generations run one at a time (never in parallel), each into its own fresh folder.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

TIME_TARGET_S = 60.0                  # scale 1: "well under a minute"
MEMORY_TARGET_BYTES = 24 * 1024 ** 3  # largest scale: "within 24 GiB" peak RSS
MIB = 1024 ** 2
GIB = 1024 ** 3


@dataclass
class Result:
    scale: float
    seconds: float
    peak_rss_bytes: int
    output_bytes: int
    vega_rows: int | None
    returncode: int
    note: str = ""

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and self.vega_rows is not None


def generate_command() -> list[str]:
    """How to call `nara-vard`: the console script next to this interpreter (the venv's), else PATH,
    else the CLI module run by this interpreter."""
    beside = Path(sys.executable).parent / "nara-vard"
    if beside.exists():
        return [str(beside)]
    found = shutil.which("nara-vard")
    if found:
        return [found]
    return [sys.executable, "-m", "nara_vard.cli"]


def _maxrss_bytes(ru_maxrss: int) -> int:
    # ru_maxrss is in KiB on Linux and the BSDs, in bytes on macOS.
    return ru_maxrss if sys.platform == "darwin" else ru_maxrss * 1024


def _current_rss_bytes(pid: int) -> int | None:
    """The child's current resident set from /proc (Linux only), for the safety guard."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        return None
    return None


def output_size(folder: Path) -> int:
    """Apparent size of all files under `folder` in bytes (the sum of file lengths)."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def vega_rows(folder: Path) -> int | None:
    try:
        manifest = json.loads((folder / "_manifest.json").read_text(encoding="utf-8"))
        return int(manifest["sources"]["vega_slutenvard"]["rows"])
    except (OSError, KeyError, ValueError, TypeError):
        return None


def run_once(scale: float, workdir: Path, *, keep: bool, rss_guard_bytes: int, timeout: float | None,
             seed: int | None) -> Result:
    """Run one generation in a child process and measure it.

    Peak memory: the child is started with Popen and reaped with `os.wait4(pid)`, which returns the
    resource usage of *that* child alone (on Linux including any descendants it reaped itself).
    This is what we want, and it is more robust than the alternatives:
    `resource.getrusage(RUSAGE_CHILDREN).ru_maxrss` is the maximum over *all* children reaped so far,
    so after the scale-10 run it can never report a smaller scale-1 figure again (deltas of a maximum
    are meaningless) -- it would need a fresh wrapper process per measurement; and `/usr/bin/time -v`
    is GNU-only, not always installed, and has to be parsed from text. wait4 needs neither.
    """
    out = Path(tempfile.mkdtemp(prefix=f"scale-{scale:g}-", dir=workdir))
    log = workdir / f"{out.name}.log"
    cmd = [*generate_command(), "generate", "--quiet", "--scale", f"{scale:g}", "--out", str(out)]
    if seed is not None:
        cmd += ["--seed", str(seed)]
    note = ""
    with open(log, "wb") as log_file:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=log_file, stderr=subprocess.STDOUT)
        # Safety guard: the machine is shared and has no swap, so a runaway generation would invoke
        # the OOM killer on other people's processes. Poll the child's RSS and kill it past the guard.
        stop = threading.Event()
        guard_hit: list[int] = []
        sampled_peak = [0]

        def watch() -> None:
            deadline = None if timeout is None else t0 + timeout
            while not stop.wait(0.2):
                rss = _current_rss_bytes(proc.pid)
                if rss is not None:
                    sampled_peak[0] = max(sampled_peak[0], rss)
                    if rss > rss_guard_bytes:
                        guard_hit.append(rss)
                        proc.kill()
                        return
                if deadline is not None and time.perf_counter() > deadline:
                    guard_hit.append(-1)
                    proc.kill()
                    return

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
        stop.set()
        watcher.join()
        proc.returncode = os.waitstatus_to_exitcode(status)  # tell Popen the child is already reaped
    peak = max(_maxrss_bytes(usage.ru_maxrss), sampled_peak[0])
    if guard_hit:
        note = (f"killed after {timeout:g} s timeout" if guard_hit[0] == -1
                else f"killed by the RSS guard at {guard_hit[0] / GIB:.1f} GiB (> {rss_guard_bytes / GIB:g} GiB)")
    elif proc.returncode != 0:
        note = f"exit status {proc.returncode}"
    if note:
        tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-40:]
        print(f"\n--- scale {scale:g}: {note}; last lines of {log}:", file=sys.stderr)
        print("\n".join(tail), file=sys.stderr)
        print("---", file=sys.stderr)
    result = Result(scale, seconds, peak, output_size(out), vega_rows(out) if proc.returncode == 0 else None,
                    proc.returncode, note)
    if not keep:
        shutil.rmtree(out, ignore_errors=True)
        if result.ok:
            log.unlink(missing_ok=True)
    return result


def _ratio(value: float, base: float) -> str:
    return f"{value / base:.2f}x" if base else "-"


def print_table(results: list[Result], baseline: Result) -> None:
    header = ["scale", "seconds", "peak RSS MiB", "output MiB", "vega rows", "rows/s",
              "time ratio", "mem ratio", "rows ratio"]
    rows = []
    for r in results:
        if r.ok:
            assert r.vega_rows is not None
            assert baseline.vega_rows is not None
            rows.append([f"{r.scale:g}", f"{r.seconds:.1f}", f"{r.peak_rss_bytes / MIB:,.0f}",
                         f"{r.output_bytes / MIB:,.1f}", f"{r.vega_rows:,}", f"{r.vega_rows / r.seconds:,.0f}",
                         _ratio(r.seconds, baseline.seconds),
                         _ratio(r.peak_rss_bytes, baseline.peak_rss_bytes),
                         _ratio(r.vega_rows, baseline.vega_rows or 0)])
        else:
            rows.append([f"{r.scale:g}", f"{r.seconds:.1f}", f"{r.peak_rss_bytes / MIB:,.0f}",
                         f"{r.output_bytes / MIB:,.1f}", "FAILED", "-", "-", "-", r.note])
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(header)]
    print("  ".join(h.rjust(w) for h, w in zip(header, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)))


def parse_scales(values: list[str]) -> list[float]:
    scales: list[float] = []
    for value in values:
        for part in value.split(","):
            if part.strip():
                scale = float(part)
                if scale <= 0:
                    raise argparse.ArgumentTypeError(f"scale must be positive: {part}")
                scales.append(scale)
    return sorted(set(scales))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="benchmark_generator.py",
        description="Time `nara-vard generate --quiet` at scale 1 (the baseline) and at each --scales value, "
                    "one run at a time, and print seconds, peak resident memory (RSS) of the generator "
                    "process, output size (sum of file sizes), vega_slutenvard rows (from _manifest.json), "
                    "rows/s and the ratios to the scale-1 baseline of the same run. Then checks the targets: "
                    f"scale 1 < {TIME_TARGET_S:g} s, and the largest scale's peak RSS < "
                    f"{MEMORY_TARGET_BYTES / GIB:g} GiB. Exit status 1 if a target is missed or a run fails.",
        epilog="Example: .venv/bin/python tools/benchmark_generator.py --scales 3 10 --keep")
    parser.add_argument("--scales", nargs="+", default=["10"], metavar="S",
                        help="scales to measure besides the scale-1 baseline; space or comma separated "
                             "(default: 10)")
    parser.add_argument("--workdir", type=Path,
                        help="folder for the per-run output folders and logs (default: a new temporary "
                             "folder, removed afterwards unless --keep)")
    parser.add_argument("--keep", action="store_true",
                        help="keep each run's generated output and log instead of deleting them")
    parser.add_argument("--seed", type=int, help="seed passed to nara-vard generate (default: its own default)")
    parser.add_argument("--rss-guard-gib", type=float, default=20.0,
                        help="safety guard: kill a generation whose resident memory passes this many GiB, "
                             "so a runaway run cannot trigger the OOM killer on a shared machine; a killed "
                             "run counts as failed (default: 20; Linux only)")
    parser.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                        help="kill a single generation that runs longer than this (default: no limit)")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        scales = parse_scales(args.scales)
    except (ValueError, argparse.ArgumentTypeError) as exc:
        parser.error(str(exc))
    own_workdir = args.workdir is None
    workdir = Path(tempfile.mkdtemp(prefix="nara_vard_bench_")) if own_workdir else args.workdir
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"generator: {' '.join(generate_command())}   workdir: {workdir}", flush=True)

    results: dict[float, Result] = {}
    for scale in [1.0, *[s for s in scales if s != 1.0]]:
        print(f"running scale {scale:g} ...", flush=True)
        results[scale] = run_once(scale, workdir, keep=args.keep, rss_guard_bytes=int(args.rss_guard_gib * GIB),
                                  timeout=args.timeout, seed=args.seed)
    if own_workdir and not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)

    baseline = results[1.0]
    ordered = [results[s] for s in sorted(results)]
    print()
    print_table(ordered, baseline)
    print()

    failed = False
    if baseline.ok:
        time_ok = baseline.seconds < TIME_TARGET_S
        print(f"target scale 1 < {TIME_TARGET_S:g} s: {'met' if time_ok else 'MISSED'} ({baseline.seconds:.1f} s)")
    else:
        time_ok = False
        print(f"target scale 1 < {TIME_TARGET_S:g} s: MISSED (run failed: {baseline.note})")
    largest = results[max(results)]
    limit = MEMORY_TARGET_BYTES / GIB
    if largest.ok:
        mem_ok = largest.peak_rss_bytes < MEMORY_TARGET_BYTES
        print(f"target scale {largest.scale:g} peak RSS < {limit:g} GiB: {'met' if mem_ok else 'MISSED'} "
              f"({largest.peak_rss_bytes / GIB:.2f} GiB)")
    else:
        mem_ok = False
        print(f"target scale {largest.scale:g} peak RSS < {limit:g} GiB: MISSED (run failed: {largest.note})")
    failed = not (time_ok and mem_ok) or not all(r.ok for r in ordered)
    if not all(r.ok for r in ordered) and (args.keep or not own_workdir):
        print(f"logs of failed runs are in {workdir}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
