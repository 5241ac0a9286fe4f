"""The ASGI application: routes, the publication of each request, ETags, and errors without stack traces."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import unquote_to_bytes

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
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
  per gender T/K/M; a cell without a figure is `null`, its status the publication's marker (`..` hidden,
  `saknas` not delivered).
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


async def _send_error(send: Any, status: int, message: str, headers: list[tuple[bytes, bytes]] | None = None) -> None:
    body = json.dumps({"error": message, "status": status}, ensure_ascii=False).encode("utf-8") if message else b""
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json; charset=utf-8"),
                            (b"content-length", str(len(body)).encode())] + (headers or [])})
    await send({"type": "http.response.body", "body": body})


class PublicationOfTheRequest:
    """ASGI middleware: refuses targets that are too long or not text, takes the request's publication (one per
    request, whatever is published meanwhile), answers 304 to a matching If-None-Match, and names the
    publication a response was read from in `X-Publication-Id` and the `ETag`."""

    def __init__(self, app: Any, store: PublicationStore) -> None:
        self.app = app
        self.store = store

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        raw_path, query = scope.get("raw_path") or b"", scope.get("query_string") or b""
        if len(raw_path) + len(query) > MAX_TARGET:
            await _send_error(send, 414, f"the request target is {len(raw_path) + len(query)} bytes; "
                                         f"at most {MAX_TARGET}")
            return
        problem = _bad_text(raw_path) or _bad_text(query)
        if problem:
            await _send_error(send, 400, f"the request target {problem}")
            return
        if not scope["path"].startswith(("/v2/", "/api/")):
            await self.app(scope, receive, send)  # /docs, /openapi.json
            return
        try:
            pub: Publication = self.store.current()
        except NoPublication as error:
            await _send_error(send, 503, str(error))
            return
        state = scope.setdefault("state", {})
        state["publication"] = pub
        if b"as_of=" not in query:
            for name, value in scope["headers"]:
                if name == b"if-none-match" and value.decode("latin-1") == pub.etag:
                    await _send_error(send, 304, "", [(b"etag", pub.etag.encode()),
                                                      (b"x-publication-id", pub.publication_id.encode())])
                    return

        async def named_send(message: Any) -> None:
            if message["type"] == "http.response.start":
                answered_from = str(state.get("answered_from", pub.publication_id))
                extra = [(b"x-publication-id", answered_from.encode()), (b"etag", f'"{answered_from}"'.encode()),
                         (b"cache-control", b"no-cache")]
                if answered_from == pub.publication_id:
                    extra.append((b"x-published-at", pub.published_at.encode()))
                if pub.synthetic:
                    extra.append((b"x-synthetic-data", b"true"))
                message = {**message, "headers": list(message.get("headers", [])) + extra}
            await send(message)

        await self.app(scope, receive, named_send)


#: native requests that read DuckDB at once (threads); more would only take turns at the GIL with the event loop
#: that answers the Kolada lookups, and make those wait
QUERY_THREADS = 4


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    anyio.to_thread.current_default_thread_limiter().total_tokens = QUERY_THREADS
    yield


def create_app(published: Path) -> FastAPI:
    app = FastAPI(title="nara_vard API", version="1", description=DESCRIPTION,
                  docs_url="/docs", redoc_url=None, openapi_url="/openapi.json", lifespan=_lifespan)
    app.state.store = PublicationStore(published)
    app.include_router(kolada.router)
    app.include_router(native.router)
    app.add_middleware(PublicationOfTheRequest, store=app.state.store)

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
