"""The ASGI application: routes, the publication of each request, ETags, and errors without stack traces."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any
from urllib.parse import unquote_to_bytes

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from nara_vard.api import kolada, native
from nara_vard.api.errors import ApiError
from nara_vard.api.store import NoPublication, Publication, PublicationStore

log = logging.getLogger("nara_vard.api")

#: a request line longer than this is refused before routing (414)
MAX_TARGET = 16_384

DESCRIPTION = """
Read-only API over the **published** nara_vard indicator mart (never the build database).

* `/v2/...` answers as Kolada's API version 2 does: point an existing Kolada client at `<this server>/v2/`.
  KPIs are our indicators, municipality 0014 is the region, municipality groups are kommunalförbund and
  delregionala nämnder, organisational units are vårdcentraler, sjukhus and närsjukvårdsteam; yearly values
  per gender T/K/M, a hidden value is `null` with status `dold`.
* `/api/v1/...` gives months, quarters, every geography level, intervals, significance, quality flags and
  reasons, disclosure status and definitions, as JSON, CSV (Swedish Excel) or Parquet, and earlier
  publications (`as_of`).

Every response carries `X-Publication-Id` and an `ETag`; send `If-None-Match` to get `304` while nothing
new is published. A synthetic publication says so (`synthetic_data`).
"""


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message, "status": status}, status_code=status)


def _bad_text(raw: bytes) -> str | None:
    """Why a percent-encoded path or query is not text we answer (not UTF-8, control characters), or None."""
    try:
        text = unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return "is not UTF-8 once percent-decoded"
    if any(ord(c) < 32 or ord(c) == 127 for c in text):
        return "holds control characters"
    return None


def create_app(published: Path) -> FastAPI:
    app = FastAPI(title="nara_vard API", version="1", description=DESCRIPTION,
                  docs_url="/docs", redoc_url=None, openapi_url="/openapi.json")
    app.state.store = PublicationStore(published)
    app.include_router(kolada.router)
    app.include_router(native.router)

    @app.middleware("http")
    async def publication_of_the_request(request: Request, call_next: Any) -> Response:
        target = request.scope.get("raw_path", b"") + b"?" + request.scope.get("query_string", b"")
        if len(target) > MAX_TARGET:
            return _error(414, f"the request target is {len(target)} bytes; at most {MAX_TARGET}")
        problem = _bad_text(request.scope.get("raw_path", b"")) or _bad_text(request.scope.get("query_string", b""))
        if problem:
            return _error(400, f"the request target {problem}")
        path = request.url.path
        if not path.startswith(("/v2/", "/api/")):
            return await call_next(request)  # /docs, /openapi.json
        try:
            pub: Publication = app.state.store.current()
        except NoPublication as error:
            return _error(503, str(error))
        request.state.publication = pub
        if "as_of" not in request.query_params and request.headers.get("if-none-match") == pub.etag:
            return Response(status_code=304, headers={"ETag": pub.etag, "X-Publication-Id": pub.publication_id})
        response: Response = await call_next(request)
        answered_from = getattr(request.state, "answered_from", pub.publication_id)
        response.headers["X-Publication-Id"] = answered_from
        response.headers["X-Published-At"] = pub.published_at if answered_from == pub.publication_id else ""
        response.headers["ETag"] = f'"{answered_from}"'
        response.headers["Cache-Control"] = "no-cache"
        if pub.synthetic:
            response.headers["X-Synthetic-Data"] = "true"
        return response

    @app.exception_handler(ApiError)
    async def api_error(request: Request, error: ApiError) -> JSONResponse:
        return _error(error.status, error.message)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> JSONResponse:
        problems = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}"
                             for e in error.errors()[:5])
        return _error(400, f"invalid request: {problems}")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        message = {404: f"no such resource: {request.url.path[:200]} (see /docs)",
                   405: "only GET (and HEAD) are answered"}.get(error.status_code, str(error.detail))
        return _error(error.status_code, message)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> JSONResponse:
        # one line, no stack trace: the request and the error's type and text
        log.error("500 for %s %s: %s: %s", request.method, request.url.path[:200], type(error).__name__,
                  str(error)[:300])
        return _error(500, "internal error; the server log names it")

    return app
