"""File mechanics shared by `publish` and `export`: durable writes and one writer per folder."""

from __future__ import annotations

import errno
import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def fsync_path(path: Path) -> None:
    """Flush a file or folder to disk, so a rename never exposes data that a crash could still lose."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def exclusive_lock(lock_file: Path, busy: Exception) -> Iterator[None]:
    """Hold an exclusive, non-blocking `flock` on `lock_file` for the block; raise `busy` if another
    process holds it. One writer per folder also makes removing its stale temporary files safe."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with lock_file.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno in (errno.EAGAIN, errno.EACCES):
                raise busy from error
            raise
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
