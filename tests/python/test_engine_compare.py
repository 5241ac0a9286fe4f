"""The engine comparison itself must catch every kind of difference and forgive only what it says it does."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from nara_vard import engine_compare
from nara_vard.cli import main as cli_main

REFERENCE_SQL = """
create schema marts;
create schema data_quality;
create schema staging;
create table marts.values_table (
    indicator_code varchar, period_date date, value double, numerator hugeint, computed_at timestamp
);
insert into marts.values_table values
    ('medelvardtid', date '2023-01-01', 4.123456789012, 1200, timestamp '2026-11-30 10:00:00'),
    ('medelvardtid', date '2023-02-01', 0.1 + 0.2, 1100, timestamp '2026-11-30 10:00:00'),
    ('sip_antal', date '2023-01-01', null, 5, timestamp '2026-11-30 10:00:00'),
    ('sip_antal', date '2023-01-01', null, 5, timestamp '2026-11-30 10:00:00');
create table data_quality.findings (source varchar, found_at timestamptz, is_blocking boolean);
insert into data_quality.findings values ('kommun_hsl', timestamptz '2024-02-01 12:00:00+01', true);
create table staging.not_compared (x integer);
"""


def _make_db(path: Path, sql: str) -> Path:
    with duckdb.connect(str(path)) as con:
        con.execute(sql)
    return path


@pytest.fixture
def reference(tmp_path: Path) -> Path:
    return _make_db(tmp_path / "reference.duckdb", REFERENCE_SQL)


def _other(tmp_path: Path, *changes: str) -> Path:
    """A copy of the reference written another way, then changed by the given statements."""
    sql = """
    create schema marts;
    create schema data_quality;
    -- another column order, decimal instead of hugeint, rows in another order, other computed_at
    create table marts.values_table (
        numerator decimal(18, 0), value double, indicator_code varchar, period_date date, computed_at timestamp
    );
    insert into marts.values_table values
        (5, null, 'sip_antal', date '2023-01-01', timestamp '2027-01-01 00:00:00'),
        (1100, 0.3, 'medelvardtid', date '2023-02-01', timestamp '2027-01-01 00:00:00'),
        (5, null, 'sip_antal', date '2023-01-01', timestamp '2027-01-01 00:00:00'),
        (1200, 4.123456789012 * (1 + 1e-12), 'medelvardtid', date '2023-01-01', timestamp '2027-01-01 00:00:00');
    -- the same instant as naive UTC
    create table data_quality.findings (source varchar, found_at timestamp, is_blocking boolean);
    insert into data_quality.findings values ('kommun_hsl', timestamp '2024-02-01 11:00:00', true);
    """
    return _make_db(tmp_path / "other.duckdb", sql + ";\n".join(changes))


def _results(reference: Path, other: Path) -> dict[str, engine_compare.TableComparison]:
    results = engine_compare.compare_engines(reference, engine_compare.duckdb_fetcher(other))
    return {r.name: r for r in results}


def test_only_the_compared_schemas_are_listed(reference: Path) -> None:
    assert engine_compare.reference_tables(reference) == [
        ("data_quality", "findings"), ("marts", "values_table")
    ]


def test_equal_up_to_order_types_float_noise_time_zone_and_build_time(reference: Path, tmp_path: Path) -> None:
    results = _results(reference, _other(tmp_path))
    assert all(r.equal for r in results.values()), engine_compare.format_report(list(results.values()), "other")


@pytest.mark.parametrize(
    ("change", "broken", "expected_detail"),
    [
        ("update marts.values_table set value = value * (1 + 1e-7) where numerator = 1200",
         "marts.values_table", "only in DuckDB: 1 rows"),
        ("update marts.values_table set indicator_code = 'Medelvardtid' where numerator = 1100",
         "marts.values_table", "only in the other engine: 1 rows"),
        ("delete from marts.values_table where rowid = (select min(rowid) from marts.values_table where numerator = 5)",
         "marts.values_table", "4 rows vs 3"),
        ("update marts.values_table set value = 0 where value is null and rowid = 0",
         "marts.values_table", "only in DuckDB: 1 rows"),
        ("update data_quality.findings set found_at = found_at + interval 1 second",
         "data_quality.findings", "only in DuckDB"),
        ("update data_quality.findings set is_blocking = null", "data_quality.findings", "only in DuckDB"),
        ("alter table data_quality.findings drop column is_blocking",
         "data_quality.findings", "missing ['is_blocking']"),
        ("drop table data_quality.findings", "data_quality.findings", "cannot read it"),
    ],
)
def test_every_kind_of_difference_is_reported(
    reference: Path, tmp_path: Path, change: str, broken: str, expected_detail: str
) -> None:
    results = _results(reference, _other(tmp_path, change))
    assert [name for name, r in results.items() if not r.equal] == [broken]
    assert expected_detail in results[broken].detail
    assert "DIFFERS" in engine_compare.format_report(list(results.values()), "other")


def test_spark_parquet_warehouse_is_read_without_spark(reference: Path, tmp_path: Path) -> None:
    warehouse = tmp_path / "warehouse"
    other = _other(tmp_path)
    with duckdb.connect(str(other), read_only=True) as con:
        for schema, table in engine_compare.reference_tables(reference):
            folder = warehouse / f"{schema}.db" / table
            folder.mkdir(parents=True)
            con.execute(f"copy {schema}.{table} to '{folder}/part-00000.parquet' (format parquet)")
    results = engine_compare.compare_engines(reference, engine_compare.parquet_warehouse_fetcher(warehouse))
    assert all(r.equal for r in results), engine_compare.format_report(results, "spark")
    (warehouse / "marts.db" / "values_table" / "part-00000.parquet").unlink()
    results = engine_compare.compare_engines(reference, engine_compare.parquet_warehouse_fetcher(warehouse))
    assert [r.name for r in results if not r.equal] == ["marts.values_table"]


def test_cli_exit_code_follows_the_result(reference: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    equal = _other(tmp_path)
    assert cli_main(["compare-engines", "--engine", "duckdb", "--reference", str(reference),
                     "--other-db", str(equal)]) == 0
    assert "2 of 2 relations equal" in capsys.readouterr().out
    unequal = _make_db(tmp_path / "unequal.duckdb", "create schema marts; create table marts.values_table (x int)")
    assert cli_main(["compare-engines", "--engine", "duckdb", "--reference", str(reference),
                     "--other-db", str(unequal)]) == 1
    assert "0 of 2 relations equal" in capsys.readouterr().out


def test_exact_rows_take_the_short_way_only_when_types_agree_too() -> None:
    """Equal rows are equal without the tolerant comparison; a boolean against the number 1 (equal in Python,
    and with the same hash) or float noise still goes the long way, which tells them apart."""
    def fetcher(rows):
        return lambda schema, table: (["k", "flag", "x"], rows)

    same = [("a", True, 1.5), ("b", False, 2.25)]
    assert engine_compare.compare_table("s", "t", fetcher(same), fetcher(list(reversed(same)))).equal
    as_number = [("a", 1, 1.5), ("b", False, 2.25)]
    assert not engine_compare.compare_table("s", "t", fetcher(same), fetcher(as_number)).equal
    noise = [("a", True, 1.5 * (1 + 1e-12)), ("b", False, 2.25)]
    assert engine_compare.compare_table("s", "t", fetcher(same), fetcher(noise)).equal
    apart = [("a", True, 1.5 * (1 + 1e-6)), ("b", False, 2.25)]
    assert not engine_compare.compare_table("s", "t", fetcher(same), fetcher(apart)).equal


# --- the fast check: an "equal" decided in DuckDB, never a wrong one ---------------------------------------------

FAST_SQL = """
create schema marts;
create table marts.t (code varchar, day date, value double, n bigint, flag boolean, note varchar);
insert into marts.t values
    ('a', date '2023-01-01', 0.1 + 0.2, 3, true, ''), ('a', date '2023-01-01', 0.1 + 0.2, 3, true, ''),
    ('b', null, 1e-300, -7, false, null), ('c"; x', date '2024-02-29', 12345678.901234567, null, null, 'två
rader');
"""


def _fast(reference: Path, other: Path, tmp_path: Path) -> engine_compare.TableComparison:
    check = engine_compare.duckdb_fast_check(other, tmp_path)
    [result] = engine_compare.compare_engines(reference, engine_compare.duckdb_fetcher(other), [("marts", "t")],
                                              fast_check=check)
    return result


def test_fast_check_decides_identical_tables_fast(tmp_path: Path) -> None:
    reference = _make_db(tmp_path / "r.duckdb", FAST_SQL)
    other = _make_db(tmp_path / "o.duckdb", FAST_SQL)
    result = _fast(reference, other, tmp_path)
    # NULL and '' stay apart, quotes and line breaks survive the CSV, doubles read back bit for bit
    assert result.equal and result.detail == "fast check" and result.reference_rows == 4


def test_fast_check_forgives_a_sum_in_another_order(tmp_path: Path) -> None:
    # the 16th digit differs (another summation order): the same 12 significant digits, decided fast
    reference = _make_db(tmp_path / "r.duckdb", FAST_SQL)
    other = _make_db(tmp_path / "o.duckdb", FAST_SQL + "update marts.t set value = value * (1 + 1e-15);")
    result = _fast(reference, other, tmp_path)
    assert result.equal and result.detail == "fast check"


@pytest.mark.parametrize(("change", "equal"), [
    # within the tolerance but another 12th digit: the slow way, equal
    ("update marts.t set value = value * (1 + 1e-11) where code = 'a'", True),
    ("update marts.t set value = value * (1 + 1e-7) where code = 'b'", False),  # beyond the tolerance
    ("update marts.t set note = null where code = 'a'", False),  # '' is not NULL
    ("delete from marts.t where code = 'b'", False),
    ("insert into marts.t select * from marts.t where code = 'b'", False),  # a duplicate more
    ("alter table marts.t alter flag type integer", False),  # 1 is not true (another type family)
])
def test_fast_check_leaves_every_doubt_to_the_slow_way(tmp_path: Path, change: str, equal: bool) -> None:
    reference = _make_db(tmp_path / "r.duckdb", FAST_SQL)
    other = _make_db(tmp_path / "o.duckdb", FAST_SQL + change + ";")
    result = _fast(reference, other, tmp_path)
    assert result.detail != "fast check"
    assert result.equal is equal, result.detail
