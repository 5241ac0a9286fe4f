"""The `nara-vard` command: one entry point for generating extracts and building the warehouse."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from nara_vard.paths import (
    REPO_ROOT,
    dbt_target_path,
    landing_dir,
    published_dir,
    reports_dir,
    spark_home,
    warehouse_path,
)

#: dbt commands that open the build database (and so fail if another process holds it)
DBT_COMMANDS_OPENING_DB = {"build", "run", "seed", "snapshot", "test", "retry", "clone", "run-operation",
                           "compile", "show", "source"}


GENERATE_DEFAULTS: dict[str, Any] = {"scale": 1.0, "seed": 42, "start": "2022-01", "end": "2024-01"}


def _cmd_generate(args: argparse.Namespace) -> int:
    from nara_vard.generator import GeneratorConfig, MonthlyDeliveryError, Scenario, deliver_month, generate

    out = Path(args.out) if args.out else landing_dir()
    if args.month is not None:
        given = [f"--{k}" for k in GENERATE_DEFAULTS if getattr(args, k) is not None]
        given += ["--with-egenmonitorering"] * args.with_egenmonitorering + ["--if-absent"] * args.if_absent
        given += ["--patient-sample"] * (args.patient_sample is not None)
        if given:
            print(f"nara-vard generate --month: {', '.join(given)} cannot be combined with --month "
                  "(the parameters come from the landing's _manifest.json)", file=sys.stderr)
            return 2
        try:
            result = deliver_month(out, args.month, progress=not args.quiet)
        except MonthlyDeliveryError as exc:
            print(f"nara-vard generate --month: {exc}", file=sys.stderr)
            return 2
        print(f"delivered {result.month} into {out}: {len(result.new_files)} new files, "
              f"{len(result.resent_files)} re-sent (manifest: {result.manifest})")
        return 0
    if args.if_absent and (out / "_manifest.json").exists():
        print(f"landing {out} already generated; leaving it as it is (drop --if-absent to regenerate)")
        return 0
    params = {k: GENERATE_DEFAULTS[k] if getattr(args, k) is None else getattr(args, k) for k in GENERATE_DEFAULTS}
    sample = {} if args.patient_sample is None else {"patient_level_sample": args.patient_sample}
    if args.patient_sample is not None and (args.patient_sample < 1 or 256 % args.patient_sample):
        print(f"nara-vard generate: --patient-sample must be a power of two from 1 to 256, got {args.patient_sample}",
              file=sys.stderr)
        return 2
    scenario = Scenario(deliver_egenmonitorering=args.with_egenmonitorering, **sample)
    config = GeneratorConfig(out=out, scenario=scenario, progress=not args.quiet, **params)
    manifest = generate(config)
    print(f"wrote {out} (manifest: {manifest})")
    return 0


def dbt_environment() -> dict[str, str]:
    """Environment for dbt: repo profiles, no telemetry, landing and warehouse paths resolved."""
    env = dict(os.environ)
    env.setdefault("DBT_PROFILES_DIR", str(REPO_ROOT))
    env.setdefault("DBT_PROJECT_DIR", str(REPO_ROOT))
    env["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"
    env["NARA_VARD_LANDING"] = str(landing_dir().resolve())
    env["NARA_VARD_DB"] = str(warehouse_path().resolve())
    # target spark: every file Spark writes goes under one folder (profiles.yml), which must exist
    env["NARA_VARD_SPARK_HOME"] = str(spark_home().resolve())
    env.setdefault("NARA_VARD_SPARK_LOG4J", str(REPO_ROOT / "tools" / "spark" / "log4j2.properties"))
    return env


def _parse_check_without_duckdb_path() -> None:
    """Leave the DuckDB file's path out of the connection details dbt compares before a partial parse.

    dbt parses the whole project again (~20 s here) whenever those details change, and the path is one of
    them, though nothing dbt parses depends on it: the catalog name, which does (and which DuckDB takes from
    the file's name), stays in the comparison. A build into another file (a second warehouse, the benchmark's,
    the test suite's) can then start from an existing partial parse (dbt's `--partial-parse-file-path`)."""
    try:
        from dbt.adapters.duckdb.credentials import DuckDBCredentials
    except ImportError:
        return
    keys = DuckDBCredentials._connection_keys
    if getattr(keys, "without_path", False):
        return

    def connection_keys(self: Any) -> tuple[str, ...]:
        return tuple(key for key in keys(self) if key != "path")

    connection_keys.without_path = True  # type: ignore[attr-defined]
    DuckDBCredentials._connection_keys = connection_keys


def _seed_partial_parse(dbt_args: list[str]) -> None:
    """A target folder without a parse of its own starts from the file NARA_VARD_PARTIAL_PARSE_FROM names (a
    `partial_parse.msgpack` of this project), copied in: dbt then re-parses only what differs. Later runs into
    the same folder use the parse dbt left there, as always. The test suite sets it; dbt checks the copy like
    any saved parse and parses everything again when it does not fit (other vars, target, dbt version)."""
    seed = os.environ.get("NARA_VARD_PARTIAL_PARSE_FROM")
    if not seed or not Path(seed).is_file():
        return
    from nara_vard.build_state import build_target_path

    target = build_target_path(dbt_args)
    if not (target / "partial_parse.msgpack").exists():
        target.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(seed, target / "partial_parse.msgpack")


def run_dbt(dbt_args: list[str]) -> int:
    """Run dbt in-process through its programmatic runner, with the project's environment."""
    os.environ.update(dbt_environment())
    warehouse_path().parent.mkdir(parents=True, exist_ok=True)
    (spark_home() / "tmp").mkdir(parents=True, exist_ok=True)
    _parse_check_without_duckdb_path()
    _seed_partial_parse(dbt_args)
    from dbt.cli.main import dbtRunner

    os.chdir(REPO_ROOT)
    result = dbtRunner().invoke(dbt_args)
    _close_duckdb()
    if result.exception is not None:
        print(f"dbt failed: {result.exception}", file=sys.stderr)
    stale = _incremental_models_out_of_sync(result.result)
    if stale:
        print(f"{', '.join(stale)}: the columns of this incremental model changed since the warehouse was built; "
              "run `nara-vard build --full-refresh` once to rebuild it from every landing file", file=sys.stderr)
    return 0 if result.success else 1


