"""Load test of `nara-vard serve` while `make build` publishes a new version (make benchmark-api).

In one run, on loopback only, with a bounded number of clients and a bounded time:

1. a work folder gets a copy of the default landing, and `make build` (build, quality, publish, export, report,
   docs, review page) makes the first publication there (every path of the build points into the work folder
   through the project's environment variables: nothing of the user's warehouse is touched);
2. `nara-vard serve` starts on a free loopback port over that published folder;
3. --clients clients (default 50; asyncio, HTTP/1.1 keep-alive, one connection each) send requests for
   --seconds seconds (default 60), each pausing --think seconds (default 0) between requests, mixing
   - a single municipality's yearly values through the Kolada API (`kolada_one`),
   - Kolada metadata (`kolada_meta`: kpi, municipality, municipality_groups),
   - a single municipality's months through the native API (`native_one`), and native CSV (`native_csv`);
4. --build-after seconds into the load (default 5), a correction of one municipality's month is delivered
   (a `_v2` file) and `make build` runs again: it publishes a second version while the clients keep asking;
   the load goes on until that version has been answered for 5 s (so the switch is inside the window), at most
   --max-seconds;
5. afterwards every response is checked: status 200, named publication one of the two, and every
   `kolada_one` answer equal, value for value, to the published values of the publication it names (read
   here from that publication's history Parquet file with DuckDB, not through the server): an answer that
   mixes or misnames versions is counted.

Prints p50 / p99 latency per kind and overall, requests per second, errors and version mismatches, and writes
bench/results/api-<UTC timestamp>.json. Not a test (timings depend on the machine); exit code 1 only if a
response was an error or mixed versions.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results"
BIN = Path(sys.executable).parent


@dataclass
class Answer:
    kind: str
    path: str
    status: int
    seconds: float
    publication: str
    body: bytes
    at: float


def _env(work: Path) -> dict[str, str]:
    return {**os.environ, "NARA_VARD_LANDING": str(work / "landing"), "NARA_VARD_DB": str(work / "nara_vard.duckdb"),
            "NARA_VARD_PUBLISHED": str(work / "published"), "NARA_VARD_REPORTS": str(work / "reports"),
            "DBT_TARGET_PATH": str(work / "target"), "DBT_LOG_PATH": str(work / "logs")}


def _make_build(work: Path, log: Path) -> float:
    started = time.perf_counter()
    with log.open("a", encoding="utf-8") as out:
        result = subprocess.run(["make", "--no-print-directory", "build"], cwd=REPO, env=_env(work), stdout=out,
                                stderr=subprocess.STDOUT, check=False)
    if result.returncode != 0:
        raise SystemExit(f"make build failed (exit {result.returncode}); see {log}")
    return time.perf_counter() - started


def _deliver_correction(landing: Path) -> str:
    """A `_v2` of one municipality's kommun_hsl month with more patients: the correction the build publishes."""
    manifest = json.loads((landing / "_manifest.json").read_text(encoding="utf-8"))
    touched = {d.get("org_code") for d in manifest["defects"] if d["source"] == "kommun_hsl"}
    code = next(c for c, d in sorted(manifest["kommun_hsl_dialects"].items()) if d == "A" and c not in touched)
    original = sorted((landing / "kommun_hsl").glob(f"hsl_{code}_*.csv"))[-2]
    lines = original.read_text(encoding="utf-8").splitlines()
    fields = lines[1].split(",")
    fields[5] = str(int(fields[5]) + 100)
    name = original.name.replace(".csv", "_v2.csv")
    (landing / "kommun_hsl" / name).write_text(lines[0] + "\n" + ",".join(fields) + "\n", encoding="utf-8")
    return name


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Plan:
    """What the clients ask for, from the first publication's catalogue."""

    def __init__(self, published: Path) -> None:
        with duckdb.connect(str(published / "nara_vard.duckdb"), read_only=True) as con:
            self.kpis = [k for (k,) in con.execute(
                "select indicator_id from marts.dim_indicator where period_types like '%year%'").fetchall()]
            self.monthly = [k for (k,) in con.execute(
                "select indicator_id from marts.dim_indicator where period_types like '%month%'").fetchall()]
            self.municipalities = [m for (m,) in con.execute(
                "select geo_code from marts.dim_geography where geo_level = 'kommun'").fetchall()]
            self.years = [y for (y,) in con.execute("""select distinct year(period_start) from
                marts.fct_indicator_values_v2 where period_type = 'year' order by 1""").fetchall()]

    def pick(self, rng: random.Random) -> tuple[str, str]:
        draw = rng.random()
        m = rng.choice(self.municipalities)
        if draw < 0.5:
            return "kolada_one", f"/v2/data/kpi/{rng.choice(self.kpis)}/municipality/{m}/year/{rng.choice(self.years)}"
        if draw < 0.6:
            return "kolada_meta", rng.choice(["/v2/kpi", "/v2/municipality", "/v2/municipality_groups"])
        year = rng.choice(self.years)
        if draw < 0.9:
            return "native_one", (f"/api/v1/values?indicator={rng.choice(self.monthly)}&geo_code={m}"
                                  f"&period_type=month&period_from={year}-01&period_to={year}-12")
        return "native_csv", f"/api/v1/values?indicator={rng.choice(self.monthly)}&geo_code={m}&format=csv"


