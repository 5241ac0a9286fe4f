"""The same project on PostgreSQL, proven equal to DuckDB (issue 13).

A throw-away cluster (tools/postgres_cluster.sh, under build/postgres-test, its own port) is started
for the session and stopped at the end, also when a test fails. Two databases:
- `nara_vard`: the default landing loaded (`nara-vard load --target postgres`), then dbt build
  (seeds, models, data tests) for the postgres target; every marts and data_quality table must equal the
  suite's DuckDB build of the same landing (conftest's built_warehouse), built with the same
  as_of_date (nara_vard.engine_compare);
- `nara_vard_crafted`: a small landing of the files where the engines differ (Windows-1252 bytes
  undefined in that code page, NUL bytes, UTF-16, mixed CRLF, byte-order marks, broken quotes,
  personnummer, upper-case Swedish headers) plus the committed nasty corpus; only the base models
  are built, on both engines, and every base table must be equal.
The least-privilege tests (issue 25) connect to `nara_vard` as the reader role the cluster script creates
(dbt var reader_role): it reads every public model and is denied on every other relation in the catalogue.

Part of `make test` (and so of CI): it sets NARA_VARD_TEST_POSTGRES=1; a plain `pytest` skips it.
About 4 minutes on 2 cores, most of it `dbt build`. `make test-postgres` runs this file alone. Seconds
of each step are printed and written to <tmp>/postgres_timings.json.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from nara_vard import engine_compare
from nara_vard.paths import REPO_ROOT
from nara_vard.project_vars import project_vars

pytestmark = pytest.mark.skipif(
    os.environ.get("NARA_VARD_TEST_POSTGRES") != "1",
    reason="PostgreSQL engine tests run with NARA_VARD_TEST_POSTGRES=1 (make test-postgres)",
)

AS_OF_DATE = "2026-11-30"
VARS = f'{{as_of_date: "{AS_OF_DATE}"}}'
CLUSTER = REPO_ROOT / "tools" / "postgres_cluster.sh"
PG_HOME = REPO_ROOT / "build" / "postgres-test"
PG_PORT = os.environ.get("NARA_VARD_TEST_PG_PORT", "55414")
CRAFTED_DB = "nara_vard_crafted"
CLI = Path(sys.executable).parent / "nara-vard"
BASE_SELECTOR = "path:models/staging/*/base"

TIMINGS: dict[str, float] = {}


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, "NARA_VARD_PG_HOME": str(PG_HOME), "NARA_VARD_PG_PORT": PG_PORT,
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", **extra}


def _run(args: list[str | Path], env: dict[str, str], step: str | None = None) -> str:
    started = time.perf_counter()
    result = subprocess.run([str(a) for a in args], cwd=REPO_ROOT, env=env, capture_output=True, text=True)
    if step:
        TIMINGS[step] = round(time.perf_counter() - started, 1)
        print(f"{step}: {TIMINGS[step]} s")
    assert result.returncode == 0, f"{args}\n{result.stdout[-8000:]}\n{result.stderr[-4000:]}"
    return result.stdout


def _pg_fetcher(dbname: str) -> engine_compare.Fetcher:
    return engine_compare.postgres_fetcher(host="127.0.0.1", port=int(PG_PORT), user="postgres", dbname=dbname)


@pytest.fixture(scope="session")
def pg_cluster(tmp_path_factory: pytest.TempPathFactory):
    """A fresh cluster with the databases nara_vard and nara_vard_crafted; stopped at the end, always."""
    # a cluster left running by an interrupted session is stopped before its folder is removed
    subprocess.run([str(CLUSTER), "stop"], cwd=REPO_ROOT, env=_env(), capture_output=True)
    shutil.rmtree(PG_HOME, ignore_errors=True)
    try:
        started = time.perf_counter()
        _run([CLUSTER, "start"], _env())
        TIMINGS["cluster_start"] = round(time.perf_counter() - started, 1)
        _run([CLUSTER, "start"], _env(NARA_VARD_PG_DBNAME=CRAFTED_DB))
        yield PG_HOME
    finally:
        subprocess.run([str(CLUSTER), "stop"], cwd=REPO_ROOT, env=_env(), capture_output=True)
        out = tmp_path_factory.getbasetemp() / "postgres_timings.json"
        out.write_text(json.dumps(TIMINGS, indent=2))
        print(f"timings (s): {TIMINGS} -> {out}")


@pytest.fixture(scope="session")
def duckdb_reference(built_warehouse: Path) -> Path:
    """The suite's DuckDB build of the default landing (conftest's built_warehouse: one build serves
    every test); the PostgreSQL build gets the same as_of_date, read from it."""
    return built_warehouse


def _as_of_date(duckdb_file: Path) -> str:
    import duckdb

    with duckdb.connect(str(duckdb_file), read_only=True) as con:
        return str(con.execute("select max(as_of_date) from intermediate.int_follow_up_window").fetchone()[0])


@pytest.fixture(scope="session")
def postgres_build(pg_cluster: Path, default_landing: Path, duckdb_reference: Path,
                   tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default landing loaded into PostgreSQL, then dbt build with the data tests (the unit tests
    check model logic with fixtures: DuckDB runs them): the target folder."""
    work = tmp_path_factory.mktemp("postgres_build")
    env = _env(NARA_VARD_LANDING=str(default_landing), NARA_VARD_DB=str(work / "unused.duckdb"))
    _run([CLI, "load", "--target", "postgres"], env, "postgres_load")
    variables = f'{{as_of_date: "{_as_of_date(duckdb_reference)}"}}'
    common = ["--target", "postgres", "--target-path", work / "target", "--log-path", work / "logs",
              "--vars", variables]
    # one build (seeds, models, data tests) instead of seed + run + test: dbt starts twice, not four times
    _run([CLI, "dbt", "build", *common, "--exclude-resource-type", "unit_test"], env, "postgres_build")
    return work / "target"