def _incremental_models_out_of_sync(run_result: object) -> list[str]:
    """Models that failed because their columns no longer match the existing table (on_schema_change: fail)."""
    return sorted(r.node.name for r in getattr(run_result, "results", None) or []
                  if "schemas on this incremental model are out of sync" in (getattr(r, "message", None) or "")
                  or "it was built by an earlier version of the project" in (getattr(r, "message", None) or ""))


def _close_duckdb() -> None:
    """Close dbt-duckdb's shared connection now rather than at interpreter exit: DuckDB checkpoints
    the file on close, and the build state records the file as the build left it."""
    try:
        from dbt.adapters.duckdb.connections import DuckDBConnectionManager
    except ImportError:
        return
    env = getattr(DuckDBConnectionManager, "_ENV", None)
    if env is not None and hasattr(env, "close"):
        env.close()
        DuckDBConnectionManager.close_all_connections()


def build_database_locked(command: str, path: Path | None = None) -> int | None:
    """Exit code 3 with a plain explanation if another process holds the build database, else None.

    DuckDB lets no writer in while any other process has the file open, read-only included (a BI
    tool, a notebook). Without this check dbt would fail after its start-up with DuckDB's error and
    a stack trace; with it the user learns within seconds who holds the file and what to read instead.
    """
    from nara_vard.publish import EXIT_LOCKED, check_build_database_free

    message = check_build_database_free(path or warehouse_path())
    if message is None:
        return None
    print(f"nara-vard {command}: {message}", file=sys.stderr)
    return EXIT_LOCKED


def _dbt_subcommand(dbt_args: list[str]) -> str | None:
    """The dbt command in `nara-vard dbt ...` arguments: the first word that is not an option."""
    return next((a for a in dbt_args if not a.startswith("-")), None)


def _dbt_target(dbt_args: list[str]) -> str:
    """The profile target a dbt invocation uses: its --target, else NARA_VARD_TARGET, else dev."""
    for i, arg in enumerate(dbt_args):
        if arg in ("--target", "-t") and i + 1 < len(dbt_args):
            return dbt_args[i + 1]
        if arg.startswith("--target="):
            return arg.split("=", 1)[1]
    return os.environ.get("NARA_VARD_TARGET", "dev")


def _min_cell_count(dbt_args: list[str]) -> int:
    """The disclosure threshold of this invocation: its --vars if they set min_cell_count, else the project's."""
    from nara_vard.publish import min_cell_count

    for i, arg in enumerate(dbt_args):
        if arg == "--vars" and i + 1 < len(dbt_args):
            return min_cell_count({"args": {"vars": dbt_args[i + 1]}})
    return min_cell_count({})


