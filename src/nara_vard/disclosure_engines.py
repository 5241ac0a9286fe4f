"""`nara-vard protect --target postgres|spark`: the suppression pattern on an engine without dbt
Python models.

On DuckDB the pattern is a dbt Python model (int_disclosure_pattern_solved) and `dbt build` does
everything. dbt-postgres and dbt-spark (session) cannot run Python models, so on those engines the
build has three steps, which `nara-vard build --target <engine>` runs:
1. dbt up to the cells and relations (everything but `int_disclosure_pattern_loaded+`);
2. this step: read `intermediate.int_disclosure_cells` and `intermediate.int_disclosure_relation_members`
   from the engine, run nara_vard.disclosure.protect (the very function the DuckDB model runs, so
   the same cells are hidden on every engine) and write `intermediate.disclosure_pattern`, the dbt
   source `disclosure_solver.disclosure_pattern`;
3. dbt from `int_disclosure_pattern_loaded` on (the marts read it).
The pattern carries the figures it protected; the dbt test disclosure_pattern_matches_cells fails
when they are not the current cells' (a step 3 without step 2 after new data).
"""

from __future__ import annotations

import io
import time
from typing import Any

import pandas as pd

from nara_vard.disclosure import ProtectionResult, protect

CELLS = "intermediate.int_disclosure_cells"
MEMBERS = "intermediate.int_disclosure_relation_members"
PATTERN = "intermediate.disclosure_pattern"
#: what dbt runs before and after this step
FIRST_STEP_EXCLUDE = "int_disclosure_pattern_loaded+"
LAST_STEP_SELECT = "int_disclosure_pattern_loaded+"

PATTERN_COLUMNS = {  # column -> (PostgreSQL type, Spark type)
    "cell_id": ("text", "string"),
    "suppression": ("text", "string"),
    "protection_lp": ("bigint", "bigint"),
    "is_unprotectable": ("boolean", "boolean"),
    "base_count": ("bigint", "bigint"),
    "numerator": ("double precision", "double"),
    "denominator": ("double precision", "double"),
}


def protect_on_target(target: str, threshold: int) -> tuple[ProtectionResult, int]:
    """Read the cells and relations from `target`, solve, write the pattern; (result, rows written)."""
    if target == "postgres":
        return _protect_postgres(threshold)
    if target == "spark":
        return _protect_spark(threshold)
    raise ValueError(f"nara-vard protect runs on postgres or spark; on {target!r} the dbt Python model "
                     "int_disclosure_pattern_solved computes the pattern inside `dbt build`")


def _solve(cells: pd.DataFrame, members: pd.DataFrame, threshold: int) -> tuple[ProtectionResult, pd.DataFrame]:
    for column in ("shows_figures", "is_exempt", "is_primary", "is_kept_hidden", "is_known_to_reader"):
        cells[column] = cells[column].astype(bool)
    members["is_parent"] = members["is_parent"].astype(bool)
    result = protect(cells, members, threshold=threshold)
    return result, result.pattern(cells)


def _protect_postgres(threshold: int) -> tuple[ProtectionResult, int]:
    import psycopg2

    from nara_vard.postgres_load import connection_parameters

    connection = psycopg2.connect(**connection_parameters())
    try:
        cells = _pg_frame(connection, f"select * from {CELLS}")
        members = _pg_frame(connection, f"select relation_id, hierarchy_id, cell_id, is_parent from {MEMBERS}")
        result, pattern = _solve(cells, members, threshold)
        with connection, connection.cursor() as cur:
            columns = ", ".join(f"{name} {types[0]}" for name, types in PATTERN_COLUMNS.items())
            cur.execute(f"drop table if exists {PATTERN}")
            cur.execute(f"create table {PATTERN} ({columns})")
            buffer = io.StringIO()
            pattern.to_csv(buffer, index=False, header=False, na_rep="\\N", sep="\t")
            buffer.seek(0)
            cur.copy_expert(f"copy {PATTERN} from stdin with (format text)", buffer)
            cur.execute(f"analyze {PATTERN}")
        return result, len(pattern)
    finally:
        connection.close()


def _pg_frame(connection: Any, sql: str) -> pd.DataFrame:
    with connection.cursor() as cur:
        cur.execute(sql)
        names = [d.name for d in cur.description]
        return pd.DataFrame(cur.fetchall(), columns=names)


def _protect_spark(threshold: int) -> tuple[ProtectionResult, int]:
    """Uses the Spark session of this process: the one dbt-spark (method session) opened, which it
    never stops; `nara-vard protect` opens it first with a trivial dbt query."""
    from pyspark.sql import SparkSession
    from pyspark.sql.types import BooleanType, DoubleType, LongType, StringType, StructField, StructType

    spark = SparkSession.getActiveSession() or SparkSession.builder.getOrCreate()
    cells = spark.table(CELLS).toPandas()
    members = spark.table(MEMBERS).select("relation_id", "hierarchy_id", "cell_id", "is_parent").toPandas()
    result, pattern = _solve(cells, members, threshold)
    spark_types = {"string": StringType(), "bigint": LongType(), "boolean": BooleanType(), "double": DoubleType()}
    schema = StructType([StructField(name, spark_types[types[1]], True) for name, types in PATTERN_COLUMNS.items()])
    rows = [tuple(None if pd.isna(v) else (v.item() if hasattr(v, "item") else v) for v in row)
            for row in pattern.itertuples(index=False, name=None)]
    frame = spark.createDataFrame(rows, schema=schema)
    spark.sql(f"drop table if exists {PATTERN}")
    frame.write.format("parquet").mode("overwrite").saveAsTable(PATTERN)
    return result, len(pattern)


def run_protect(target: str, threshold: int) -> int:
    """`nara-vard protect`: solve on `target` and say what was done; the exit code."""
    started = time.perf_counter()
    try:
        result, rows = protect_on_target(target, threshold)
    except ValueError as error:
        print(f"nara-vard protect: {error}")
        return 2
    print(f"nara-vard protect ({target}): {result.summary()}; {rows:,} rows written to {PATTERN} "
          f"in {time.perf_counter() - started:.1f} s")
    if result.unprotectable:
        print(f"  {len(result.unprotectable)} cell(s) cannot be protected (nothing around them may be hidden): "
              + ", ".join(result.unprotectable[:10]) + (" …" if len(result.unprotectable) > 10 else ""))
    return 0
