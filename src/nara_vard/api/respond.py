"""Responses: JSON (UTF-8), CSV for Swedish Excel and Parquet, each naming the publication it was read from."""

from __future__ import annotations

import csv
import io
import json
import math
import os
import tempfile
from datetime import date, datetime
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from nara_vard.exports import csv_text

FORMATS = ("json", "csv", "parquet")


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _clean(value: Any) -> Any:
    return None if isinstance(value, float) and not math.isfinite(value) else value


def json_response(request: Request, body: dict[str, Any] | list[Any], status: int = 200) -> Response:
    data = json.dumps(body, ensure_ascii=False, default=_default, separators=(",", ":"), allow_nan=False)
    return Response(data.encode("utf-8"), status_code=status, media_type="application/json; charset=utf-8")


def csv_response(columns: list[str], rows: list[tuple[Any, ...]], filename: str, yes_no: tuple[str, str]) -> Response:
    """Swedish Excel's CSV: UTF-8 with BOM, `;` between fields, decimal comma, CRLF (as the exports);
    a true/false is written with the labels' words for yes and no (`yes_no`)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([(yes_no[0] if v else yes_no[1]) if isinstance(v, bool) else csv_text(v)
                         for v in (_clean(x) for x in row)])
    return Response(out.getvalue().encode("utf-8"), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}.csv"'})


def parquet_response(cursor: Any, sql: str, params: list[Any], filename: str) -> Response:
    """The query's rows as one Parquet file, written by DuckDB (the query's parameters are bound, never pasted)."""
    handle, path = tempfile.mkstemp(suffix=".parquet", prefix="nara-vard-api-")
    os.close(handle)
    try:
        cursor.execute(f"copy ({sql}) to '{path}' (format parquet)", params)
        with open(path, "rb") as stream:
            data = stream.read()
    finally:
        os.unlink(path)
    return Response(data, media_type="application/vnd.apache.parquet",
                    headers={"Content-Disposition": f'attachment; filename="{filename}.parquet"'})
