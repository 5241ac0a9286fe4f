"""Small read helpers the pages share: rows of a query as dicts, the tables a DuckDB file holds, and the
Swedish words of the codes (dim_label) as a lookup."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any


def scalar(con: Any, sql: str, params: Iterable[Any] = ()) -> Any:
    """The first value of the first row of `sql` (a query that always returns one row, e.g. a count)."""
    row = con.execute(sql, list(params)).fetchone()
    if row is None:
        raise LookupError(f"no row from {sql}")
    return row[0]


def rows(con: Any, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
    """The result of `sql` as a list of dicts (column name -> value)."""
    cur = con.execute(sql, list(params))
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def tables(con: Any) -> set[str]:
    """`schema.table` of every table and view in the connected database."""
    return {f"{s}.{t}" for s, t in con.execute(
        "select table_schema, table_name from information_schema.tables").fetchall()}


def labels(con: Any, relation: str = "marts.dim_label") -> dict[str, dict[str, dict[str, Any]]]:
    """domain -> code -> {label, label_long, sort_order} from dim_label (or the seed it is built from)."""
    out: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    label_col, long_col = ("label_sv", "label_long_sv") if relation.endswith("dim_label") else ("label", "label_long")
    for r in rows(con, f"select domain, code, sort_order, {label_col} as label, {long_col} as label_long "
                       f"from {relation} order by domain, sort_order"):
        out[r["domain"]][r["code"]] = r
    return dict(out)