async def _client(port: int, plan: Plan, seed: int, stop: asyncio.Event, think: float,
                  answers: list[Answer]) -> None:
    rng = random.Random(seed)
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while not stop.is_set():
            kind, path = plan.pick(rng)
            started = time.perf_counter()
            writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
            try:
                status_line = await reader.readline()
                headers: dict[str, str] = {}
                while (line := await reader.readline()) not in (b"\r\n", b""):
                    name, _, value = line.decode("latin-1").partition(":")
                    headers[name.strip().lower()] = value.strip()
                body = await reader.readexactly(int(headers.get("content-length", "0")))
                status = int(status_line.split()[1])
            except (asyncio.IncompleteReadError, ConnectionError, IndexError, ValueError):
                status, body, headers = 0, b"", {}
            answers.append(Answer(kind, path, status, time.perf_counter() - started,
                                  headers.get("x-publication-id", ""), body, time.monotonic()))
            if status == 0 or headers.get("connection") == "close":
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            if think:
                await asyncio.sleep(rng.uniform(0, 2 * think))
    finally:
        writer.close()


def _published_id(published: Path) -> str:
    return str(json.loads((published / "_published.json").read_text(encoding="utf-8"))["publication_id"])


async def _load(args: argparse.Namespace, port: int, plan: Plan, work: Path, log: Path) -> dict[str, Any]:
    answers: list[Answer] = []
    stop = asyncio.Event()
    clients = [asyncio.create_task(_client(port, plan, i, stop, args.think, answers)) for i in range(args.clients)]
    started = time.monotonic()
    await asyncio.sleep(args.build_after)
    correction = _deliver_correction(work / "landing")
    build = asyncio.create_task(asyncio.to_thread(_make_build, work, log))
    first = _published_id(work / "published")
    switched_at: float | None = None
    while True:
        await asyncio.sleep(0.5)
        elapsed = time.monotonic() - started
        if switched_at is None and any(a.publication not in ("", first) for a in answers[-200:]):
            switched_at = time.monotonic()
        switched_long_enough = switched_at is not None and time.monotonic() - switched_at >= 5
        if (elapsed >= args.seconds and switched_long_enough) or elapsed >= args.max_seconds:
            break
    stop.set()
    await asyncio.gather(*clients, return_exceptions=True)
    window = time.monotonic() - started
    build_seconds = await build
    return {"answers": answers, "window": window, "correction": correction, "build_seconds": build_seconds,
            "first": first, "second": _published_id(work / "published"), "switched": switched_at is not None}


