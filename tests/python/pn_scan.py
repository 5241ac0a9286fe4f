"""An independent scanner for Swedish personnummer and samordningsnummer in a DuckDB warehouse.

Written in Python from the definition (not from the project's SQL): 10 or 12 digits, together or
with '-', '+' or a space before the last four, not part of a longer digit run, the last ten digits
passing the Luhn check. `find_personnummer()` looks at every column of every table and view in
every schema (values cast to text), so nothing published, staged or stored by a test escapes it.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

CANDIDATE = re.compile(r"(?<![0-9])(?:[0-9]{2})?([0-9]{6})[-+ ]?([0-9]{4})(?![0-9])")


def luhn_ok(ten_digits: str) -> bool:
    total = 0
    for i, ch in enumerate(ten_digits):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def personnummer_in(text: str) -> list[str]:
    """The personnummer-like numbers (with a valid check digit) in a text."""
    return [m.group(0) for m in CANDIDATE.finditer(text) if luhn_ok(m.group(1) + m.group(2))]


def find_personnummer(db: Path) -> list[tuple[str, str, str]]:
    """(table, column, value) for every value holding a personnummer, in any table of the file."""
    hits = []
    with duckdb.connect(str(db), read_only=True) as con:
        columns = con.sql("""
            select table_schema, table_name, column_name from information_schema.columns
            where table_catalog = current_database() and table_schema not in ('information_schema', 'pg_catalog')
              -- measurements (shares, means) have long digit runs after the point and are never an identity
              and data_type not in ('DOUBLE', 'FLOAT', 'REAL') and data_type not like 'DECIMAL%'
        """).fetchall()
        for schema, table, column in columns:
            # a cheap filter in SQL (ten digits, or six/eight, a separator and four), the check in Python
            values = con.sql(f"""
                select distinct "{column}"::varchar as v from "{schema}"."{table}"
                where regexp_matches("{column}"::varchar, '[0-9]{{6}}([0-9]{{2}})?[-+ ]?[0-9]{{4}}')
            """).fetchall()
            for (value,) in values:
                if personnummer_in(value):
                    hits.append((f"{schema}.{table}", column, value))
    return hits
