"""A real `nara-vard serve` on loopback for the API tests and the load benchmark: started as its own process on
a free port, waited for, stopped at the end; its log is kept to be read."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from nara_vard.paths import REPO_ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_server(published: Path, log: Path, header_timeout: float = 10.0) -> Iterator[str]:
    """The server's base URL (http://127.0.0.1:<port>) while it runs."""
    port = free_port()
    cli = Path(sys.executable).parent / "nara-vard"
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.Popen([str(cli), "serve", "--published", str(published), "--port", str(port),
                                 "--header-timeout", str(header_timeout)], cwd=REPO_ROOT, stdout=out,
                                stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(base + "/api/v1/publication", timeout=5) as answer:
                        if answer.status == 200:
                            break
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"nara-vard serve did not start: {log.read_text(encoding='utf-8')[-2000:]}")
                time.sleep(0.2)
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
