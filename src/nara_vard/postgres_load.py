"""`nara-vard load --target postgres`: the landing files into PostgreSQL as bytes (issue 13).

DuckDB reads the landing folder itself (`read_blob`); PostgreSQL cannot, so every landing file is
inserted, whole and undecoded, into `landing.raw_files` and each landing source gets a view
`landing.<source>` with read_blob's four columns (filename, content, size, last_modified). The base
models then decode and parse the bytes in SQL exactly as on DuckDB (the landing macros' postgres__ variants).

The four columns carry what read_blob gives for the same file, so the base tables are equal:
- `filename` is '<landing>/<source>/<file>' with the landing path as `nara-vard build` hands it to
  dbt (resolved to an absolute path, see cli.dbt_environment);
- `last_modified` is the file's modification time cut to whole seconds (read_blob's precision), UTC;
- every regular file of the folder counts, hidden ones included, sub-folders not (read_blob's `*`).
A source whose folder is missing or empty still gets its (empty) view.

The load replaces what was there, in one transaction: a build never sees half a landing.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from nara_vard.paths import REPO_ROOT, landing_dir

RAW_TABLE_DDL = """
create table if not exists landing.raw_files (
    source text not null,
    file_name text not null,
    content bytea not null,
    last_modified timestamptz not null,
    size bigint not null,
    filename text not null,
    primary key (source, file_name)
)
"""


@dataclass(frozen=True)
class LoadResult:
    files: int
    bytes: int
    seconds: float
    sources: list[str]


def landing_source_names(project_dir: Path = REPO_ROOT) -> list[str]:
    """The landing folders: every table of a source whose YAML reads the landing (`external_location`).

    The same list as the macro landing_sources() (one table per landing folder), read from the sources
    YAML so that Python needs no dbt to know it.
    """
    names: list[str] = []
    for path in sorted((project_dir / "models" / "staging").glob("*/_*__sources.yml")):
        for source in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("sources", []):
            if "external_location" not in (source.get("meta") or {}):
                continue
            names += [table["name"] for table in source.get("tables", [])]
    return names


def connection_parameters() -> dict[str, Any]:
    """The connection of the `postgres` profile target (same environment variables and defaults)."""
    return {
        "host": os.environ.get("NARA_VARD_PG_HOST", "127.0.0.1"),
        "port": int(os.environ.get("NARA_VARD_PG_PORT", "55413")),
        "user": os.environ.get("NARA_VARD_PG_USER", "postgres"),
        "password": os.environ.get("NARA_VARD_PG_PASSWORD", ""),
        "dbname": os.environ.get("NARA_VARD_PG_DBNAME", "nara_vard"),
    }


def _landing_files(landing: Path, landing_text: str, source: str
                   ) -> Iterator[tuple[str, str, bytes, datetime, int, str]]:
    folder = landing / source
    if not folder.is_dir():
        return
    for path in sorted(folder.iterdir()):
        if not path.is_file():
            continue
        stat = path.stat()
        modified = datetime.fromtimestamp(int(stat.st_mtime), tz=UTC)
        yield (source, path.name, path.read_bytes(), modified, stat.st_size, f"{landing_text}/{source}/{path.name}")


def load_landing(landing: Path | None = None, project_dir: Path = REPO_ROOT) -> LoadResult:
    """Replace landing.raw_files with every file of the landing and (re)create the per-source views."""
    import psycopg2
    from psycopg2.extras import execute_values

    started = time.perf_counter()
    landing = landing or landing_dir()
    landing_text = str(landing.resolve()).rstrip("/") or "/"
    sources = landing_source_names(project_dir)
    files = total = 0
    connection = psycopg2.connect(**connection_parameters())
    try:
        with connection, connection.cursor() as cursor:
            cursor.execute("create schema if not exists landing")
            cursor.execute(RAW_TABLE_DDL)
            cursor.execute("truncate landing.raw_files")
            for source in sources:
                batch: list[tuple] = []
                for row in _landing_files(landing, landing_text, source):
                    batch.append((*row[:2], psycopg2.Binary(row[2]), *row[3:]))
                    files += 1
                    total += row[4]
                    if len(batch) >= 64:
                        execute_values(cursor, "insert into landing.raw_files values %s", batch)
                        batch = []
                if batch:
                    execute_values(cursor, "insert into landing.raw_files values %s", batch)
                cursor.execute(
                    f'create or replace view landing."{source}" as '
                    "select filename, content, size, last_modified from landing.raw_files "
                    f"where source = '{source}'"
                )
            cursor.execute("analyze landing.raw_files")
    finally:
        connection.close()
    return LoadResult(files=files, bytes=total, seconds=time.perf_counter() - started, sources=sources)
