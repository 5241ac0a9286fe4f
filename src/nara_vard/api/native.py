"""What Kolada cannot say: every period type, geography level and sex, intervals, significance, the quality flag
and its reason, disclosure status, definitions, and any earlier publication (`as_of`).

Filters are checked before anything is read: an unknown indicator, geography or publication is a 404 naming it,
a malformed value a 400 saying what is allowed. Values are bound as query parameters, never pasted into SQL.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from fastapi import APIRouter, Query, Request

from nara_vard.api.errors import ApiError
from nara_vard.api.kolada import MAX_IDS, split_ids
from nara_vard.api.respond import FORMATS, csv_response, json_response, parquet_response
from nara_vard.api.store import NO_REVISIONS, VALUES_IN_MEMORY, Publication, values_with_revisions
from nara_vard.publish import (
    HISTORY_DIR,
    HISTORY_REVISIONS,
    HISTORY_VALUES,
    REVISIONS_TABLE,
    VALUE_KEY,
)

router = APIRouter(prefix="/api/v1", tags=["native"])

MAX_PER_PAGE = 10_000
PERIOD_TYPES = ("month", "quarter", "year")
SEXES = ("T", "K", "M")
_PERIOD = re.compile(r"^(?P<y>[0-9]{4})(?:-(?:(?P<m>0[1-9]|1[0-2])|Q(?P<q>[1-4])))?$")
_PUBLICATION = re.compile(r"^[0-9]{8}T[0-9]{12}Z$")


def period_bound(text: str | None, name: str) -> date | None:
    """`2023`, `2023-05` or `2023-Q2` as the first day of that period (400 otherwise)."""
    if text is None:
        return None
    match = _PERIOD.match(text)
    if not match:
        raise ApiError(400, f"{name}={text[:40]!r}: give a year (2023), a month (2023-05) or a quarter (2023-Q2)")
    month = int(match["m"]) if match["m"] else 3 * int(match["q"]) - 2 if match["q"] else 1
    return date(int(match["y"]), month, 1)


def _choice(text: str | None, allowed: tuple[str, ...], name: str) -> list[str] | None:
    if text is None:
        return None
    values = [v for v in text.split(",") if v]
    if len(values) > MAX_IDS:
        raise ApiError(400, f"{name}: at most {MAX_IDS} values")
    for value in values:
        if value not in allowed:
            raise ApiError(400, f"{name}={value[:40]!r} is not one of {', '.join(allowed)}")
    return values


def _source(request: Request, pub: Publication, as_of: str | None) -> tuple[str, str]:
    """(the relation to read values from, the publication id it is): the current publication (its values table,
    made when it was loaded) or one kept in the history."""
    if as_of is None or as_of == pub.publication_id:
        return VALUES_IN_MEMORY, pub.publication_id
    if not _PUBLICATION.match(as_of):
        raise ApiError(400, f"as_of={as_of[:40]!r} is not a publication id (like 20261207T235301123456Z)")
    kept = {h["publication_id"] for h in request.app.state.store.history()}
    if as_of not in kept:
        raise ApiError(404, f"no publication {as_of} in the history (GET /api/v1/publications lists them)")
    folder = request.app.state.store.folder / HISTORY_DIR / as_of  # as_of matched the id pattern: no '..'
    kept_revisions = folder / HISTORY_REVISIONS
    revisions = f"read_parquet('{kept_revisions}')" if kept_revisions.is_file() else NO_REVISIONS
    return values_with_revisions(f"read_parquet('{folder / HISTORY_VALUES}')", revisions), as_of


@router.get("/publication", summary="The publication answering now")
def publication(request: Request) -> Any:
    pub: Publication = request.state.publication
    meta = pub.meta
    keep = ("publication_id", "published_at", "previous_publication_id", "synthetic_data", "synthetic_data_notice",
            "disclosure_audit", "dbt_version", "landing_manifest_sha256")
    body = {k: meta.get(k) for k in keep}
    body["tables"] = [f"{t['schema']}.{t['table']}" for t in meta.get("tables", [])]
    return json_response(request, body)


@router.get("/publications", summary="Every publication kept in the history, oldest first")
def publications(request: Request) -> Any:
    history = request.app.state.store.history()
    return json_response(request, {"count": len(history), "values": [
        {"publication_id": h["publication_id"], "published_at": h["published_at"]} for h in history]})


@router.get("/indicators", summary="Definitions of every indicator (the catalogue, in Swedish and English)")
def indicators(request: Request) -> Any:
    pub: Publication = request.state.publication
    return json_response(request, {"count": len(pub.indicators), "synthetic_data": pub.synthetic,
                                   "values": list(pub.indicators.values())})


@router.get("/indicators/{indicator_id}", summary="One indicator's definition")
def indicator(request: Request, indicator_id: str) -> Any:
    pub: Publication = request.state.publication
    (checked,) = split_ids(indicator_id, "indicator")[:1]
    if checked not in pub.indicators:
        raise ApiError(404, f"no indicator {checked!r} (GET /api/v1/indicators lists them)")
    return json_response(request, pub.indicators[checked])


@router.get("/geographies", summary="Region, kommunalförbund, delregionala nämnder, kommuner, units")
def geographies(request: Request, level: str | None = None) -> Any:
    pub: Publication = request.state.publication
    levels = sorted({lvl for lvl, _ in pub.geographies})
    wanted = _choice(level, tuple(levels), "level")
    rows = [g for (lvl, _), g in sorted(pub.geographies.items()) if wanted is None or lvl in wanted]
    return json_response(request, {"count": len(rows), "values": rows})


@router.get("/values", summary="Indicator values: any period type, geography level and sex; JSON, CSV or Parquet")
def values(request: Request, indicator: str | None = None, geo_level: str | None = None,
           geo_code: str | None = None, period_type: str | None = None, period_from: str | None = None,
           period_to: str | None = None, sex: str | None = None, as_of: str | None = None,
           output_format: str = Query("json", alias="format"),
           page: int = 1, per_page: int = 1000) -> Any:
    pub: Publication = request.state.publication
    if output_format not in FORMATS:
        raise ApiError(400, f"format={output_format[:20]!r} is not one of {', '.join(FORMATS)}")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise ApiError(400, f"per_page must be 1..{MAX_PER_PAGE}")
    if not 1 <= page <= 1_000_000:
        raise ApiError(400, "page must be 1..1000000")
    where: list[str] = ["true"]
    params: list[Any] = []
    if indicator is not None:
        ids = split_ids(indicator, "indicator")
        unknown = [i for i in ids if i not in pub.indicators]
        if unknown:
            raise ApiError(404, f"no indicator {', '.join(unknown[:5])} (GET /api/v1/indicators lists them)")
        where.append(f"indicator_id in ({', '.join('?' for _ in ids)})")
        params += ids
    levels = _choice(geo_level, tuple(sorted({lvl for lvl, _ in pub.geographies})), "geo_level")
    if levels is not None:
        where.append(f"geo_level in ({', '.join('?' for _ in levels)})")
        params += levels
    if geo_code is not None:
        codes = split_ids(geo_code, "geo_code")
        known = {code for _, code in pub.geographies}
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise ApiError(404, f"no geography {', '.join(unknown[:5])} (GET /api/v1/geographies lists them)")
        where.append(f"geo_code in ({', '.join('?' for _ in codes)})")
        params += codes
    for text, allowed, name in ((period_type, PERIOD_TYPES, "period_type"), (sex, SEXES, "sex")):
        chosen = _choice(text, allowed, name)
        if chosen is not None:
            where.append(f"{name} in ({', '.join('?' for _ in chosen)})")
            params += chosen
    for text, op, name in ((period_from, ">=", "period_from"), (period_to, "<=", "period_to")):
        bound = period_bound(text, name)
        if bound is not None:
            where.append(f"period_start {op} ?")
            params.append(bound)
    relation, answered_from = _source(request, pub, as_of)
    request.state.answered_from = answered_from
    selected = f"select * from {relation} where {' and '.join(where)}"
    order = f" order by {', '.join(VALUE_KEY)}"
    cursor = pub.cursor()
    try:
        name = f"nara_vard_values_{answered_from}"
        if output_format == "parquet":
            return parquet_response(cursor, selected + order, params, name)
        # one query: the page and, on every row, how many rows match in all
        result = cursor.execute(f"select *, count(*) over () as matching_rows from ({selected}){order} "
                                "limit ? offset ?", [*params, per_page, (page - 1) * per_page])
        columns = [d[0] for d in result.description][:-1]
        fetched = result.fetchall()
        total = fetched[0][-1] if fetched else cursor.execute(f"select count(*) from ({selected})",
                                                              params).fetchone()[0]
        rows = [r[:-1] for r in fetched]
    finally:
        cursor.close()
    if output_format == "csv":
        yes_no = (pub.cached("yes_no", _yes_no))
        return csv_response(columns, rows, name, yes_no)
    body: dict[str, Any] = {"publication_id": answered_from, "synthetic_data": pub.synthetic, "total": total,
                            "count": len(rows), "values": [dict(zip(columns, r, strict=True)) for r in rows]}
    if page * per_page < total:
        body["next_page"] = str(request.url.include_query_params(page=page + 1, per_page=per_page))
    return json_response(request, body)


def _yes_no(pub: Publication) -> tuple[str, str]:
    rows = dict(pub.cursor().execute(
        "select code, label_sv from marts.dim_label where domain = 'yes_no'").fetchall())
    return str(rows["true"]), str(rows["false"])


@router.get("/revisions", summary="Values a publication revised, with the reason (correction, late delivery, ...)")
def revisions(request: Request, publication: str | None = None, indicator: str | None = None,
              page: int = 1, per_page: int = 1000) -> Any:
    pub: Publication = request.state.publication
    if not 1 <= per_page <= MAX_PER_PAGE or not 1 <= page <= 1_000_000:
        raise ApiError(400, f"per_page must be 1..{MAX_PER_PAGE} and page 1..1000000")
    where: list[str] = ["true"]
    params: list[Any] = []
    if publication is not None:
        if not _PUBLICATION.match(publication):
            raise ApiError(400, f"publication={publication[:40]!r} is not a publication id")
        where.append("publication_id = ?")
        params.append(publication)
    if indicator is not None:
        ids = split_ids(indicator, "indicator")
        where.append(f"indicator_id in ({', '.join('?' for _ in ids)})")
        params += ids
    cursor = pub.cursor()
    try:
        table = f"marts.{REVISIONS_TABLE}" if pub.has_revisions else NO_REVISIONS
        sql = f"select * from {table} where {' and '.join(where)}"
        total = cursor.execute(f"select count(*) from ({sql})", params).fetchone()[0]
        result = cursor.execute(f"{sql} order by all limit ? offset ?", [*params, per_page, (page - 1) * per_page])
        columns = [d[0] for d in result.description]
        rows = [dict(zip(columns, r, strict=True)) for r in result.fetchall()]
    finally:
        cursor.close()
    body: dict[str, Any] = {"total": total, "count": len(rows), "values": rows}
    if page * per_page < total:
        body["next_page"] = str(request.url.include_query_params(page=page + 1, per_page=per_page))
    return json_response(request, body)