def test_every_mart_and_data_quality_table_equals_duckdb(postgres_build: Path, duckdb_reference: Path,
                                                         tmp_path: Path) -> None:
    started = time.perf_counter()
    # the fast check (COPY to CSV, EXCEPT ALL in DuckDB) decides most tables; the others go row by row
    fast = engine_compare.postgres_fast_check(tmp_path, host="127.0.0.1", port=int(PG_PORT), user="postgres",
                                                dbname="nara_vard")
    results = engine_compare.compare_engines(duckdb_reference, _pg_fetcher("nara_vard"), fast_check=fast)
    TIMINGS["fast_checked"] = sum(r.detail == "fast check" for r in results)
    TIMINGS["compared_row_by_row"] = sum(r.detail != "fast check" for r in results)
    TIMINGS["compare"] = round(time.perf_counter() - started, 1)
    report = engine_compare.format_report(results, "postgres")
    print(report)
    assert results, "no marts or data_quality tables in the DuckDB build"
    assert all(r.equal for r in results), report


def test_compiled_postgres_sql_is_portable(postgres_build: Path) -> None:
    from nara_vard.portability import check_compiled_sql

    # PostgreSQL's own SQL in the postgres__ macros is allowed there: portability.ENGINE_NATIVE['postgres']
    problems = check_compiled_sql(postgres_build / "compiled", "postgres")
    assert not problems, "\n".join(map(str, problems[:40]))


# ---------------------------------------------------------------------------------------------
# Least privilege (issue 25): the reader role a BI user is given sees the public models and nothing else.

READER = str(project_vars()["reader_role"])  # dbt var reader_role; tools/postgres_cluster.sh creates the role
# the layers a reader must not reach, each of which must hold at least one built relation (so the test can fail)
INTERNAL_SCHEMAS = ("landing", "reference", "staging", "intermediate", "data_quality")
TABLE_PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER")


def _manifest(target: Path) -> dict[str, Any]:
    return json.loads((target / "manifest.json").read_text(encoding="utf-8"))


def _catalog_relations(con: Any) -> dict[tuple[str, str], str]:
    """(schema, relation) -> owner of every table, view and materialised view the build left in the database."""
    with con.cursor() as cursor:
        cursor.execute("""
            select n.nspname, c.relname, pg_get_userbyid(c.relowner)
            from pg_class as c
            inner join pg_namespace as n on n.oid = c.relnamespace
            where c.relkind in ('r', 'v', 'm', 'p', 'f')
              and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%'
        """)
        return {(schema, name): owner for schema, name, owner in cursor.fetchall()}