def _run_server_engine(target: str, command: str, dbt_args: list[str]) -> int:
    """`dbt run|build` on PostgreSQL or Spark: dbt cannot run the Python model that solves the
    suppression pattern on these engines, so it is dbt up to the cells and relations, then
    `nara-vard protect` (the same function as on DuckDB, in this process), then dbt from the pattern
    on (nara_vard.disclosure_engines). With --select or --exclude, dbt alone, as asked."""
    from nara_vard.disclosure_engines import FIRST_STEP_EXCLUDE, LAST_STEP_SELECT, run_protect

    if any(a in ("--select", "-s", "--exclude", "--selector") for a in dbt_args):
        return run_dbt([command, *dbt_args])
    code = run_dbt([command, *dbt_args, "--exclude", FIRST_STEP_EXCLUDE])
    if code != 0:
        return code
    code = run_protect(target, _min_cell_count(dbt_args))
    if code != 0:
        return code
    return run_dbt([command, *dbt_args, "--select", LAST_STEP_SELECT])


def _cmd_protect(args: argparse.Namespace) -> int:
    from nara_vard.disclosure_engines import run_protect

    target = args.target
    if target == "spark":
        # the solver uses this process's Spark session: let dbt-spark open it with the profile's settings
        code = run_dbt(["show", "--inline", "select 1 as ready", "--target", "spark", "--quiet"])
        if code != 0:
            return code
    threshold = args.threshold if args.threshold is not None else _min_cell_count([])
    return run_protect(target, threshold)


def _cmd_audit_disclosure(args: argparse.Namespace) -> int:
    from nara_vard.disclosure_audit import audit_published
    from nara_vard.publish import PUBLISHED_DB, min_cell_count

    path = Path(args.published) if args.published else published_dir() / PUBLISHED_DB
    if path.is_dir():
        path = path / PUBLISHED_DB
    if not path.is_file():
        print(f"nara-vard audit-disclosure: no published file at {path}; run `nara-vard publish` first",
              file=sys.stderr)
        return 2
    threshold = args.threshold if args.threshold is not None else min_cell_count({})
    report = audit_published(path, threshold=threshold)
    print(report.summary())
    return 0 if report.ok else 1


#: `nara-vard build` runs dbt's unit tests only when this is 1 (the suite and CI set it): they check the models'
#: logic, which a monthly build with new data does not change
UNIT_TESTS_ENV = "NARA_VARD_UNIT_TESTS"


def without_unit_tests(dbt_args: list[str]) -> list[str]:
    """The build's dbt arguments, with `--exclude-resource-type unit_test` added unless NARA_VARD_UNIT_TESTS=1
    or the arguments already say which resource types to run."""
    if os.environ.get(UNIT_TESTS_ENV) == "1" or {"--resource-type", "--exclude-resource-type"} & set(dbt_args):
        return dbt_args
    return [*dbt_args, "--exclude-resource-type", "unit_test"]


def _cmd_build(args: argparse.Namespace) -> int:
    from nara_vard.build_state import BuildState, build_fingerprint

    force = "--force" in args.dbt_args
    dbt_args = without_unit_tests([a for a in args.dbt_args if a != "--force"])
    target = _dbt_target(dbt_args)
    if target in ("postgres", "spark"):
        return _run_server_engine(target, "build", dbt_args)
    locked = build_database_locked("build")
    if locked is not None:
        return locked
    state = BuildState()
    fingerprint = build_fingerprint(dbt_args, env=dbt_environment())
    changes = state.build_changes(fingerprint, dbt_args)
    if not changes and not force:
        print(f"nara-vard build: nothing changed since the build of {state.steps['build']['at']} (same landing "
              "files, project, code, dbt arguments, environment, run date and versions; the build database and "
              "target files as it left them): skipped. `nara-vard build --force` builds anyway.")
        return 0
    print(f"nara-vard build: {'--force' if force and not changes else 'changed: ' + '; '.join(changes)}", flush=True)
    state.forget_all()
    code = run_dbt(["build", *dbt_args])
    if code == 0:
        state.record_build(fingerprint, dbt_args)
    print(f"build database: {warehouse_path()} (the engineers' only; "
          f"`nara-vard publish` copies the public tables to {published_dir()} for BI tools)")
    return code