def _check(answers: list[Answer], published: Path) -> tuple[int, int]:
    """(errors, answers that disagree with the publication they name)."""
    errors = sum(1 for a in answers if a.status != 200)
    values: dict[str, dict[tuple[str, str, int, str], Any]] = {}
    mismatched = 0
    for a in answers:
        if a.status != 200:
            continue
        if a.publication not in values:
            history = published / "history" / a.publication / "indicator_values.parquet"
            if not history.is_file():
                mismatched += 1
                continue
            with duckdb.connect() as con:
                values[a.publication] = {(k, g, y, s): v for k, g, y, s, v in con.execute(f"""
                    select indicator_id, geo_code, year(period_start), sex, case when suppression is null then value end
                    from read_parquet('{history}') where period_type = 'year' and geo_level = 'kommun'""").fetchall()}
        if a.kind != "kolada_one":
            continue
        expected = values[a.publication]
        for item in json.loads(a.body)["values"]:
            for cell in item["values"]:
                key = (item["kpi"], item["municipality"], item["period"], cell["gender"])
                mismatched += expected.get(key, "?") != cell["value"]
    return errors, mismatched


def _quantiles(seconds: list[float]) -> dict[str, float]:
    if not seconds:
        return {"n": 0}
    ordered = sorted(seconds)
    return {"n": len(ordered), "p50_ms": round(1000 * statistics.median(ordered), 1),
            "p99_ms": round(1000 * ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))], 1),
            "max_ms": round(1000 * ordered[-1], 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--max-seconds", type=float, default=600.0)
    parser.add_argument("--build-after", type=float, default=5.0)
    parser.add_argument("--think", type=float, default=0.0, help="mean pause of a client between requests (s)")
    parser.add_argument("--landing", type=Path, default=REPO / "data" / "landing")
    args = parser.parse_args(argv)
    if not 1 <= args.clients <= 200 or not 1 <= args.seconds <= 600:
        parser.error("at most 200 clients and 600 s")
    work = Path(tempfile.mkdtemp(prefix="nara-vard-api-bench-"))
    log = work / "build.log"
    server = None
    try:
        shutil.copytree(args.landing, work / "landing")
        print(f"api benchmark: first publication (make build) in {work}", flush=True)
        first_build = _make_build(work, log)
        port = _free_port()
        server_log = (work / "serve.log").open("w", encoding="utf-8")
        server = subprocess.Popen([str(BIN / "nara-vard"), "serve", "--published", str(work / "published"),
                                   "--port", str(port), "--log-level", "warning"], cwd=REPO, stdout=server_log,
                                  stderr=subprocess.STDOUT)
        plan = Plan(work / "published")
        time.sleep(3)
        print(f"api benchmark: {args.clients} clients for {args.seconds:.0f} s on 127.0.0.1:{port}; make build "
              f"publishes a correction after {args.build_after:.0f} s", flush=True)
        run = asyncio.run(_load(args, port, plan, work, log))
        answers: list[Answer] = run["answers"]
        errors, mismatched = _check(answers, work / "published")
        kinds = sorted({a.kind for a in answers})
        report = {
            "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "clients": args.clients,
            "think_seconds": args.think, "window_seconds": round(run["window"], 1), "requests": len(answers),
            "requests_per_second": round(len(answers) / run["window"], 1), "errors": errors,
            "version_mismatches": mismatched, "publications": sorted({a.publication for a in answers}),
            "switched_to_new_publication": run["switched"], "first_build_seconds": round(first_build, 1),
            "build_during_load_seconds": round(run["build_seconds"], 1), "correction": run["correction"],
            "overall": _quantiles([a.seconds for a in answers]),
            "by_kind": {k: _quantiles([a.seconds for a in answers if a.kind == k]) for k in kinds},
        }
        print(f"\n{'kind':<12} {'n':>7} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
        for name, q in [*report["by_kind"].items(), ("overall", report["overall"])]:
            print(f"{name:<12} {q['n']:>7} {q.get('p50_ms', 0):>8} {q.get('p99_ms', 0):>8} {q.get('max_ms', 0):>8}")
        print(f"\n{report['requests']} requests in {report['window_seconds']} s = {report['requests_per_second']} "
              f"req/s; errors {errors}; answers disagreeing with the publication they name {mismatched}; "
              f"publications seen {len(report['publications'])} (switched: {run['switched']}); make build during "
              f"the load {report['build_during_load_seconds']} s")
        RESULTS.mkdir(parents=True, exist_ok=True)
        out = RESULTS / f"api-{dt.datetime.now(dt.UTC).strftime('%Y%m%dT%H%M%SZ')}.json"
        out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        print(f"written {out}")
        return 0 if errors == 0 and mismatched == 0 and run["switched"] else 1
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=20)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
