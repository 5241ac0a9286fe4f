"""Incremental builds: month by month into one warehouse gives exactly the warehouse a full refresh
of the same landing gives, and an incremental build parses only the files that are new or changed.

A small landing (scale 0.1, 2022-06 .. 2023-05) is built; then `nara-vard generate --month` adds
2023-06 and 2023-07 (the second brings late Vega corrections and a municipal `_v2` re-send), each
followed by an incremental build; then a delivery corrects a month 13 months back (a Vega episode
of 2022-06 re-sent with a later delivery date inside an already loaded file, so that file changes;
a municipality's 2022-06 report re-sent as `_v2`) and withdraws one file, and is built. Finally a
`--full-refresh` build of the same landing goes into a second DuckDB file and every table of the
base, intermediate, marts and data_quality layers must hold the same rows in both.

To stay within budget no build runs the data tests (the two warehouses being identical, their
results would be too), and the first two builds select only the incremental models and what they
depend on (`+config.materialized:incremental`): every other model is a table rebuilt whole by each
build, so its state depends only on the last build. Should a later model become incremental, the
selection takes it in.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from nara_vard.generator import GeneratorConfig, generate
from nara_vard.paths import REPO_ROOT

SMALL = {"seed": 7, "scale": 0.1, "start": "2022-06", "progress": False}
# Deadlines are judged against the run date unless as_of_date is given: fixed here, so that builds
# either side of midnight cannot differ for that reason alone.
VARS = "{as_of_date: '2023-08-20'}"
NO_TESTS = ["--exclude-resource-type", "test", "unit_test"]
INCREMENTAL_ONLY = ["--select", "+config.materialized:incremental"]
# Tables compared between the two warehouses: the base tables (staging views are queries over them)
# and every table of the later layers.
SCHEMAS = ("staging", "intermediate", "marts", "data_quality")
# Columns that legitimately differ between two builds of the same landing; nothing else may.
RUN_SPECIFIC = {
    "computed_at",  # fct_indicator_values_v1/v2: the build's start time (run_started_at)
}
CLI = Path(sys.executable).parent / "nara-vard"


def _build(landing: Path, db: Path, work: Path, *extra: str, parse_from: Path | None = None) -> None:
    env = {**os.environ, "NARA_VARD_DB": str(db), "NARA_VARD_LANDING": str(landing)}
    if parse_from is not None:  # a parse with these vars already exists: start from it (cli._seed_partial_parse)
        env["NARA_VARD_PARTIAL_PARSE_FROM"] = str(parse_from)
    result = subprocess.run([CLI, "build", "--target-path", str(work / "target"), "--log-path", str(work / "logs"),
                             "--vars", VARS, *extra], cwd=REPO_ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]


def _generate_month(landing: Path, month: str) -> None:
    from nara_vard.cli import main

    assert main(["generate", "--out", str(landing), "--month", month, "--quiet"]) == 0


def _file_state(landing: Path) -> dict[str, tuple[int, int]]:
    """Every landing file: (size, modification time in whole seconds, as read_blob reports it)."""
    return {str(p): (p.stat().st_size, int(p.stat().st_mtime)) for p in landing.glob("*/*") if p.is_file()}


def _files_read(target: Path) -> dict[str, set[str] | None]:
    """Per base model, the files its last run parsed, from its compiled SQL: the read_blob([...])
    list, the empty set for `where false`, None for a read of the whole folder (a full build)."""
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    out = {}
    for node in manifest["nodes"].values():
        if node["resource_type"] != "model" or not node["name"].startswith("base_"):
            continue
        sql = (target / "compiled" / "nara_vard" / node["original_file_path"]).read_text(encoding="utf-8")
        listed = re.search(r"read_blob\(\[(.*?)\]\)", sql, re.S)
        if listed:
            out[node["name"]] = set(re.findall(r"'((?:[^']|'')*)'", listed.group(1)))
        elif re.search(r"read_blob\('[^']*'\) where false\)", sql):
            out[node["name"]] = set()
        else:
            out[node["name"]] = None
    return out


def _folders(target: Path) -> dict[str, str]:
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    return {n["name"]: n["sources"][0][1] for n in manifest["nodes"].values()
            if n["resource_type"] == "model" and n["name"].startswith("base_")}


def _assert_only_changed_files_read(landing: Path, db: Path, target: Path, changed: set[str]) -> None:
    """Each base model parsed exactly the files new or changed since the previous build, plus (lines
    tables only) files that hold no lines at all (empty, header-only, unreadable: nothing to keep)."""
    read, folders = _files_read(target), _folders(target)
    with duckdb.connect(str(db), read_only=True) as con:
        for model, files in sorted(read.items()):
            assert files is not None, f"{model} read its whole landing folder on an incremental build"
            folder = str(landing / folders[model])
            expected = {f for f in changed if f.startswith(folder + "/")}
            assert expected <= files, f"{model} did not read the new or changed files {sorted(expected - files)}"
            extra = files - expected
            if extra:
                holding_rows = {r[0] for r in con.sql(f"select distinct file_path from staging.{model}").fetchall()}
                assert not extra & holding_rows, f"{model} re-read unchanged files {sorted(extra & holding_rows)}"


def _tables(con: duckdb.DuckDBPyConnection, catalog: str) -> set[tuple[str, str]]:
    return set(con.sql(f"""select table_schema, table_name from information_schema.tables
        where table_catalog = '{catalog}' and table_type = 'BASE TABLE'
          and table_schema in {SCHEMAS}""").fetchall())


def _differences(incremental: Path, full: Path) -> list[str]:
    problems = []
    with duckdb.connect(str(incremental), read_only=True) as con:
        con.execute(f"attach '{full}' as full_refresh (read_only)")
        inc_catalog = con.sql("select current_database()").fetchone()[0]
        tables, full_tables = _tables(con, inc_catalog), _tables(con, "full_refresh")
        if tables != full_tables:
            problems.append(f"tables only incremental: {sorted(tables - full_tables)}, "
                            f"only full refresh: {sorted(full_tables - tables)}")
        for schema, table in sorted(tables & full_tables):
            cols = con.sql(f"""select column_name, data_type from information_schema.columns
                where table_catalog = '{inc_catalog}' and table_schema = '{schema}' and table_name = '{table}'
                order by ordinal_position""").fetchall()
            full_cols = con.sql(f"""select column_name, data_type from information_schema.columns
                where table_catalog = 'full_refresh' and table_schema = '{schema}' and table_name = '{table}'
                order by ordinal_position""").fetchall()
            if cols != full_cols:
                problems.append(f"{schema}.{table}: columns differ: {cols} vs {full_cols}")
                continue
            # Parallel aggregation sums doubles in a varying order, so their last bits may differ
            # between any two builds (test_idempotence does the same): doubles compared to 9 decimals.
            select = ", ".join(f'round("{c}", 9) as "{c}"' if t in ("DOUBLE", "FLOAT") else f'"{c}"'
                               for c, t in cols if c not in RUN_SPECIFIC)
            for left, right, label in ((inc_catalog, "full_refresh", "only in the incremental build"),
                                       ("full_refresh", inc_catalog, "only in the full refresh")):
                query = (f'select {select} from {left}.{schema}."{table}" '
                         f'except all select {select} from {right}.{schema}."{table}"')
                n = con.sql(f"select count(*) from ({query})").fetchone()[0]
                if n:
                    sample = con.sql(f"{query} limit 3").fetchall()
                    problems.append(f"{schema}.{table}: {n} rows {label}, e.g. {sample}")
    return problems


def _correct_old_month(landing: Path, month: str) -> None:
    """A delivery correcting `month` (13 months back): one Vega episode discharged then is re-sent,
    discharge date 3 days later and a later delivery date, inside the latest Vega file (which
    therefore changes); one municipality's report for that month is re-sent as `_v2` with another
    count of enrolled 65+; and one telephone-waiting-time file is withdrawn from the landing."""
    vega = landing / "vega_slutenvard"
    with (vega / f"vega_slutenvard_{month}.csv").open(encoding="utf-8", newline="") as f:
        episode = next(row for row in csv.DictReader(f)
                       if row["utskrivningsdatum"].startswith(month) and row["utskrivningsdatum"][8:10] <= "20"
                       and row["verksamhet"] == "somatik")
    discharge = episode["utskrivningsdatum"]
    episode["utskrivningsdatum"] = f"{discharge[:8]}{int(discharge[8:10]) + 3:02d}"  # a longer stay
    episode["leveransdatum"] = "2023-08-15"
    # re-sent in the latest file's layout (from 2023-01 it has the diagnosis columns the old month lacks)
    latest = max(vega.glob("vega_slutenvard_*.csv"))
    with latest.open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    with latest.open("a", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerow([episode.get(column, "") for column in header])

    hsl = landing / "kommun_hsl"
    report = next(p for p in sorted(hsl.glob(f"hsl_*_{month}.csv"))
                  if p.read_text(encoding="utf-8").startswith("kommun_kod,manad,"))
    lines = report.read_text(encoding="utf-8").splitlines()
    fields = lines[1].split(",")
    fields[5] = str(int(fields[5]) + 250)  # antal_inskrivna_65_plus
    fields[6] = "2023-08-16"  # rapportdatum
    report.with_name(report.stem + "_v2.csv").write_text(lines[0] + "\n" + ",".join(fields) + "\n", encoding="utf-8")

    withdrawn = min((landing / "vantetider_telefon").glob("*.csv"))
    withdrawn.unlink()


@pytest.fixture(scope="module")
def warehouses(tmp_path_factory: pytest.TempPathFactory) -> dict:
    work = tmp_path_factory.mktemp("incremental")
    landing = work / "landing"
    generate(GeneratorConfig(out=landing, end="2023-05", **SMALL))
    db = work / "incremental.duckdb"
    _build(landing, db, work, *INCREMENTAL_ONLY, *NO_TESTS)
    steps = {}
    for month in ("2023-06", "2023-07"):
        before = _file_state(landing)
        _generate_month(landing, month)
        after = _file_state(landing)
        _build(landing, db, work, *(INCREMENTAL_ONLY if month == "2023-06" else []), *NO_TESTS)
        steps[month] = {f for f in after if before.get(f) != after[f]}
        _assert_only_changed_files_read(landing, db, work / "target", steps[month])

    query = """select indicator_id, geo_level, geo_code, sex, value from marts.fct_indicator_values_v2
               where period_type = 'month' and period_start = '2022-06-01'
                 and indicator_id in ('medelvardtid', 'hsl_inskrivna_65_per_1000')"""
    with duckdb.connect(str(db), read_only=True) as con:
        values_before = {r[:4]: r[4] for r in con.sql(query).fetchall()}
    before = _file_state(landing)
    _correct_old_month(landing, "2022-06")
    after = _file_state(landing)
    _build(landing, db, work, *NO_TESTS)
    steps["correction"] = {f for f in after if before.get(f) != after[f]}
    _assert_only_changed_files_read(landing, db, work / "target", steps["correction"])
    with duckdb.connect(str(db), read_only=True) as con:
        values_after = {r[:4]: r[4] for r in con.sql(query).fetchall()}

    full = work / "full_refresh.duckdb"
    _build(landing, full, work / "full", "--full-refresh", *NO_TESTS,
           parse_from=work / "target" / "partial_parse.msgpack")
    return {"db": db, "full": full, "steps": steps, "values": (values_before, values_after), "landing": landing}


def test_incremental_month_by_month_equals_a_full_refresh(warehouses: dict) -> None:
    problems = _differences(warehouses["db"], warehouses["full"])
    assert not problems, "incremental and full-refresh warehouses differ:\n" + "\n".join(problems)


def test_each_step_brought_what_it_should(warehouses: dict) -> None:
    """The steps exercise what they claim: new months, `_v2` re-sends, a changed file, a removed file."""
    steps, landing = warehouses["steps"], warehouses["landing"]
    assert any("vega_slutenvard_2023-06.csv" in f for f in steps["2023-07"])
    assert any(f.endswith("_2023-06_v2.csv") for f in steps["2023-07"])
    corrected = {Path(f).name for f in steps["correction"]}
    assert any(n.startswith("vega_slutenvard_") for n in corrected)
    assert any(n.endswith("_2022-06_v2.csv") for n in corrected)
    with duckdb.connect(str(warehouses["db"]), read_only=True) as con:
        telephone = {r[0] for r in con.sql("select file_name from staging.base_vantetider_telefon__files").fetchall()}
    assert telephone == {p.name for p in (landing / "vantetider_telefon").glob("*")}  # the withdrawn file is gone


def test_a_correction_thirteen_months_back_changes_that_month(warehouses: dict) -> None:
    before, after = warehouses["values"]
    assert before.keys() == after.keys()
    changed = {k for k in before if before[k] != after[k]}
    assert ("medelvardtid", "region", "14", "T") in changed, sorted(changed)[:10]
    assert any(k[0] == "hsl_inskrivna_65_per_1000" for k in changed), sorted(changed)[:10]


def test_a_changed_base_model_tells_the_user_to_full_refresh() -> None:
    """on_schema_change: fail stops the build; the CLI then names the model and the way out."""
    from types import SimpleNamespace

    from nara_vard.cli import _incremental_models_out_of_sync

    def failed(name: str, message: str) -> SimpleNamespace:
        return SimpleNamespace(node=SimpleNamespace(name=name), message=message)

    run = SimpleNamespace(results=[
        failed("base_npe_primarvard__files", "The source and target schemas on this incremental model are out of sync!"),
        failed("base_vega_slutenvard__files", '"x" has no column file_path: it was built by an earlier version of the '
                                              "project. Rebuild it once with `nara-vard build --full-refresh`"),
        failed("fct_indicator_values", "Runtime Error: something else"),
        SimpleNamespace(node=SimpleNamespace(name="dim_period"), message=None),
    ])
    assert _incremental_models_out_of_sync(run) == ["base_npe_primarvard__files", "base_vega_slutenvard__files"]
    assert _incremental_models_out_of_sync(None) == []