def _cmd_dbt(args: argparse.Namespace) -> int:
    command = _dbt_subcommand(args.dbt_args)
    opens_db = command in DBT_COMMANDS_OPENING_DB or (command == "docs" and "generate" in args.dbt_args)
    if opens_db and os.environ.get("NARA_VARD_TARGET", "dev") == "dev":
        locked = build_database_locked(f"dbt {command}")
        if locked is not None:
            return locked
    _forget_build_state()  # any dbt command may change the build database or the target files
    target = _dbt_target(args.dbt_args)
    if command in ("run", "build") and target in ("postgres", "spark"):
        rest = list(args.dbt_args)
        rest.remove(command)
        return _run_server_engine(target, command, rest)
    return run_dbt(args.dbt_args)


def _forget_build_state() -> None:
    from nara_vard.build_state import BuildState

    BuildState().forget_all()


def _cmd_paths(args: argparse.Namespace) -> int:
    print(f"repository : {REPO_ROOT}")
    print(f"landing    : {landing_dir()}  (env NARA_VARD_LANDING)")
    print(f"warehouse  : {warehouse_path()}  (env NARA_VARD_DB; the engineers' build database)")
    print(f"published  : {published_dir()}  (env NARA_VARD_PUBLISHED; what BI tools read)")
    print(f"dbt target : {dbt_target_path()}  (env DBT_TARGET_PATH)")
    print(f"reports    : {reports_dir()}  (env NARA_VARD_REPORTS)")
    return 0


def _cmd_quality(args: argparse.Namespace) -> int:
    from nara_vard.quality import run_quality  # Great Expectations is imported in there, only when used

    locked = build_database_locked("quality", Path(args.db) if args.db else None)  # it writes its results there
    if locked is not None:
        return locked
    return run_quality(db=Path(args.db) if args.db else None, out=Path(args.out) if args.out else None)


def _cmd_review_page(args: argparse.Namespace) -> int:
    from nara_vard.review_page import run_review_page

    return run_review_page(db=Path(args.db) if args.db else None, out=Path(args.out) if args.out else None)


def _cmd_serve(args: argparse.Namespace) -> int:
    from nara_vard.api.server import serve

    return serve(Path(args.published) if args.published else published_dir(), host=args.host, port=args.port,
                 log_level=args.log_level, header_timeout=args.header_timeout)


def _cmd_publish(args: argparse.Namespace) -> int:
    from nara_vard.publish import run_publish

    return run_publish(db=Path(args.db) if args.db else None,
                       target_path=Path(args.target_path) if args.target_path else None,
                       out=Path(args.out) if args.out else None, rollback_=args.rollback)


def _cmd_export(args: argparse.Namespace) -> int:
    from nara_vard.exports import run_export

    return run_export(published=Path(args.published) if args.published else None,
                      target_path=Path(args.target_path) if args.target_path else None)


def _cmd_report(args: argparse.Namespace) -> int:
    from nara_vard.report import run_report

    return run_report(published=Path(args.published) if args.published else None,
                      out=Path(args.out) if args.out else None)


def _cmd_docs(args: argparse.Namespace) -> int:
    from nara_vard.docs_site import run_docs

    # `dbt docs generate` opens the build database for the catalog: the same check as `nara-vard dbt docs generate`.
    if os.environ.get("NARA_VARD_TARGET", "dev") == "dev":
        locked = build_database_locked("docs")
        if locked is not None:
            return locked
    return run_docs(run_dbt, target_path=Path(args.target_path) if args.target_path else None,
                    out=Path(args.out) if args.out else None)


def _cmd_compare_engines(args: argparse.Namespace) -> int:
    from nara_vard import engine_compare
    from nara_vard.paths import REPO_ROOT, warehouse_path

    reference = Path(args.reference) if args.reference else warehouse_path()
    scratch = Path(tempfile.mkdtemp(prefix="nara_vard_compare_"))
    fast_check = None
    if args.engine == "postgres":
        pg = {"host": args.pg_host, "port": args.pg_port, "user": args.pg_user, "dbname": args.pg_dbname}
        other = engine_compare.postgres_fetcher(**pg)
        fast_check = engine_compare.postgres_fast_check(scratch, **pg)
    elif args.engine == "spark":
        home = Path(os.environ.get("NARA_VARD_SPARK_HOME", REPO_ROOT / "build" / "spark"))
        other = engine_compare.parquet_warehouse_fetcher(
            Path(args.spark_warehouse) if args.spark_warehouse else home / "warehouse")
    else:
        if not args.other_db:
            print("nara-vard compare-engines: --engine duckdb needs --other-db", file=sys.stderr)
            return 2
        other = engine_compare.duckdb_fetcher(Path(args.other_db))
    try:
        results = engine_compare.compare_engines(reference, other, fast_check=fast_check)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(engine_compare.format_report(results, args.engine))
    return 0 if results and all(r.equal for r in results) else 1


