"""`nara-vard serve`: uvicorn on loopback, with a guard against requests that never finish arriving.

uvicorn closes an idle keep-alive connection, but a client that sends half a request line or half its headers
and then waits (slowloris) holds its connection for ever. `GuardedHttpToolsProtocol` answers such a client
`408 Request Timeout` and closes the connection when the request head is not complete within
`HEADER_TIMEOUT` seconds; a request line or header block too long for the parser is refused with 400 by
uvicorn itself; the number of open connections is capped (`limit_concurrency`, 503 beyond it).
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from nara_vard.api.app import create_app

HEADER_TIMEOUT = 10.0
DEFAULT_PORT = 8484
MAX_CONNECTIONS = 500


class GuardedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with a deadline for each request's head."""

    header_timeout = HEADER_TIMEOUT
    _head_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def _arm(self) -> None:
        self._disarm()
        self._head_timer = self.loop.call_later(self.header_timeout, self._head_too_slow)

    def _disarm(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def on_headers_complete(self) -> None:
        self._disarm()
        super().on_headers_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()  # the next request on a kept-alive connection gets its own deadline

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _head_too_slow(self) -> None:
        self._head_timer = None
        cycle: Any = self.cycle
        if self.transport.is_closing() or (cycle is not None and not cycle.response_complete):
            return
        message = b"request head not complete in time"
        self.transport.write(b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
                             b"content-length: " + str(len(message)).encode() + b"\r\nconnection: close\r\n\r\n"
                             + message)
        self.transport.close()


def serve(published: Path, host: str = "127.0.0.1", port: int = DEFAULT_PORT, log_level: str = "info",
          header_timeout: float = HEADER_TIMEOUT) -> int:
    GuardedHttpToolsProtocol.header_timeout = header_timeout
    config: Any = uvicorn.Config(create_app(published), host=host, port=port, http=GuardedHttpToolsProtocol,
                                 log_level=log_level, limit_concurrency=MAX_CONNECTIONS, timeout_keep_alive=5,
                                 server_header=False, proxy_headers=False)
    print(f"nara-vard serve: the publication in {published} on http://{host}:{port}/ "
          f"(Kolada v2 at /v2/, native at /api/v1/, OpenAPI at /docs)", flush=True)
    uvicorn.Server(config).run()
    return 0
