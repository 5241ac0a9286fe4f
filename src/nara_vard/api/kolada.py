"""Kolada's API version 2, answered from our publication, so an existing Kolada client needs only a new base URL.

The mapping (stated in the README and on the OpenAPI page):
- KPI = one of our indicators (its id is ours: `medelvardtid`, not an N-number); the title, description,
  unit and the reference (target or benchmark, decided or assumed) come from the catalogue, and a synthetic
  publication says so in every KPI's description;
- municipality = a kommun (its four-digit code, type K) or the region (0014, type L, as in Kolada);
- municipality group = a kommunalförbund or a delregional nämnd, its members the kommuner;
- organisational unit (ou) = a vårdcentral, a sjukhus or a närsjukvårdsteam;
- data = the published yearly value per gender T (totalt), K (kvinnor), M (män). A cell without a figure is
  `null` with the publication's own marker as its status (dim_label, domain missing_reason: `..` hidden by
  disclosure control, `saknas` not delivered, `.` not measured).
Paging as Kolada: `per_page` (at most 5 000), `page`, and `next_page`/`previous_page` as full URLs.
"""

from __future__ import annotations

import inspect
import re
from typing import Any

from fastapi import APIRouter, Request

from nara_vard.api.errors import ApiError
from nara_vard.api.respond import json_response
from nara_vard.api.store import GROUP_LEVELS, OU_LEVELS, REGION_KOLADA_ID, Publication, kolada_geo_id

router = APIRouter(prefix="/v2", tags=["Kolada v2"])

MAX_PER_PAGE = 5000
MAX_IDS = 500
_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_YEAR = re.compile(r"^[0-9]{4}$")
GENDERS = ("K", "M", "T")


def split_ids(text: str, what: str, pattern: re.Pattern[str] = _ID) -> list[str]:
    """A comma-separated id list from a path, each id checked (400 naming the first bad one)."""
    ids = [i for i in text.split(",") if i != ""]
    if not ids:
        raise ApiError(400, f"no {what} id given")
    if len(ids) > MAX_IDS:
        raise ApiError(400, f"{len(ids)} {what} ids: at most {MAX_IDS} per request")
    for item in ids:
        if not pattern.match(item):
            raise ApiError(400, f"{what} id {item[:40]!r} is not an id (letters, digits, _ and - only)")
    return list(dict.fromkeys(ids))


def _page(request: Request, items: list[dict[str, Any]], per_page: int, page: int) -> dict[str, Any]:
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise ApiError(400, f"per_page must be 1..{MAX_PER_PAGE}")
    if page < 1:
        raise ApiError(400, "page must be 1 or more")
    start = (page - 1) * per_page
    chunk = items[start:start + per_page]
    body: dict[str, Any] = {"count": len(chunk), "values": chunk}
    if start + per_page < len(items):
        body["next_page"] = str(request.url.include_query_params(page=page + 1, per_page=per_page))
    if page > 1:
        body["previous_page"] = str(request.url.include_query_params(page=page - 1, per_page=per_page))
    return body


def _matches(text: Any, query: str | None) -> bool:
    return query is None or query.lower() in str(text or "").lower()


def _pick(items: list[dict[str, Any]], ids: str | None, what: str) -> list[dict[str, Any]]:
    if ids is None:
        return items
    wanted = set(split_ids(ids, what))
    return [i for i in items if i["id"] in wanted]


def kpis(pub: Publication) -> list[dict[str, Any]]:
    notice = pub.meta.get("synthetic_data_notice") if pub.synthetic else None
    ou_kpis = {k[0] for k in pub.ou_yearly}
    out = []
    for indicator_id, i in pub.indicators.items():
        description = " ".join(x for x in (f"{notice}." if notice else None, i.get("definition_sv")) if x)
        out.append({
            "id": indicator_id, "title": i["indicator_name_sv"], "description": description,
            "operating_area": pub.kolada_words["operating_area"], "auspices": None, "perspective": i.get("source"),
            "has_ou_data": indicator_id in ou_kpis, "is_divided_by_gender": int(bool(i.get("sex_breakdown"))),
            "municipality_type": "A", "publ_period": None,
            "publication_date": pub.published_at[:10], "ou_publication_date": pub.published_at[:10],
            "prel_publication_date": None,
            # beyond Kolada: what the number is measured in and what it may be set against
            "unit": i.get("unit"), "period_types": (i.get("period_types") or "").split(),
            "reference_kind": i.get("reference_kind"), "reference_value": i.get("reference_value"),
            "reference_label_sv": i.get("reference_label_sv"),
            "reference_is_assumed": i.get("reference_is_assumed"),
            "reference_source_sv": i.get("reference_source_sv"),
            "synthetic_data": pub.synthetic, "synthetic_data_notice": notice,
        })
    return out


def municipalities(pub: Publication) -> list[dict[str, Any]]:
    out = [{"id": kolada_geo_id(level, code), "title": g["geo_name_sv"], "type": "L" if level == "region" else "K"}
           for (level, code), g in pub.geographies.items() if level in ("region", "kommun")]
    return sorted(out, key=lambda m: m["id"])


def municipality_groups(pub: Publication) -> list[dict[str, Any]]:
    out = []
    for (level, code), g in sorted(pub.geographies.items()):
        if level not in GROUP_LEVELS:
            continue
        column = "kommunalforbund_code" if level == "kommunalforbund" else "delregional_namnd_code"
        members = [{"id": m["geo_code"], "title": m["geo_name_sv"]} for (lvl, _), m in sorted(pub.geographies.items())
                   if lvl == "kommun" and m.get(column) == code]
        out.append({"id": code, "title": g["geo_name_sv"], "members": members})
    return out