IF_CHANGED_HELP = ("skip if this step already ran, with its default options, after the last recorded build and "
                   "every step before it, and its output is untouched (what `make build` uses)")


def _cmd_load(args: argparse.Namespace) -> int:
    from nara_vard.postgres_load import load_landing

    landing = Path(args.landing) if args.landing else landing_dir()
    result = load_landing(landing)
    print(f"loaded {result.files} files, {result.bytes} bytes from {landing} into landing.raw_files "
          f"({len(result.sources)} source views) in {result.seconds:.1f} s")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nara-vard",
        description="nara_vard: follow-up of god och nära vård in Västra Götaland (dbt + DuckDB).",
        epilog="Typical use: `nara-vard generate` once, then `nara-vard build`. "
               "`make build` does both on a fresh clone.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    gen = sub.add_parser("generate", help="write synthetic source extracts into the landing folder",
                         description="Write every source of SOURCES.md, in its exact export layout, plus "
                                     "_manifest.json listing files, row counts and injected defects. The "
                                     "same seed gives byte-identical files. At scale 1 the region-level "
                                     "figures reproduce the published VGR table.")
    gen.add_argument("--scale", type=float, help="volume multiplier (default 1 = real region size)")
    gen.add_argument("--seed", type=int, help="random seed (default 42)")
    gen.add_argument("--start", help="first month, YYYY-MM (default 2022-01)")
    gen.add_argument("--end", help="last month, YYYY-MM (default 2024-01)")
    gen.add_argument("--month", metavar="YYYY-MM",
                     help="next-month delivery: add this month (the one after the landing's last) to an existing "
                          "generated landing, with the parameters of its _manifest.json; writes only the files "
                          "that delivery brings (the month's files, late corrections) and updates the manifest")
    gen.add_argument("--out", help="landing folder (default $NARA_VARD_LANDING or data/landing)")
    gen.add_argument("--if-absent", action="store_true", help="do nothing if the landing already has a manifest")
    gen.add_argument("--with-egenmonitorering", action="store_true",
                     help="also deliver the self-monitoring source (absent in the default landing)")
    gen.add_argument("--patient-sample", type=int, metavar="N",
                     help="the patient-level open-care extracts (vega_primarvard, vega_oppenvard) hold 1 patient "
                          "in N, by the last two hex digits of the pseudonymous id, stated in urval/urval_YYYY-MM.csv "
                          "(default: the power of two nearest 64 x scale, 64 at scale 1; 1 = every patient, the real "
                          "volume: ~9 M + 3 M contacts a year at scale 1)")
    gen.add_argument("--quiet", action="store_true", help="no progress lines")
    gen.set_defaults(func=_cmd_generate)

    build = sub.add_parser("build", help="dbt build: seeds, models and tests into the DuckDB warehouse",
                           description="Runs `dbt build` with the repository's profiles.yml; extra "
                                       "arguments are passed to dbt (e.g. --select marts). Skipped when "
                                       "nothing it depends on changed since the last successful build (landing "
                                       "files, project and code, dbt arguments, environment, run date, versions, "
                                       "the build database and target files as it left them); --force builds anyway.")
    build.add_argument("dbt_args", nargs=argparse.REMAINDER, help="extra dbt arguments")
    build.set_defaults(func=_cmd_build)

    dbt = sub.add_parser("dbt",
                         help="any dbt command with the project's environment (e.g. `nara-vard dbt docs generate`)",
                         description="Runs dbt with the repository's profiles.yml. `run` and `build` for --target "
                                     "postgres or spark without --select/--exclude run in three steps: dbt up to "
                                     "the disclosure cells, `nara-vard protect` (these engines cannot run dbt "
                                     "Python models), dbt from the suppression pattern on.")
    dbt.add_argument("dbt_args", nargs=argparse.REMAINDER, help="dbt arguments")
    dbt.set_defaults(func=_cmd_dbt)

    load = sub.add_parser("load", help="copy the landing files into another engine (PostgreSQL) as bytes",
                          description="Replaces landing.raw_files with every landing file (bytea, size, "
                                      "modification time, path as DuckDB's read_blob gives it) and creates one "
                                      "view landing.<source> per landing source, which the postgres target's "
                                      "base models read. Connection: NARA_VARD_PG_HOST/PORT/USER/PASSWORD/DATABASE "
                                      "(defaults 127.0.0.1:55413, postgres, nara_vard; tools/postgres_cluster.sh).")
    load.add_argument("--target", choices=["postgres"], required=True, help="the engine to load into")
    load.add_argument("--landing", help="landing folder (default $NARA_VARD_LANDING or data/landing)")
    load.set_defaults(func=_cmd_load)

    protect = sub.add_parser(
        "protect", help="solve the suppression pattern on PostgreSQL or Spark (DuckDB does it inside dbt build)",
        description="Reads intermediate.int_disclosure_cells and int_disclosure_relation_members from the engine, "
                    "runs the disclosure solver (nara_vard.disclosure, HiGHS) and writes "
                    "intermediate.disclosure_pattern, which the model int_disclosure_pattern_loaded reads. "
                    "`nara-vard build --target postgres|spark` runs it between its two dbt steps.")
    protect.add_argument("--target", choices=["postgres", "spark"], required=True)
    protect.add_argument("--threshold", type=int, help="min_cell_count (default: the project's var)")
    protect.set_defaults(func=_cmd_protect)

    audit = sub.add_parser(
        "audit-disclosure", help="attack the published artefact with a solver: can a hidden cell be narrowed down?",
        description="Reads only the published DuckDB file and, as a statistical office's audit does, writes down "
                    "every additive relation the published tables obey, then solves linear programs for the "
                    "smallest and largest value of every hidden cell. Fails (exit 1) if a hidden cell's largest "
                    "value is below the threshold, a hidden cell is pinned to one value, or a figure next to a "
                    "hidden cell gives it back. `nara-vard publish` runs the same audit before it publishes.")
    audit.add_argument("--published", help="published folder or DuckDB file (default warehouse/published)")
    audit.add_argument("--threshold", type=int, help="min_cell_count (default: the project's var)")
    audit.set_defaults(func=_cmd_audit_disclosure)

    paths = sub.add_parser("paths", help="show where the landing folder and the DuckDB file are")
    paths.set_defaults(func=_cmd_paths)

    quality = sub.add_parser("quality", help="Great Expectations checks on the raw base tables, with Data Docs",
                             description="Validates every raw base table (staging.base_*_lines) present in the "
                                         "warehouse with a Great Expectations suite per source, offline; builds "
                                         "GX Data Docs under OUT/gx and replaces data_quality.gx_validation_results "
                                         "(also written to OUT/gx_validation_results.csv). Failed expectations are "
                                         "findings: the exit code is 0 unless something crashed.")
    quality.add_argument("--db", help="DuckDB file (default $NARA_VARD_DB or warehouse/nara_vard.duckdb)")
    quality.add_argument("--out", help="report folder (default reports/quality)")
    quality.add_argument("--if-changed", action="store_true", help=IF_CHANGED_HELP)
    quality.set_defaults(func=_cmd_quality)

    review = sub.add_parser("review-page", help="one self-contained HTML page for the quality reviewer",
                            description="Reads the data_quality tables (read-only) and writes a single "
                                        "self-contained HTML page in Swedish: the municipalities' delivery "
                                        "heat map, a per-source summary, indicator usability and follow-up "
                                        "readiness, the most frequent findings and a link to the GX Data Docs.")
    review.add_argument("--db", help="DuckDB file (default $NARA_VARD_DB or warehouse/nara_vard.duckdb)")
    review.add_argument("--out", help="HTML file to write (default reports/quality/index.html)")
    review.add_argument("--if-changed", action="store_true", help=IF_CHANGED_HELP)
    review.set_defaults(func=_cmd_review_page)

    publish = sub.add_parser(
        "publish", help="publish the public mart tables for BI tools (never blocks them, never blocked by them)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="""\
Copies the dbt models marked `access: public` in the manifest from the build database (opened
read-only) into the published folder (default: published/ next to the build database,
env NARA_VARD_PUBLISHED):

  nara_vard.duckdb            the public tables, same schema and table names as in the build
  parquet/<table>.parquet     the same tables as Parquet
  _published.json             when, from which build and landing, row counts and SHA-256 per table
  nara_vard.previous.duckdb   the version replaced (also parquet.previous/, _published.previous.json)

BI tools and analysts read these, never the build database: DuckDB allows one writer, and any
process holding the file, even read-only, blocks it. The published DuckDB file is built complete
under a temporary name and renamed into place, so a reader with the old file open keeps the
complete old version, a new reader gets the complete new one, and nobody waits for a lock. Each
Parquet file is swapped the same way, but not the set as a whole.

Rolling back: `nara-vard publish --rollback` swaps the previous version (DuckDB file, Parquet
files and _published.json) back in the same atomic way; the current one becomes the previous,
so a second --rollback restores it. Only one previous version is kept.""")
    publish.add_argument("--db", help="build database to read (default $NARA_VARD_DB or warehouse/nara_vard.duckdb)")
    publish.add_argument("--target-path",
                         help="dbt target folder with manifest.json (default $DBT_TARGET_PATH or target)")
    publish.add_argument("--out",
                         help="published folder (default $NARA_VARD_PUBLISHED, else published/ next to the --db file)")
    publish.add_argument("--rollback", action="store_true",
                         help="put the previous published version back in place instead of publishing")
    publish.add_argument("--if-changed", action="store_true", help=IF_CHANGED_HELP)
    publish.set_defaults(func=_cmd_publish)

    serve = sub.add_parser(
        "serve", help="HTTP read API over the published copy: Kolada v2 compatible and native (OpenAPI at /docs)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="""\
Answers over HTTP from the published folder only (never the build database), bound to 127.0.0.1
unless --host says otherwise:

  /v2/...        Kolada's API version 2 (kpi, kpi_groups, municipality, municipality_groups, ou,
                 data/kpi/../municipality/../year/.., oudata/..): an existing Kolada client works by
                 pointing its base URL at http://127.0.0.1:8484/v2/
  /api/v1/...    months, quarters, every geography level, sex, intervals, significance, quality
                 flags, disclosure status, definitions; JSON, CSV (Swedish Excel) or Parquet;
                 `as_of=<publication id>` for an earlier publication (GET /api/v1/publications)
  /docs          the OpenAPI page

