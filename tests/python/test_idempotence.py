"""Building is a function of the landing: twice the same landing gives identical marts, and a `_v2`
correction changes exactly the rows it should.

Both run on the suite's small landing (conftest's small_build: scale 0.1, 2023-01 .. 2023-07, built without
tests): the property does not depend on the landing's size, and small builds cost less than the default one."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from nara_vard.paths import REPO_ROOT

SCHEMAS = ("marts", "data_quality")
VOLATILE = {"computed_at", "run_at"}


def _build(landing: Path, work: Path, parse_from: Path | None = None) -> Path:
    db = work / "nara_vard.duckdb"
    env = {**os.environ, "NARA_VARD_DB": str(db), "NARA_VARD_LANDING": str(landing)}
    if parse_from is not None:  # the first build's parse of this landing (cli._seed_partial_parse)
        env["NARA_VARD_PARTIAL_PARSE_FROM"] = str(parse_from / "target" / "partial_parse.msgpack")
    cli = Path(sys.executable).parent / "nara-vard"
    # the tables are compared, not the data tests' verdicts (the suite's own build runs those): no tests here
    result = subprocess.run([cli, "build", "--target-path", str(work / "target"), "--log-path", str(work / "logs"),
                             "--exclude-resource-type", "test", "unit_test"],
                            cwd=REPO_ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-4000:]
    return db


def _checksums(db: Path) -> dict[str, tuple[int, int]]:
    """Per table: row count and an order-independent hash of all columns but build timestamps
    (floating-point columns rounded to 9 decimals)."""
    out = {}
    with duckdb.connect(str(db), read_only=True) as con:
        tables = con.sql(f"""select table_schema, table_name from information_schema.tables
                             where table_schema in {SCHEMAS} and table_name <> 'gx_validation_results'""").fetchall()
        for schema, table in tables:
            cols = [(c, t) for (c, t) in con.sql(f"""select column_name, data_type from information_schema.columns
                    where table_schema = '{schema}' and table_name = '{table}' order by ordinal_position""").fetchall()
                    if c not in VOLATILE]
            # Parallel aggregation sums doubles in a varying order, so their last bits may differ
            # between builds: compare floating values to 9 decimals, everything else exactly.
            quoted = ", ".join(f'round("{c}", 9)' if t in ("DOUBLE", "FLOAT", "REAL") else f'"{c}"' for c, t in cols)
            out[f"{schema}.{table}"] = con.sql(f'select count(*), bit_xor(hash({quoted})) from {schema}."{table}"').fetchone()
    return out


@pytest.fixture(scope="module")
def first_build(small_build: Path) -> tuple[Path, Path]:
    """(the small landing, its first build): conftest's small build, which other tests share."""
    return small_build / "landing", small_build / "nara_vard.duckdb"


def test_building_twice_gives_identical_marts(first_build: tuple[Path, Path], tmp_path: Path) -> None:
    landing, built = first_build
    again = _build(landing, tmp_path, parse_from=built.parent)
    first, second = _checksums(built), _checksums(again)
    assert len(first) >= 15
    assert first == second


def test_a_v2_correction_changes_exactly_the_affected_rows(first_build: tuple[Path, Path], tmp_path: Path) -> None:
    small_landing, first = first_build
    manifest = json.loads((small_landing / "_manifest.json").read_text(encoding="utf-8"))
    touched = {d.get("org_code") for d in manifest["defects"] if d["source"] == "kommun_hsl"}
    code = next(c for c, d in sorted(manifest["kommun_hsl_dialects"].items()) if d == "A" and c not in touched)
    landing = tmp_path / "landing"
    shutil.copytree(small_landing, landing)
    original = (landing / "kommun_hsl" / f"hsl_{code}_2023-05.csv").read_text(encoding="utf-8").splitlines()
    fields = original[1].split(",")
    fields[5] = str(int(fields[5]) + 100)          # antal_inskrivna_65_plus corrected upwards
    fields[6] = "2023-06-30"                        # re-sent later
    (landing / "kommun_hsl" / f"hsl_{code}_2023-05_v2.csv").write_text(
        original[0] + "\n" + ",".join(fields) + "\n", encoding="utf-8")
    corrected = _build(landing, tmp_path / "build", parse_from=first.parent)

    query = """select indicator_id, geo_level, geo_code, period_type, period_start::varchar, value
               from marts.fct_indicator_values"""
    with duckdb.connect(str(first), read_only=True) as con:
        before = {r[:5]: r[5] for r in con.sql(query).fetchall()}
        area = con.sql(f"""select lower(strip_accents(kommunalforbund_name)), lower(strip_accents(delregional_namnd_name))
                           from reference.reference__municipalities where municipality_code = '{code}'""").fetchone()
    with duckdb.connect(str(corrected), read_only=True) as con:
        after = {r[:5]: r[5] for r in con.sql(query).fetchall()}
    assert before.keys() == after.keys()
    changed = {k for k in before if before[k] != pytest.approx(after[k]) and not (before[k] is None and after[k] is None)}
    geos = {("region", "14"), ("kommun", code), ("kommunalforbund", area[0].replace(" ", "_")),
            ("delregional_namnd", area[1].replace(" ", "_"))}
    periods = {("month", "2023-05-01"), ("quarter", "2023-04-01"), ("year", "2023-01-01")}
    expected = {("hsl_inskrivna_65_per_1000", g[0], g[1], p[0], p[1]) for g in geos for p in periods}
    assert changed == expected