def test_grants_are_exactly_the_public_models(postgres_build: Path, duckdb_reference: Path) -> None:
    """The rule, read from what dbt parsed: on postgres every `access: public` model grants SELECT to the
    reader and no other node (model, seed, test, ...) grants anything; on DuckDB nothing grants at all
    (Spark takes the same branch of the YAML expression as DuckDB: `{}`, so dbt-spark never runs a DCL)."""
    public, granted = set(), set()
    for unique_id, node in _manifest(postgres_build)["nodes"].items():
        grants = (node.get("config") or {}).get("grants") or {}
        if grants:
            granted.add(unique_id)
        if node["resource_type"] == "model" and node.get("access") == "public":
            public.add(unique_id)
            assert grants == {"select": [READER]}, f"{unique_id}: grants {grants}"
    assert public, "no public models in the postgres manifest"
    assert granted == public, f"grants on models that are not public: {sorted(granted - public)}"
    duckdb_target = duckdb_reference.parent / "target"
    on_duckdb = [uid for uid, node in _manifest(duckdb_target)["nodes"].items()
                 if (node.get("config") or {}).get("grants")]
    assert not on_duckdb, f"grants on the DuckDB target: {on_duckdb[:10]}"


def test_reader_role_reads_the_public_models_and_nothing_else(postgres_build: Path) -> None:
    """Connected as the reader role: every public model can be read; every other relation the build made
    (found in the catalogue, not listed by hand) is denied, also in a schema the reader may enter
    (data_quality's internals); the reader holds no other privilege and owns nothing."""
    import psycopg2
    from psycopg2 import errors, sql

    from nara_vard.publish import public_tables

    public = {(t.schema, t.table) for t in public_tables(_manifest(postgres_build))}
    admin = psycopg2.connect(host="127.0.0.1", port=int(PG_PORT), user="postgres", dbname="nara_vard")
    try:
        relations = _catalog_relations(admin)
        with admin.cursor() as cursor:
            cursor.execute("""
                select n.nspname, c.relname, p.privilege
                from pg_class as c
                inner join pg_namespace as n on n.oid = c.relnamespace
                cross join unnest(%s::text []) as p (privilege)
                where c.relkind in ('r', 'v', 'm', 'p', 'f')
                  and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%%'
                  and has_table_privilege(%s, c.oid, p.privilege)
            """, (list(TABLE_PRIVILEGES), READER))
            privileges = set(cursor.fetchall())
            cursor.execute("""
                select nspname, has_schema_privilege(%s, oid, 'USAGE'), has_schema_privilege(%s, oid, 'CREATE')
                from pg_namespace
                where nspname not in ('pg_catalog', 'information_schema', 'public') and nspname not like 'pg_%%'
            """, (READER, READER))
            schemas = {name: (usage, create) for name, usage, create in cursor.fetchall()}
    finally:
        admin.close()

    assert public <= set(relations), f"public models not built: {sorted(public - set(relations))}"
    denied = sorted(set(relations) - public)
    for schema in INTERNAL_SCHEMAS:
        assert any(s == schema for s, _ in denied), f"no relation in {schema}: the test would prove nothing there"
    # the unsuppressed cells and the quarantined rows (personnummer masked, but raw lines) in particular
    assert {("intermediate", "int_disclosure_cells"), ("data_quality", "dq_quarantine"),
            ("intermediate", "int_indicator_values_measured")} <= set(denied)
    # the build role owns every relation; the reader owns nothing and may do nothing but select the public ones
    assert READER not in set(relations.values())
    assert privileges == {(s, t, "SELECT") for s, t in public}, sorted(privileges ^ {(s, t, "SELECT") for s, t in public})
    public_schemas = {s for s, _ in public}
    assert {name for name, (usage, _) in schemas.items() if usage} == public_schemas == {"marts", "data_quality"}
    assert not [name for name, (_, create) in schemas.items() if create]

    reader = psycopg2.connect(host="127.0.0.1", port=int(PG_PORT), user=READER, dbname="nara_vard")
    reader.autocommit = True  # each denied select is its own statement, not an aborted transaction
    try:
        with reader.cursor() as cursor:
            cursor.execute("select current_user")
            assert cursor.fetchone() == (READER,)
            rows: dict[tuple[str, str], int] = {}
            for schema, table in sorted(public):
                cursor.execute(sql.SQL("select count(*) from {}.{}").format(sql.Identifier(schema),
                                                                             sql.Identifier(table)))
                count = cursor.fetchone()
                assert count is not None
                rows[(schema, table)] = count[0]
            assert rows[("marts", "fct_indicator_values_v2")] > 0 and rows[("marts", "dim_indicator")] > 0
            readable = []
            for schema, table in denied:
                try:
                    cursor.execute(sql.SQL("select * from {}.{} limit 1").format(sql.Identifier(schema),
                                                                                  sql.Identifier(table)))
                    readable.append(f"{schema}.{table}")
                except errors.InsufficientPrivilege:
                    pass
    finally:
        reader.close()
    assert not readable, f"the reader role can read internal relations: {readable}"
    TIMINGS["reader_public_relations"] = len(public)
    TIMINGS["reader_denied_relations"] = len(denied)
    print(f"reader role {READER}: reads {len(public)} public relations, denied on {len(denied)} others "
          f"({', '.join(f'{s}: {sum(d[0] == s for d in denied)}' for s in sorted({d[0] for d in denied}))})")