A new publication (`nara-vard publish`, `make build`) is picked up without a restart; a response is
always read from one publication, named in its X-Publication-Id header and ETag.""")
    serve.add_argument("--published", help="published folder (default $NARA_VARD_PUBLISHED, else published/ next "
                                            "to the build database)")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1, loopback only)")
    serve.add_argument("--port", type=int, default=8484, help="port (default 8484)")
    serve.add_argument("--log-level", default="info", choices=("critical", "error", "warning", "info", "debug"))
    serve.add_argument("--header-timeout", type=float, default=10.0,
                       help="seconds a client has to send a request's head before it gets 408 (default 10)")
    serve.set_defaults(func=_cmd_serve)

    export = sub.add_parser(
        "export", help="CSV files for Swedish Excel, one .xlsx workbook and a data dictionary, from the published copy",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="""\
Reads only the published artefact (<published>/nara_vard.duckdb, opened read-only) and writes
<published>/export/, replaced as a whole (written into .export.partial-<pid> beside it, then renamed in):

  indikatorvarden.csv          indicator values, rounded to each indicator's display decimals
  indikatorvarden_oavrundade.csv   the same, unrounded, for analysts
  oversikt.csv, trend.csv, kommunjamforelse.csv   the published table, Riktning/Nivå, the municipalities
                               against the region
  leveranser.csv, anvandbarhet.csv, uppfoljningsbarhet.csv, kvalitetsbetyg.csv   the quality tables
  nara_vard_indikatorer.xlsx   Översikt, one sheet per geography level, Om indikatorn, Teckenförklaring
  datakatalog.csv, datakatalog.md   every published table and column, 'Om indikatorn', licence
  _export.json                 when, from which published version, rows per file

