"""Is another engine's build equal to DuckDB's? Every marts and data_quality table, row for row.

The same dbt project builds on DuckDB (the default), PostgreSQL and Spark. Equality is judged on what
users read: every relation in the schemas `marts` and `data_quality` of a DuckDB build is fetched
from the other engine too, both sides are normalised (numbers of any SQL type compare as numbers,
timestamps as naive UTC, Decimal as float) and sorted, and compared row for row: text, dates and
integers exactly, floating-point numbers to a relative tolerance (1e-9: the engines sum in different
orders). Columns that hold the build's own start time (`computed_at`) are left out.

The other engine is read through a *fetcher*, a callable (schema, table) -> (columns, rows):
DuckDB and PostgreSQL through their drivers; Spark's tables are Parquet folders in its warehouse
directory, read with DuckDB so no JVM is needed to check them.

Fetching a million rows into Python and normalising them costs a minute, so an engine may first offer an
*fast check* (`FastCheck`): the other engine writes the table as CSV (PostgreSQL's `COPY ... TO STDOUT`),
DuckDB reads it with the reference table's column types and compares the two multisets with `EXCEPT ALL`,
floating-point values as their 12 significant digits (two doubles with the same 12 digits are within the
tolerance; sums in another order differ in the 16th). Only where every column is of one simple type family on
both sides (text, boolean, integer, floating point, date, timestamp) and the rows agree does that decide
"equal"; anything else (another type, values either side of a rounding step, an unreadable file) goes the slow
way above, which also says what differs.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

COMPARED_SCHEMAS = ("marts", "data_quality")
#: relations compared beyond those schemas: the disclosure pattern with what hid each cell (the marts
#: show only `..`), so the engines are seen to hide the same cells for the same reason
COMPARED_RELATIONS = (("intermediate", "int_disclosure_cells_suppressed"),)
EXCLUDED_COLUMNS = frozenset({"computed_at"})
RELATIVE_TOLERANCE = 1e-9
# rows shown per direction when two tables differ
SAMPLE_ROWS = 5

Row = tuple[Any, ...]
Fetcher = Callable[[str, str], tuple[list[str], list[Row]]]
#: (schema, table, reference_db) -> the row count when the other engine's table holds the reference's rows,
#: floating-point values to 12 significant digits (the fast way); None when that cannot be shown fast (then the
#: table is compared the slow way)
FastCheck = Callable[[str, str, Path], "int | None"]

#: type families a fast check accepts: DuckDB's type name -> family, and the other engine's
_DUCKDB_FAMILY = {"VARCHAR": "text", "BOOLEAN": "boolean", "TINYINT": "integer", "SMALLINT": "integer",
                  "INTEGER": "integer", "BIGINT": "integer", "HUGEINT": "integer", "DOUBLE": "float",
                  "FLOAT": "float", "DATE": "date", "TIMESTAMP": "timestamp"}
_POSTGRES_FAMILY = {"text": "text", "character varying": "text", "boolean": "boolean", "smallint": "integer",
                    "integer": "integer", "bigint": "integer", "double precision": "float", "real": "float",
                    "date": "date", "timestamp without time zone": "timestamp"}


def reference_tables(duckdb_path: Path, schemas: Sequence[str] = COMPARED_SCHEMAS) -> list[tuple[str, str]]:
    """Every table and view of the compared schemas in a DuckDB build, sorted by schema and name."""
    with duckdb.connect(str(duckdb_path), read_only=True) as con:
        rows = con.execute(
            "select table_schema, table_name from information_schema.tables"
            " where table_schema in (select unnest(?)) order by 1, 2",
            [list(schemas)],
        ).fetchall()
        present = set(con.execute("select table_schema, table_name from information_schema.tables").fetchall())
    extra = [r for r in COMPARED_RELATIONS if r in present and schemas == COMPARED_SCHEMAS]
    return [(schema, name) for schema, name in rows] + extra


def duckdb_fetcher(duckdb_path: Path) -> Fetcher:
    """Rows of a relation in a DuckDB file (opened read-only for each fetch)."""

    def fetch(schema: str, table: str) -> tuple[list[str], list[Row]]:
        with duckdb.connect(str(duckdb_path), read_only=True) as con:
            cursor = con.execute(f'select * from "{schema}"."{table}"')
            return [d[0].lower() for d in cursor.description], cursor.fetchall()

    return fetch


def postgres_fetcher(**connect_kwargs: Any) -> Fetcher:
    """Rows of a relation in PostgreSQL (psycopg2 connection arguments: host, port, user, dbname)."""
    import psycopg2  # only needed for this engine

    def fetch(schema: str, table: str) -> tuple[list[str], list[Row]]:
        with psycopg2.connect(**connect_kwargs) as con, con.cursor() as cursor:
            cursor.execute(f'select * from "{schema}"."{table}"')
            return [d[0].lower() for d in cursor.description], [tuple(r) for r in cursor.fetchall()]

    return fetch


def _reference_columns(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> list[tuple[str, str]]:
    """(column, DuckDB type) of a reference relation, in order, without the excluded columns."""
    rows = con.execute("select column_name, data_type from information_schema.columns where table_schema = ? "
                       "and table_name = ? order by ordinal_position", [schema, table]).fetchall()
    return [(str(c).lower(), str(t)) for c, t in rows if str(c).lower() not in EXCLUDED_COLUMNS]


def csv_fast_check(other_columns: Callable[[str, str], dict[str, str]],
                    write_csv: Callable[[str, str, list[str], Path], None],
                    families: dict[str, str], scratch: Path) -> FastCheck:
    """A fast check from two engine-specific pieces: the other engine's columns and types
    (`other_columns(schema, table)` -> {column: type}, types named as in `families`) and a CSV of its rows
    (`write_csv(schema, table, columns, path)`: comma-separated, double-quoted, NULL as an empty field and the
    empty string as `""`, no header)."""

    def check(schema: str, table: str, reference_db: Path) -> int | None:
        path = scratch / f"{schema}.{table}.csv"
        with duckdb.connect(str(reference_db), read_only=True) as con:
            columns = _reference_columns(con, schema, table)
            theirs = {c.lower(): t.lower() for c, t in other_columns(schema, table).items()}
            theirs = {c: t for c, t in theirs.items() if c not in EXCLUDED_COLUMNS}
            if not columns or set(theirs) != {c for c, _ in columns}:
                return None
            if any(_DUCKDB_FAMILY.get(t) is None or _DUCKDB_FAMILY[t] != families.get(theirs[c])
                   for c, t in columns):
                return None
            try:
                write_csv(schema, table, [c for c, _ in columns], path)
                types = ", ".join(f"'{c}': '{t}'" for c, t in columns)
                names = ", ".join(f"printf('%.12g', \"{c}\")" if _DUCKDB_FAMILY[t] == "float" else f'"{c}"'
                                  for c, t in columns)
                other = (f"select {names} from read_csv('{path}', header = false, auto_detect = false, delim = ',', "
                         f"quote = '\"', escape = '\"', allow_quoted_nulls = false, columns = {{{types}}})")
                mine = f'select {names} from "{schema}"."{table}"'
                counts = con.execute(
                    f"select (select count(*) from ({mine})), (select count(*) from ({other})), "
                    f"(select count(*) from ({mine} except all {other})), "
                    f"(select count(*) from ({other} except all {mine}))").fetchone()
            except (duckdb.Error, OSError):
                return None
            finally:
                path.unlink(missing_ok=True)
        assert counts is not None
        mine_rows, other_rows, only_mine, only_other = counts
        return int(mine_rows) if mine_rows == other_rows and only_mine == only_other == 0 else None

    return check


def postgres_fast_check(scratch: Path, **connect_kwargs: Any) -> FastCheck:
    """The fast check on PostgreSQL: COPY ... TO STDOUT (FORMAT csv), read by DuckDB."""
    import psycopg2

    def other_columns(schema: str, table: str) -> dict[str, str]:
        with psycopg2.connect(**connect_kwargs) as con, con.cursor() as cursor:
            cursor.execute("select column_name, data_type from information_schema.columns "
                           "where table_schema = %s and table_name = %s", (schema, table))
            return {str(c): str(t) for c, t in cursor.fetchall()}

    def write_csv(schema: str, table: str, columns: list[str], path: Path) -> None:
        names = ", ".join(f'"{c}"' for c in columns)
        with psycopg2.connect(**connect_kwargs) as con, con.cursor() as cursor, path.open("w", encoding="utf-8") as out:
            # extra_float_digits 1 (PostgreSQL 12+'s default, set here for older servers): the shortest text that
            # reads back as the same double
            cursor.execute("set extra_float_digits = 1")
            cursor.copy_expert(f'copy (select {names} from "{schema}"."{table}") to stdout with (format csv)', out)

    return csv_fast_check(other_columns, write_csv, _POSTGRES_FAMILY, scratch)


def duckdb_fast_check(other_db: Path, scratch: Path) -> FastCheck:
    """The fast check against another DuckDB file (the fast way's own tests, without a server)."""

    def other_columns(schema: str, table: str) -> dict[str, str]:
        with duckdb.connect(str(other_db), read_only=True) as con:
            return {c: t.lower() for c, t in _reference_columns(con, schema, table)}

    def write_csv(schema: str, table: str, columns: list[str], path: Path) -> None:
        names = ", ".join(f'"{c}"' for c in columns)
        with duckdb.connect(str(other_db), read_only=True) as con:
            con.execute(f"copy (select {names} from \"{schema}\".\"{table}\") to '{path}' "
                        "(format csv, header false, force_quote *)")

    families = {t.lower(): f for t, f in _DUCKDB_FAMILY.items()}
    return csv_fast_check(other_columns, write_csv, families, scratch)


def parquet_warehouse_fetcher(warehouse_dir: Path) -> Fetcher:
    """Rows of a Spark table stored as Parquet under <warehouse>/<schema>.db/<table>/, read with DuckDB."""

    def fetch(schema: str, table: str) -> tuple[list[str], list[Row]]:
        folder = Path(warehouse_dir) / f"{schema}.db" / table
        if not folder.is_dir():
            raise FileNotFoundError(f"no Parquet folder for {schema}.{table} at {folder}")
        files = sorted(str(p) for p in folder.rglob("*.parquet"))
        with duckdb.connect() as con:
            if not files:  # an empty Spark table may have no data file: take its columns from nowhere
                return [], []
            cursor = con.execute("select * from read_parquet(?)", [files])
            return [d[0].lower() for d in cursor.description], cursor.fetchall()

    return fetch


#: types whose values compare as they are (checked first: most values are of these)
_AS_IS = frozenset({type(None), bool, int, str, bytes, dt.date})


def normalise(value: Any) -> Any:
    """One value in a form that compares across engines and drivers."""
    if type(value) in _AS_IS:
        return value
    if isinstance(value, (bool, str, bytes)):
        return value
    if isinstance(value, (bytearray, memoryview)):
        return bytes(value)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and abs(value) < 2**63 else float(value)
    if isinstance(value, float):
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value
    if isinstance(value, (list, tuple)):
        return tuple(normalise(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((str(k), normalise(v)) for k, v in value.items()))
    return value


def _sort_key(value: Any) -> tuple:
    """Orders values of mixed types; floats by 9 significant digits so tolerance noise keeps rows aligned."""
    if value is None:
        return (0,)
    if isinstance(value, bool):
        return (1, value)
    if isinstance(value, (int, float)):
        if isinstance(value, float) and math.isnan(value):
            return (2, float("inf"), 1)
        return (2, float(f"{float(value):.9g}"), 0)
    if isinstance(value, str):
        return (3, value)
    if isinstance(value, (dt.datetime, dt.date)):
        return (4, value.isoformat())
    if isinstance(value, tuple):
        return (5, tuple(_sort_key(v) for v in value))
    return (6, repr(value))


def values_equal(a: Any, b: Any, rel_tol: float = RELATIVE_TOLERANCE) -> bool:
    """Equal, with floating-point numbers to a relative tolerance and NaN equal to NaN."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
            return True
        return a == b or math.isclose(float(a), float(b), rel_tol=rel_tol, abs_tol=0.0)
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(values_equal(x, y, rel_tol) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


@dataclass
class TableComparison:
    """The outcome for one relation."""

    schema: str
    table: str
    reference_rows: int
    other_rows: int
    equal: bool
    detail: str = ""

    @property
    def name(self) -> str:
        return f"{self.schema}.{self.table}"


def _normalised(columns: list[str], rows: Iterable[Row], keep: list[str]) -> list[Row]:
    index = [columns.index(c) for c in keep]
    return [tuple(normalise(row[i]) for i in index) for row in rows]


def _row_key(row: Row) -> tuple:
    return tuple(_sort_key(v) for v in row)


def _exact_rows(rows: list[Row]) -> Counter:
    """The rows as a multiset, each with the types of its values."""
    return Counter(zip(rows, (tuple(map(type, row)) for row in rows), strict=True))


def compare_table(
    schema: str, table: str, reference: Fetcher, other: Fetcher, rel_tol: float = RELATIVE_TOLERANCE
) -> TableComparison:
    """Compare one relation: same columns (by name) and the same multiset of rows."""
    ref_columns, ref_rows = reference(schema, table)
    try:
        other_columns, other_rows = other(schema, table)
    except Exception as error:  # noqa: BLE001 - a missing table is a difference to report, not a crash
        return TableComparison(schema, table, len(ref_rows), 0, False, f"cannot read it: {error}")
    if not other_columns and not other_rows and ref_columns:
        other_columns = ref_columns  # an empty Spark table without data files
    missing = [c for c in ref_columns if c not in other_columns]
    extra = [c for c in other_columns if c not in ref_columns]
    if missing or extra:
        return TableComparison(
            schema, table, len(ref_rows), len(other_rows), False,
            f"columns differ: missing {missing}, extra {extra}",
        )
    keep = [c for c in ref_columns if c not in EXCLUDED_COLUMNS]
    left = _normalised(ref_columns, ref_rows, keep)
    right = _normalised(other_columns, other_rows, keep)
    # The same rows exactly, value for value and type for type (so True is not 1): equal without the
    # tolerant row-by-row comparison below, which would find every pair equal (most tables, and the costly sort)
    if len(left) == len(right) and _exact_rows(left) == _exact_rows(right):
        return TableComparison(schema, table, len(left), len(right), True)
    left.sort(key=_row_key)
    right.sort(key=_row_key)
    if len(left) == len(right) and all(
        all(values_equal(a, b, rel_tol) for a, b in zip(lrow, rrow, strict=True))
        for lrow, rrow in zip(left, right, strict=True)
    ):
        return TableComparison(schema, table, len(left), len(right), True)
    return TableComparison(schema, table, len(left), len(right), False, _difference(keep, left, right, rel_tol))


def _difference(columns: list[str], left: list[Row], right: list[Row], rel_tol: float) -> str:
    """Which rows are only on one side (floats rounded to the tolerance for this listing)."""

    def rounded(row: Row) -> Row:
        return tuple(float(f"{v:.9g}") if isinstance(v, float) else v for v in row)

    only_left = Counter(map(rounded, left)) - Counter(map(rounded, right))
    only_right = Counter(map(rounded, right)) - Counter(map(rounded, left))
    lines = [f"{len(left)} rows vs {len(right)}; columns {columns}"]
    for label, rows in (("only in DuckDB", only_left), ("only in the other engine", only_right)):
        sample = list(rows.elements())[:SAMPLE_ROWS]
        lines.append(f"{label}: {sum(rows.values())} rows" + "".join(f"\n    {r}" for r in sample))
    return "\n".join(lines)


def compare_engines(
    reference_db: Path, other: Fetcher, tables: Sequence[tuple[str, str]] | None = None,
    rel_tol: float = RELATIVE_TOLERANCE, fast_check: FastCheck | None = None,
) -> list[TableComparison]:
    """Every compared relation of the DuckDB build against the other engine: the fast check first where the
    engine has one, the rows in Python where it cannot decide."""
    reference = duckdb_fetcher(reference_db)
    results = []
    for schema, table in (tables if tables is not None else reference_tables(reference_db)):
        rows = fast_check(schema, table, reference_db) if fast_check is not None else None
        if rows is not None:
            results.append(TableComparison(schema, table, rows, rows, True, "fast check"))
        else:
            results.append(compare_table(schema, table, reference, other, rel_tol))
    return results


def format_report(results: Sequence[TableComparison], engine: str) -> str:
    """A table a person reads: one line per relation, then the details of every difference."""
    width = max((len(r.name) for r in results), default=10)
    lines = [f"{'relation':<{width}}  {'duckdb':>9}  {engine:>9}  result"]
    for r in results:
        verdict = "equal" if r.equal else "DIFFERS"
        lines.append(f"{r.name:<{width}}  {r.reference_rows:>9}  {r.other_rows:>9}  {verdict}")
    unequal = [r for r in results if not r.equal]
    lines.append(
        f"{len(results) - len(unequal)} of {len(results)} relations equal"
        + (f"; {len(unequal)} differ" if unequal else "")
    )
    for r in unequal:
        lines.append(f"\n{r.name}: {r.detail}")
    return "\n".join(lines)