# ---------------------------------------------------------------------------------------------
# The files where the engines differ: the base tables (one row per file, per data line) must agree.

WIN1252_ALL_HIGH = bytes(range(0x80, 0xA0))  # the 27 defined bytes and the 5 undefined (0x81 0x8D 0x8F 0x90 0x9D)


def engine_difference_files() -> dict[str, bytes]:
    """<source>/<file> -> bytes: one file per way PostgreSQL's text handling differs from DuckDB's."""
    hsl = "kommun_hsl"
    header = "Kommun;Månad;Patienter hemsjukvård;Patienter SÄBO;Hembesök;Inskrivna 65+;Rapportdatum"
    row = "1480;januari 2025;10;5;100;20;2025-02-10"
    return {
        # Windows-1252 with every byte 0x80-0x9F in a field and upper-case Å Ä Ö in the header
        f"{hsl}/hsl_1480_2025-01.csv": (header.upper().replace("MÅNAD", "Månad") + "\r\n").encode("cp1252")
        + b"1480;januari 2025;10;5;100;20;" + WIN1252_ALL_HIGH + b"\r\n",
        # only the undefined bytes
        f"{hsl}/hsl_1481_2025-01.csv": (header + "\n").encode("cp1252") + b"1481;\x81\x8d\x8f\x90\x9d;1;2;3;4;2025-02-10\n",
        # NUL bytes in valid UTF-8, and in Windows-1252
        f"{hsl}/hsl_1482_2025-01.csv": (header + "\n" + row + "\x00\n").encode("utf-8"),
        f"{hsl}/hsl_1483_2025-01.csv": (header + "\n").encode("cp1252") + b"1483;\xe5\x00;1\n",
        # UTF-16 with and without a header line, a workbook, an old workbook
        f"{hsl}/hsl_1484_2025-01.csv": (header + "\n" + row + "\n").encode("utf-16"),
        f"{hsl}/hsl_1485_2025-01.xlsx": b"PK\x03\x04" + b"\x00" * 20,
        f"{hsl}/hsl_1486_2025-01.xls": bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 20,
        # mixed line ends, blank and separator-only lines, CR-only line, no final line end
        "vantetider_telefon/telefon_mixed.csv": b"a;b;c\r\n1;2;3\n\r\n;;;\r\n \t;\xc2\xa0\n4;5;6\r\r\n7;8;9",
        # byte-order marks: UTF-8 with one and with two
        "vantetider_telefon/telefon_bom.csv": "\ufeffa,b\n1,2\n".encode("utf-8"),
        "vantetider_telefon/telefon_bom2.csv": "\ufeff\ufeffa,b\n1,2\n".encode("utf-8"),
        # invalid UTF-8 (a lone continuation byte) in otherwise UTF-8 text: read as Windows-1252
        "vantetider_telefon/telefon_mojibake.csv": "a;b\nGöteborg;1\n".encode() + b"\xe9;2\n",
        # empty, header only, blank first line, only line ends
        "vantetider_telefon/telefon_empty.csv": b"",
        "vantetider_telefon/telefon_header_only.csv": b"a;b\r\n",
        "vantetider_telefon/telefon_blank_first.csv": b"\n\na;b\n1;2\n",
        "vantetider_telefon/telefon_newlines.csv": b"\n\n\n",
        # quotes: doubled, separators inside, unterminated, a quote inside an unquoted field; tab-separated
        "samsa_sip/sip_quotes.csv": b'a;b;c\n"x"";"y;z\n"unterminated;1;2\n a"b ; "c;d" ;e\n"";"";""\n',
        "samsa_sip/sip_tabs.csv": b'a\tb\tc\n"1\t2"\t 3 \t"x""y"\n\t\t\n',
        "samsa_sip/sip_commas.csv": b'a,b,c\n"1,5", 2 ,"3"\n,,\n',
        # personnummer and samordningsnummer in fields, one spanning the line, digits around them
        "samsa_sip/sip_personnummer.csv": (
            b"id;note;x\n1;19121212-1212;a\n2;6408833223;b\n3;tel 1234567890;c\n"
            b"4;x191212121212y;d\n5;121212-1212 och 640883-3223;e\n6;2012121212123;f\n7;a;121212+1212\n"
        ),
        # headers that need the key: case, Swedish letters, '+', spaces; a hidden file counts too
        "vega_vardplatser/.hidden.csv": "DATUM;Sjukhus Kod;Disponibla vårdplatser;BELAGDA VÅRDPLATSER\n2025-01-01;SU;1;2\n"
        .encode("cp1252"),
    }


