"""Great Expectations checks on the raw base tables, as a second opinion next to the dbt tests.

The dbt project flags bad values in staging; this module asks the same questions of the lines *as
delivered* (`staging.base_<folder>__<entity>_lines`, text columns named as in the export) with
Great Expectations 1.x, so a reviewer gets GX Data Docs and a results table keyed by `check_id`
(`gx.<source>.<rule>.<column>`, the catalogue's `<source>.<rule>.<column>` with a `gx.` prefix).

Why it is built the way it is (see ../shared/TOOLCHAIN.md, "Great Expectations 1.24"):
- GX's SQL route to DuckDB is broken, so each table is read with duckdb (`read_only=True`) into a
  DataFrame and validated through GX's pandas datasource.
- Everything stays offline: analytics off before GX is imported, a file context under `<out>/gx`,
  Data Docs built locally (the HTML pulls CSS/JS from CDNs, so it renders unstyled offline).
- GX is imported inside `run_quality` only: it takes ~5 s, and the other CLI commands stay fast.
- Values matching a Swedish personnummer are masked in everything written: the results table, the
  CSV, and GX's stored validation results (Data Docs are rebuilt from the masked store).
- Data failures are findings (exit 0). Only a crash, or an expectation GX could not evaluate,
  gives a non-zero exit code.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlparse

from nara_vard.dbread import scalar
from nara_vard.paths import SEEDS_DIR, reports_dir, warehouse_path
from nara_vard.project_vars import landing_sources, source_codes, source_contracts, swedish_month_names

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

RESULTS_SCHEMA = "data_quality"
RESULTS_TABLE = "gx_validation_results"
RESULTS_CSV = "gx_validation_results.csv"

PERSONNUMMER = re.compile(r"\d{6,8}[-+]?\d{4}")
MASK = "******-****"

# Formats of the text as delivered.
DATE = r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"
MONTH = r"^\d{4}-(0[1-9]|1[0-2])$"
YEAR = r"^\d{4}$"
QUARTER = r"^\d{4} Q[1-4]$"
MUNICIPALITY_CODE = r"^\d{4}$"
INTEGER = r"^\d+$"
AGE = r"^\d{1,3}$"
# Spreadsheet exports: space (or no-break space) as thousands separator, e.g. `1 203`.
SWEDISH_INTEGER = r"^(\d+|\d{1,3}([ \u00a0\u202f]\d{3})+)$"
# A count in any kommun_hsl dialect; the sign is left to the negative_count checks.
HSL_COUNT = r"^-?(\d+|\d{1,3}([ \u00a0\u202f]\d{3})+)$"
# Percent with a decimal comma, 0-100 (npe: `"79,40"`).
PERCENT_DECIMAL_COMMA = r"^(100(,0+)?|\d{1,2}(,\d+)?)$"
SWEDISH_MONTHS = "|".join(swedish_month_names())  # the project's one month list (macros/periods)
# kommun_hsl dialects: A `2023-01`, B `januari 2023`, C `202301`.
HSL_MONTH = rf"^(\d{{4}}-(0[1-9]|1[0-2])|({SWEDISH_MONTHS}) \d{{4}}|\d{{4}}(0[1-9]|1[0-2]))$"
# kommun_hsl dialects: A and B `2023-02-10`, C `20230210`.
HSL_DATE = r"^(\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])|\d{4}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01]))$"
#: a month as the financial system writes it (`202301`)
COMPACT_MONTH = r"^\d{4}(0[1-9]|1[0-2])$"
#: a ledger amount: optional minus sign, digits, an optional decimal comma and at most two decimals
LEDGER_AMOUNT = r"^-?\d+(,\d{1,2})?$"
NEGATIVE = r"^\s*-"

# Lineage columns of the base tables that the checks do not need (line_text may hold anything).
_NOT_READ = {"missing_columns", "line_text", "file_path", "file_bytes", "last_modified", "source_name", "file_encoding",
             "field_separator"}


# --------------------------------------------------------------------------------------------
# The suites: plain data, turned into GX expectations once GX is imported.
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class NotIn:
    """A row condition `column not in values` (turned into a GX `Column(...).is_not_in(...)`)."""

    column: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Check:
    """One expectation: `rule` and `target` make the check_id, `expectation` is the GX class name."""

    rule: str
    target: str
    expectation: str
    kwargs: dict[str, Any]
    note: str

    def check_id(self, source: str) -> str:
        return f"gx.{source}.{self.rule}.{self.target}"


@dataclass(frozen=True)
class Suite:
    """The expectations for one source, read from one raw base table."""

    source: str
    table: str
    checks: tuple[Check, ...]
    # Adds columns the checks compare with (e.g. the municipality code in the file name).
    derive: Callable[[pd.DataFrame], pd.DataFrame] | None = field(default=None, compare=False)


@dataclass(frozen=True)
class SourceChecks:
    """The column checks of one source (its base table comes from `landing_sources()`)."""

    source: str
    checks: tuple[Check, ...]
    derive: Callable[[pd.DataFrame], pd.DataFrame] | None = field(default=None, compare=False)


def row_count() -> Check:
    return Check("row_count", "table", "ExpectTableRowCountToBeBetween", {"min_value": 1},
                 "At least one data line is delivered.")


def field_count() -> Check:
    return Check("field_count", "file", "ExpectColumnPairValuesToBeEqual",
                 {"column_A": "field_count", "column_B": "header_field_count"},
                 "Every line has as many fields as its file's header.")


def required(column: str, **kw: Any) -> Check:
    return Check("required_value", column, "ExpectColumnValuesToNotBeNull", {"column": column, **kw},
                 f"`{column}` is never empty.")


def fmt(column: str, regex: str, what: str, **kw: Any) -> Check:
    return Check("invalid_format", column, "ExpectColumnValuesToMatchRegex",
                 {"column": column, "regex": regex, **kw}, f"`{column}` is {what} (empty values are not judged).")


def accepted(source: str, column: str, **kw: Any) -> Check:
    values = source_codes()[source][column]
    return Check("not_accepted", column, "ExpectColumnValuesToBeInSet",
                 {"column": column, "value_set": values, **kw}, f"`{column}` is one of {', '.join(values)}.")


def known(name: str, column: str, values: list[str], what: str) -> Check:
    return Check("consistency", name, "ExpectColumnValuesToBeInSet", {"column": column, "value_set": values},
                 f"`{column}` is a {what} listed in the reference seeds.")


def unique(*columns: str) -> Check:
    if len(columns) == 1:
        return Check("unique", columns[0], "ExpectColumnValuesToBeUnique", {"column": columns[0]},
                     f"`{columns[0]}` is unique over all delivered lines.")
    return Check("unique", "_".join(columns), "ExpectCompoundColumnsToBeUnique", {"column_list": list(columns)},
                 f"The combination {' + '.join(columns)} is unique over all delivered lines.")


def not_after(name_column: str, earlier: str, later: str) -> Check:
    return Check("implausible_value", name_column, "ExpectColumnPairValuesAToBeGreaterThanB",
                 {"column_A": later, "column_B": earlier, "or_equal": True, "ignore_row_if": "either_value_is_missing"},
                 f"`{later}` is not before `{earlier}` (ISO dates compare as text).")


def pseudonymous(column: str = "patient_lopnr") -> Check:
    return Check("personnummer", column, "ExpectColumnValuesToNotMatchRegex",
                 {"column": column, "regex": PERSONNUMMER.pattern},
                 f"`{column}` is a pseudonymous id, never a personnummer.")


def negative_count(column: str, **kw: Any) -> Check:
    return Check("negative_count", column, "ExpectColumnValuesToNotMatchRegex",
                 {"column": column, "regex": NEGATIVE, **kw}, f"`{column}` is not negative.")


# The formats a source contract may name (`format:` of a column), as regular expressions on the text as
# delivered, with what they mean (the check's note unless the column's `format_note` says more).
FORMATS: dict[str, tuple[str, str]] = {
    "iso_date": (DATE, "an ISO date"),
    "month": (MONTH, "a month YYYY-MM"),
    "year": (YEAR, "a year YYYY"),
    "quarter": (QUARTER, "a quarter `YYYY Qn`"),
    "municipality_code": (MUNICIPALITY_CODE, "a 4-digit municipality code"),
    "integer": (INTEGER, "a whole number"),
    "age": (AGE, "a whole number of years"),
    "swedish_integer": (SWEDISH_INTEGER, "a whole number (space as thousands separator)"),
    "percent_decimal_comma": (PERCENT_DECIMAL_COMMA, "a percent 0-100 with a decimal comma"),
    "hsl_month": (HSL_MONTH, "a month as `2023-01`, `januari 2023` or `202301`"),
    "hsl_date": (HSL_DATE, "a date as `2023-02-10` or `20230210`"),
    "hsl_count": (HSL_COUNT, "a whole number (space as thousands separator)"),
    "compact_month": (COMPACT_MONTH, "a month YYYYMM"),
    "ledger_amount": (LEDGER_AMOUNT, "an amount with a decimal comma and a minus sign for negatives"),
}


def _seed_column(file_name: str, column: str) -> list[str]:
    """Values of one column of a reference seed (the same files dbt loads)."""
    with (SEEDS_DIR / file_name).open(encoding="utf-8", newline="") as handle:
        return sorted({row[column] for row in csv.DictReader(handle) if row.get(column)})


def _file_name_code(column: str, pattern: str) -> Callable[[pd.DataFrame], pd.DataFrame]:
    """Adds `file_<column>`: the code the file name carries (the contract's `file_name_code` pattern)."""
    def derive(df: pd.DataFrame) -> pd.DataFrame:
        df[f"file_{column}"] = df["file_name"].str.extract(pattern, expand=False)
        return df
    return derive


def contract_checks(source: str, contract: dict[str, Any]) -> SourceChecks:
    """The expectations one source contract calls for (see macros/landing/source_contract.sql for its keys):
    the structural checks, then each column's, then the table's."""
    total = contract.get("total_rows")
    # the line-level value checks leave out the total rows a delivery may append (reported once, below)
    line = {"row_condition": NotIn(total["column"], tuple(total["labels"]))} if total else {}
    checks = [row_count(), field_count()]
    if total:
        checks.append(Check("total_row", total["column"], "ExpectColumnValuesToNotBeInSet",
                            {"column": total["column"], "value_set": list(total["labels"])},
                            f"No total rows ({', '.join(f'`{x}`' for x in total['labels'][:1])}) among the data "
                            "lines; a delivery may append one to every file."))
    for col in contract["columns"]:
        name = col["name"]
        if col.get("never_empty"):
            checks.append(required(name))
        if col.get("pseudonymous"):
            checks.append(pseudonymous(name))
        if col.get("format"):
            if col["format"] not in FORMATS:
                raise ValueError(f"the contract of {source}: column {name} names an unknown format {col['format']!r} "
                                 f"(known: {', '.join(sorted(FORMATS))})")
            regex, meaning = FORMATS[col["format"]]
            checks.append(fmt(name, regex, col.get("format_note", meaning), **line))
        if col.get("known"):
            seed, seed_column = col["known"]["seed"], col["known"]["column"]
            checks.append(known(f"{seed_column}_known", name, _seed_column(f"{seed}.csv", seed_column),
                                seed_column.replace("_", " ")))
        if col.get("codes"):
            checks.append(accepted(source, name))
        if col.get("not_negative"):
            checks.append(negative_count(name, **line))
    for columns in contract.get("unique", []):
        checks.append(unique(*columns))
    for pair in contract.get("not_after", []):
        checks.append(not_after(pair.get("column", pair["later"]), pair["earlier"], pair["later"]))
    code = contract.get("file_name_code")
    if code:
        column = code["column"]
        checks.append(Check("file_name_mismatch", column, "ExpectColumnPairValuesToBeEqual",
                            {"column_A": column, "column_B": f"file_{column}", **line},
                            f"`{column}` equals the code the file name carries ({code['pattern']})."))
    return SourceChecks(source, tuple(checks), _file_name_code(code["column"], code["pattern"]) if code else None)


def source_checks() -> dict[str, SourceChecks]:
    """The column checks of every source, from its contract (project_vars.source_contracts): the one place
    the columns, formats, codes and keys of a source are written."""
    return {source: contract_checks(source, contract) for source, contract in source_contracts().items()}


def build_suites() -> list[Suite]:
    """One suite per source of `landing_sources()`, on the text columns of its raw base table: the
    source's column checks where `source_checks()` has them, else the structural checks."""
    specific = source_checks()
    sources = landing_sources()
    unknown = set(specific) - {entry["name"] for entry in sources}
    if unknown:  # a typo or a removed source would otherwise silently lose its checks
        raise ValueError(f"column checks for sources not in landing_sources(): {sorted(unknown)}")
    suites = []
    for entry in sources:
        own = specific.get(entry["name"])
        suites.append(Suite(entry["name"], entry["base"], own.checks if own else (row_count(), field_count()),
                            own.derive if own else None))
    return suites


def _generic_suite(table: str) -> Suite:
    """A base table no suite knows about still gets the structural checks."""
    match = re.match(r"^base_(.+)_lines$", table)
    return Suite(match.group(1) if match else table, table, (row_count(), field_count()))


# --------------------------------------------------------------------------------------------
# Masking and result rows
# --------------------------------------------------------------------------------------------

def mask_personnummer(value: Any) -> Any:
    """Replace anything that looks like a personnummer, at any depth of lists and dicts."""
    if isinstance(value, str):
        return PERSONNUMMER.sub(MASK, value)
    if isinstance(value, bool) or value is None or isinstance(value, float):
        return value  # statistics such as unexpected_percent: long digit runs, never an identity
    if isinstance(value, int):
        return MASK if PERSONNUMMER.fullmatch(str(value)) else value
    if isinstance(value, dict):
        return {mask_personnummer(k): mask_personnummer(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [mask_personnummer(v) for v in value]
    return mask_personnummer(str(value))


def _exception_message(exception_info: Any) -> str | None:
    """GX reports exceptions either flat or keyed by metric; return the first message."""
    if not isinstance(exception_info, dict):
        return None
    if exception_info.get("raised_exception"):
        return str(exception_info.get("exception_message"))
    for nested in exception_info.values():
        if isinstance(nested, dict) and nested.get("raised_exception"):
            return str(nested.get("exception_message"))
    return None


def _column_name(kwargs: dict[str, Any]) -> str | None:
    if "column" in kwargs:
        return kwargs["column"]
    if "column_A" in kwargs:
        return f"{kwargs['column_A']},{kwargs['column_B']}"
    if "column_list" in kwargs:
        return ",".join(kwargs["column_list"])
    return None


def _details(result: dict[str, Any], exception: str | None) -> str:
    details: dict[str, Any] = {}
    if result.get("partial_unexpected_list"):
        details["partial_unexpected_list"] = result["partial_unexpected_list"]
    if result.get("partial_unexpected_index_list"):
        details["partial_unexpected_rows"] = result["partial_unexpected_index_list"]
    if "observed_value" in result:
        details["observed_value"] = result["observed_value"]
    if exception:
        details["exception"] = exception
    return json.dumps(mask_personnummer(details), ensure_ascii=False, default=str)


# --------------------------------------------------------------------------------------------
# Reading and writing the warehouse
# --------------------------------------------------------------------------------------------

def _base_tables(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Raw base tables (one row per delivered line: `base_*_lines`) present in the warehouse, with their row
    counts. The `base_<source>__files` inventories describe files, not rows, and are checked in dbt."""
    tables = [r[0] for r in con.execute(
        "select table_name from information_schema.tables "
        "where table_schema = 'staging' and table_name like 'base\\_%\\_lines' escape '\\' "
        "order by table_name").fetchall()]
    return {t: scalar(con, f'select count(*) from staging."{t}"') for t in tables}


def _read_table(con: duckdb.DuckDBPyConnection, table: str) -> pd.DataFrame:
    columns = [r[0] for r in con.execute(
        "select column_name from information_schema.columns where table_schema = 'staging' and table_name = ? "
        "order by ordinal_position", [table]).fetchall()]
    keep = ", ".join(f'"{c}"' for c in columns if c not in _NOT_READ)
    return con.execute(f'select {keep} from staging."{table}"').fetchdf()


RESULT_COLUMNS = ["run_at", "source", "table_name", "check_id", "expectation_type", "column_name", "success",
                  "unexpected_count", "element_count", "unexpected_percent", "details"]


def write_results(db: Path, rows: list[dict[str, Any]]) -> None:
    """Replace data_quality.gx_validation_results (the only write this command makes to the warehouse)."""
    import duckdb

    with duckdb.connect(str(db)) as con:
        con.execute(f"create schema if not exists {RESULTS_SCHEMA}")
        con.execute(f"""
            create or replace table {RESULTS_SCHEMA}.{RESULTS_TABLE} (
                run_at timestamp not null,
                source varchar not null,
                table_name varchar not null,
                check_id varchar not null,
                expectation_type varchar not null,
                column_name varchar,
                success boolean not null,
                unexpected_count bigint,
                element_count bigint,
                unexpected_percent double,
                details varchar
            )""")
        if rows:
            con.executemany(
                f"insert into {RESULTS_SCHEMA}.{RESULTS_TABLE} values ({', '.join('?' * len(RESULT_COLUMNS))})",
                [[row[c] for c in RESULT_COLUMNS] for row in rows])
        con.execute(f"comment on table {RESULTS_SCHEMA}.{RESULTS_TABLE} is "
                    "'Great Expectations results on the raw base tables (nara-vard quality); one row per "
                    "expectation, replaced each run. run_at is UTC; details masks personnummer-like values.'")


def write_csv(path: Path, rows: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=RESULT_COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, "run_at": row["run_at"].isoformat(sep=" ")})


# --------------------------------------------------------------------------------------------
# Great Expectations
# --------------------------------------------------------------------------------------------

def _fresh_gx_dir(out: Path) -> None:
    """Start each run from an empty GX project, so Data Docs show this run only.

    Removes `<out>/gx` only when it is a GX project (has great_expectations.yml), never anything else.
    """
    gx_dir = out / "gx"
    if (gx_dir / "great_expectations.yml").is_file():
        shutil.rmtree(gx_dir)


def _mask_stored_validation_results(gx_dir: Path) -> int:
    """Mask personnummer-like values in GX's stored validation results (Data Docs render from them)."""
    changed = 0
    for path in (gx_dir / "uncommitted" / "validations").rglob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        for result in data.get("results", []):
            for key in ("result", "exception_info"):
                if key in result:
                    result[key] = mask_personnummer(result[key])
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        changed += 1
    return changed


def _docs_index(context: Any, gx_dir: Path) -> Path:
    for site in context.get_docs_sites_urls():
        url = site.get("site_url") or ""
        if url.startswith("file://"):
            return Path(unquote(urlparse(url).path))
    return gx_dir / "uncommitted" / "data_docs" / "local_site" / "index.html"


def run_quality(db: Path | None = None, out: Path | None = None) -> int:
    """Validate every present raw base table, build Data Docs, write results. Returns the exit code."""
    started = time.perf_counter()
    db = Path(db) if db else warehouse_path()
    out = Path(out) if out else reports_dir() / "quality"
    if not db.is_file():
        print(f"quality: no warehouse at {db}; run `nara-vard build` first (or pass --db)", file=sys.stderr)
        return 2

    import duckdb

    suites = build_suites()
    known_tables = {s.table for s in suites}
    run_at = datetime.now(UTC).replace(tzinfo=None)

    with duckdb.connect(str(db), read_only=True) as con:
        present = _base_tables(con)
        for table in sorted(set(present) - known_tables):
            suites.append(_generic_suite(table))
        to_validate: list[Suite] = []
        for suite in suites:
            if suite.table not in present:
                print(f"skip  {suite.source:<24} staging.{suite.table} is absent from the warehouse")
            elif present[suite.table] == 0:
                print(f"skip  {suite.source:<24} staging.{suite.table} has no rows (source not delivered)")
            else:
                to_validate.append(suite)

        os.environ["GX_ANALYTICS_ENABLED"] = "False"
        t0 = time.perf_counter()
        import great_expectations as gx
        from great_expectations.checkpoint import UpdateDataDocsAction
        from great_expectations.data_context.types.base import ProgressBarsConfig
        from great_expectations.expectations.row_conditions import Column
        print(f"great_expectations {gx.__version__} imported in {time.perf_counter() - t0:.1f} s")

        out.mkdir(parents=True, exist_ok=True)
        _fresh_gx_dir(out)
        context = gx.get_context(mode="file", project_root_dir=str(out))
        context.variables.progress_bars = ProgressBarsConfig(globally=False)
        context.variables.save()
        context.enable_analytics(False)
        datasource = context.data_sources.add_or_update_pandas(name="nara_vard_warehouse")
        gx_dir = Path(context.root_directory)

        def expectation(source: str, check: Check) -> Any:
            kwargs = dict(check.kwargs)
            condition = kwargs.get("row_condition")
            if isinstance(condition, NotIn):
                kwargs["row_condition"] = Column(condition.column).is_not_in(list(condition.values))
            check_id = check.check_id(source)
            return getattr(gx.expectations, check.expectation)(
                **kwargs, meta={"check_id": check_id}, notes=[f"`{check_id}`", check.note])

        rows: list[dict[str, Any]] = []
        errors: list[str] = []
        for suite in to_validate:
            t1 = time.perf_counter()
            df = _read_table(con, suite.table)
            if suite.derive is not None:
                df = suite.derive(df)
            if suite.table in datasource.get_asset_names():
                datasource.delete_asset(suite.table)
            batch = datasource.add_dataframe_asset(name=suite.table).add_batch_definition_whole_dataframe(
                "whole_table")
            gx_suite = context.suites.add_or_update(gx.ExpectationSuite(
                name=suite.source, expectations=[expectation(suite.source, c) for c in suite.checks],
                meta={"notes": {"format": "markdown", "content": [
                    f"Raw lines of `{suite.source}` as delivered (`staging.{suite.table}`); "
                    "check ids `gx.<source>.<rule>.<column>`."]}}))
            validation = context.validation_definitions.add_or_update(
                gx.ValidationDefinition(name=suite.source, data=batch, suite=gx_suite))
            checkpoint = context.checkpoints.add_or_update(gx.Checkpoint(
                name=f"quality_{suite.source}", validation_definitions=[validation],
                actions=[UpdateDataDocsAction(name="update_data_docs")],
                result_format={"result_format": "SUMMARY",
                               "unexpected_index_column_names": ["file_name", "line_number"]}))
            result = checkpoint.run(batch_parameters={"dataframe": df})

            order = {c.check_id(suite.source): i for i, c in enumerate(suite.checks)}
            suite_rows = []
            for validation_result in result.run_results.values():
                for er in validation_result.results:
                    config = er.expectation_config
                    check_id = (config.meta or {}).get("check_id", f"gx.{suite.source}.{config.type}")
                    res = dict(er.result or {})
                    exception = _exception_message(er.exception_info)
                    if exception:
                        errors.append(f"{check_id}: {exception}")
                    element_count = res.get("element_count", len(df) if "observed_value" in res else None)
                    suite_rows.append({
                        "run_at": run_at, "source": suite.source, "table_name": f"staging.{suite.table}",
                        "check_id": check_id, "expectation_type": config.type,
                        "column_name": _column_name(config.kwargs), "success": bool(er.success),
                        "unexpected_count": res.get("unexpected_count"), "element_count": element_count,
                        "unexpected_percent": res.get("unexpected_percent"), "details": _details(res, exception),
                    })
            suite_rows.sort(key=lambda r: order.get(r["check_id"], len(order)))
            rows.extend(suite_rows)
            failed = [r["check_id"] for r in suite_rows if not r["success"]]
            print(f"check {suite.source:<24} {len(df):>8} lines  {len(suite_rows):>2} expectations  "
                  f"{len(failed)} failed  ({time.perf_counter() - t1:.1f} s)")
            for row in suite_rows:
                if not row["success"]:
                    print(f"      FAIL {row['check_id']}: {row['unexpected_count']} of {row['element_count']}")
            del df

    # Read-only connection closed: now the one write. Data Docs are re-rendered from the masked store.
    _mask_stored_validation_results(gx_dir)
    context.build_data_docs()
    index = _docs_index(context, gx_dir)
    write_results(db, rows)
    csv_path = out / RESULTS_CSV
    write_csv(csv_path, rows)

    n_failed = sum(not r["success"] for r in rows)
    print(f"{len(rows)} expectations on {len(to_validate)} sources, {n_failed} failed "
          f"(findings, not errors) in {time.perf_counter() - started:.1f} s")
    print(f"results   : {db} -> {RESULTS_SCHEMA}.{RESULTS_TABLE}")
    print(f"csv       : {csv_path}")
    print(f"data docs : {index}")
    if errors:
        print("quality: some expectations could not be evaluated:", file=sys.stderr)
        for error in errors:
            print(f"  {error}", file=sys.stderr)
        return 1
    return 0