def kpi_groups(pub: Publication) -> list[dict[str, Any]]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for indicator_id, i in pub.indicators.items():
        member = {"member_id": indicator_id, "member_title": i["indicator_name_sv"]}
        groups.setdefault(str(i.get("source")), []).append(member)
    return [{"id": source, "title": f"{pub.kolada_words['kpi_group']}: {source}", "members": members}
            for source, members in sorted(groups.items())]


def organisational_units(pub: Publication) -> list[dict[str, Any]]:
    out = [{"id": code, "municipality": g.get("municipality_code") or REGION_KOLADA_ID, "title": g["geo_name_sv"],
            "type": level}
           for (level, code), g in pub.geographies.items() if level in OU_LEVELS]
    return sorted(out, key=lambda o: o["id"])


def _data_values(pub: Publication, index_name: str, kpi_ids: list[str] | None, geo_ids: list[str] | None,
                 years: list[int] | None, geo_key: str) -> list[dict[str, Any]]:
    index: dict[tuple[str, str, int], dict[str, tuple[float | None, str]]] = getattr(pub, index_name)
    if kpi_ids is not None and geo_ids is not None and years is not None \
            and len(kpi_ids) * len(geo_ids) * len(years) <= 50_000:
        keys = sorted(k for k in ((a, b, c) for a in kpi_ids for b in geo_ids for c in years) if k in index)
    else:
        kpi_set, geo_set, year_set = (set(x) if x is not None else None for x in (kpi_ids, geo_ids, years))
        keys = [k for k in pub.sorted_keys(index_name) if (kpi_set is None or k[0] in kpi_set)
                and (geo_set is None or k[1] in geo_set) and (year_set is None or k[2] in year_set)]
    out = []
    for kpi, geo, year in keys:
        cells = index[(kpi, geo, year)]
        out.append({"kpi": kpi, geo_key: geo, "period": year,
                    "values": [{"count": 1 if cells[g][0] is not None else 0, "gender": g,
                                "status": cells[g][1], "value": cells[g][0]} for g in GENDERS if g in cells]})
    return out


def _years(text: str) -> list[int]:
    return [int(y) for y in split_ids(text, "year", _YEAR)]


def _data(request: Request, index_name: str, geo_key: str, kpi: str | None, geo: str | None, year: str | None,
          per_page: int, page: int) -> Any:
    pub: Publication = request.state.publication
    given = [x for x in (kpi, geo, year) if x is not None]
    if len(given) < 2:
        raise ApiError(400, f"give at least two of kpi, {geo_key} and year")
    items = _data_values(pub, index_name, split_ids(kpi, "kpi") if kpi is not None else None,
                         split_ids(geo, geo_key) if geo is not None else None,
                         _years(year) if year is not None else None, geo_key)
    return json_response(request, _page(request, items, per_page, page))


def _register_metadata(path: str, build: Any, filters: tuple[str, ...]) -> None:
    async def listing(request: Request, ids: str | None = None, title: str | None = None,
                      description: str | None = None, operating_area: str | None = None,
                      municipality: str | None = None, per_page: int = MAX_PER_PAGE, page: int = 1) -> Any:
        items = _pick(request.state.publication.cached(path, build), ids, path)
        query = {"title": title, "description": description, "operating_area": operating_area,
                 "municipality": municipality}
        for name in filters:
            items = [i for i in items if _matches(i.get(name), query[name])]
        return json_response(request, _page(request, items, per_page, page))

    async def by_id(request: Request, ids: str, per_page: int = MAX_PER_PAGE, page: int = 1) -> Any:
        return await listing(request, ids=ids, per_page=per_page, page=page)

    router.add_api_route(f"/{path}", listing, methods=["GET"], summary=f"{path} (Kolada v2)")
    router.add_api_route(f"/{path}/{{ids}}", by_id, methods=["GET"], summary=f"{path} by id (Kolada v2)")


_register_metadata("kpi", kpis, ("title", "description", "operating_area"))
_register_metadata("kpi_groups", kpi_groups, ("title",))
_register_metadata("municipality", municipalities, ("title",))
_register_metadata("municipality_groups", municipality_groups, ("title",))
_register_metadata("ou", organisational_units, ("title", "municipality"))


def _register_data(endpoint: str, index_name: str, geo_key: str) -> None:
    """The data routes of Kolada v2 for one endpoint (`data` or `oudata`): kpi, geography and year in the path,
    any two or all three of them."""
    shapes = {("kpi", geo_key, "year"): "Yearly values", ("kpi", geo_key): "Yearly values, every year",
              ("kpi", "year"): f"Yearly values, every {geo_key}", (geo_key, "year"): "Yearly values, every KPI"}
    for parts, summary in shapes.items():
        async def route(request: Request, per_page: int = MAX_PER_PAGE, page: int = 1, **given: str) -> Any:
            return _data(request, index_name, geo_key, given.get("kpi"), given.get(geo_key), given.get("year"),
                         per_page, page)

        path = "/" + endpoint + "".join(f"/{part}/{{{part}}}" for part in parts)
        route.__signature__ = _signature(parts)  # type: ignore[attr-defined]
        router.add_api_route(path, route, methods=["GET"], summary=f"{summary} (Kolada v2)")


def _signature(parts: tuple[str, ...]) -> inspect.Signature:
    """What FastAPI reads to bind the path's parts (strings) besides the request and paging."""
    keyword = inspect.Parameter.KEYWORD_ONLY
    return inspect.Signature([
        inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Request),
        *(inspect.Parameter(part, keyword, annotation=str) for part in parts),
        inspect.Parameter("per_page", keyword, default=MAX_PER_PAGE, annotation=int),
        inspect.Parameter("page", keyword, default=1, annotation=int),
    ])


_register_data("data", "yearly", "municipality")
_register_data("oudata", "ou_yearly", "ou")