@pytest.fixture(scope="session")
def crafted_landing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    landing = tmp_path_factory.mktemp("crafted_landing")
    corpus = Path(__file__).resolve().parent / "fixtures" / "nasty_corpus"
    shutil.copytree(corpus, landing, dirs_exist_ok=True)
    for name, content in engine_difference_files().items():
        path = landing / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return landing


def test_base_tables_of_the_engine_differences_equal_duckdb(
    pg_cluster: Path, crafted_landing: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    work = tmp_path_factory.mktemp("crafted_builds")
    duck = work / "crafted.duckdb"
    duck_env = {**os.environ, "NARA_VARD_DB": str(duck), "NARA_VARD_LANDING": str(crafted_landing)}
    _run([CLI, "dbt", "run", "--select", BASE_SELECTOR, "--vars", VARS, "--target-path", work / "target-duckdb",
          "--log-path", work / "logs"], duck_env)
    pg_env = _env(NARA_VARD_LANDING=str(crafted_landing), NARA_VARD_PG_DBNAME=CRAFTED_DB,
                  NARA_VARD_DB=str(work / "unused.duckdb"))
    _run([CLI, "load", "--target", "postgres"], pg_env)
    _run([CLI, "dbt", "run", "--target", "postgres", "--select", BASE_SELECTOR, "--vars", VARS,
          "--target-path", work / "target-postgres", "--log-path", work / "logs"], pg_env)
    tables = [t for t in engine_compare.reference_tables(duck, ("staging",)) if t[1].startswith("base_")]
    # two base models (file inventory, lines) per landing source
    assert len(tables) == 2 * len(project_vars()["landing_sources"])
    results = engine_compare.compare_engines(duck, _pg_fetcher(CRAFTED_DB), tables)
    report = engine_compare.format_report(results, "postgres")
    assert all(r.equal for r in results), report
    # the crafted files reached the tables they test (not silently dropped on both engines)
    _, rows = _pg_fetcher(CRAFTED_DB)("staging", "base_kommun_hsl__files")
    names = {row[1] for row in rows}
    assert {"hsl_1480_2025-01.csv", "hsl_1482_2025-01.csv", "hsl_1485_2025-01.xlsx"} <= names


def test_loader_gives_what_read_blob_gives(pg_cluster: Path, crafted_landing: Path) -> None:
    """filename, size and last_modified (whole seconds, UTC) of every file as DuckDB's read_blob lists them."""
    import duckdb

    env = _env(NARA_VARD_LANDING=str(crafted_landing), NARA_VARD_PG_DBNAME=CRAFTED_DB)
    _run([CLI, "load", "--target", "postgres"], env)
    _, pg_rows = _pg_fetcher(CRAFTED_DB)("landing", "raw_files")
    pg = sorted((r[5], r[4], r[3], bytes(r[2])) for r in pg_rows)
    with duckdb.connect() as con:
        duck = sorted(
            (f, s, m, c) for f, s, m, c in con.execute(
                f"select filename, size, last_modified, content from read_blob('{crafted_landing.resolve()}/*/*')"
            ).fetchall()
        )
    assert pg == duck