On synthetic figures (_published.json: synthetic_data) every CSV and the workbook are named
SYNTETISKA_DATA_..., every CSV starts with the column Obs holding the notice, and every sheet says it.
CSV: UTF-8 with BOM, ';', decimal comma, no thousands separator, periods as Statistics Sweden writes them
(2023, 2022K1, 2024M01), dates YYYY-MM-DD, '..' where disclosure control hides a value, empty
where missing (the column 'Saknas därför' says why).""")
    export.add_argument("--published",
                        help="published folder to read and write export/ into (default $NARA_VARD_PUBLISHED, "
                             "else warehouse/published)")
    export.add_argument("--target-path",
                        help="dbt target folder whose manifest.json adds model versions to the data dictionary "
                             "(optional; default $DBT_TARGET_PATH or target)")
    export.add_argument("--if-changed", action="store_true", help=IF_CHANGED_HELP)
    export.set_defaults(func=_cmd_export)

    report = sub.add_parser(
        "report", help="the indicator report: one self-contained HTML page from the published artefact",
        description="Reads the report tables of the PUBLISHED DuckDB file (read-only, never the build database: "
                    "rpt_indicator_overview, rpt_indicator_overview_cells_v2, rpt_municipality_comparison_v2, "
                    "rpt_indicator_series_v2, dim_indicator, dim_label), its _published.json and the list of "
                    "export files, and writes one self-contained Swedish HTML page from the template "
                    "templates/report.html.j2: a headline summary, the overview with Riktning and Nivå, the "
                    "municipalities against the region with 95 % intervals, trend lines, 'Om indikatorerna' "
                    "and download links. Prints on A4 landscape.")
    report.add_argument("--published", help="published folder (default $NARA_VARD_PUBLISHED or warehouse/published)")
    report.add_argument("--out", help="HTML file to write (default reports/indikatorer/index.html)")
    report.add_argument("--if-changed", action="store_true", help=IF_CHANGED_HELP)
    report.set_defaults(func=_cmd_report)

    docs = sub.add_parser(
        "docs", help="the dbt docs site as one self-contained file (reports/docs/index.html)",
        description="Runs `dbt docs generate --static` (it reads the build database for the catalog) and "
                    "copies the single-file static_index.html to reports/docs/index.html, where the "
                    "reviewer's page and the indicator report link to it.")
    docs.add_argument("--target-path", help="dbt target folder for the generated files "
                                            "(default: docs/ in the dbt target folder, kept for partial parsing)")
    docs.add_argument("--out", help="HTML file to write (default reports/docs/index.html)")
    docs.add_argument("--if-changed", action="store_true", help=IF_CHANGED_HELP)
    docs.set_defaults(func=_cmd_docs)

    compare = sub.add_parser(
        "compare-engines", help="is another engine's build equal to DuckDB's? every marts and data_quality table",
        description="Compares every table of the schemas marts and data_quality of a DuckDB build with the same "
                    "tables built by PostgreSQL or Spark from the same landing: row for row after sorting, numbers "
                    "as numbers (floating point to 1e-9 relative), computed_at left out. Exit code 1 if any differs.")
    compare.add_argument("--engine", required=True, choices=("postgres", "spark", "duckdb"))
    compare.add_argument("--reference", help="the DuckDB build (default $NARA_VARD_DB or warehouse/nara_vard.duckdb)")
    compare.add_argument("--pg-host", default=os.environ.get("NARA_VARD_PG_HOST", "127.0.0.1"))
    compare.add_argument("--pg-port", type=int, default=int(os.environ.get("NARA_VARD_PG_PORT", "55413")))
    compare.add_argument("--pg-user", default=os.environ.get("NARA_VARD_PG_USER", "postgres"))
    compare.add_argument("--pg-dbname", default=os.environ.get("NARA_VARD_PG_DBNAME", "nara_vard"))
    compare.add_argument("--spark-warehouse",
                         help="Spark's warehouse folder "
                              "(default $NARA_VARD_SPARK_HOME/warehouse, build/spark/warehouse)")
    compare.add_argument("--other-db", help="with --engine duckdb: a second DuckDB file")
    compare.set_defaults(func=_cmd_compare_engines)
    return parser


#: the steps `make build` runs after `nara-vard build`, recorded in the build state (see build_state.py)
POST_BUILD_STEPS = ("quality", "publish", "export", "report", "docs", "review-page")
_STEP_OPTIONS = ("db", "out", "published", "target_path", "rollback")


def _run_step(args: argparse.Namespace) -> int:
    """Run a post-build step; with --if-changed skip it when it already ran for the current build.

    Only a run with the default options is recorded (or skipped); any real run forgets the steps after it.
    """
    from nara_vard.build_state import BuildState

    step = args.command
    default_options = not any(getattr(args, name, None) for name in _STEP_OPTIONS)
    state = BuildState()
    if args.if_changed and default_options and state.can_skip(step):
        print(f"nara-vard {step}: nothing changed since it ran for the build of {state.steps['build']['at']} "
              "(its output is as it left it): skipped")
        return 0
    state.forget_from(step)
    db_was_ours, key = state.db_signature_matches(), state.step_key(step)
    code = int(args.func(args))
    if code == 0 and default_options:
        BuildState().record_step(step, key, db_was_ours)
    return code


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    # `build` and `dbt` pass everything after them to dbt untouched (argparse would reorder options).
    if argv and argv[0] in ("build", "dbt") and not set(argv[1:2]) & {"-h", "--help"}:
        args = parser.parse_args(argv[:1])
        args.dbt_args = argv[1:]
    else:
        args = parser.parse_args(argv)
    if args.command in POST_BUILD_STEPS:
        return _run_step(args)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
