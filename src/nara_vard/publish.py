"""Publish the mart for BI tools and analysts so that they never block a build, and a build never blocks them.

Why this exists: DuckDB lets one process write a database file, and any process that has the file
open, even read-only, keeps the writer out. A BI tool or a notebook left open on the build database
therefore makes the next `dbt build` fail, and a running build makes the BI tool fail. So the build
database (`warehouse/nara_vard.duckdb`) is for the engineers only, and readers get a *published copy*:

    <published>/nara_vard.duckdb            the public models, same schema and table names
    <published>/nara_vard.previous.duckdb   the version it replaced (for `--rollback`)
    <published>/parquet/<table>.parquet     the same tables as Parquet (any tool, any DuckDB version)
    <published>/parquet.previous/           the Parquet files of the version replaced
    <published>/_published.json             what was published, from which build, checksums
    <published>/_published.previous.json    the same for the previous version

The published DuckDB file is never opened for writing in place. A complete new file is built under a
temporary name in the same folder and renamed over the old one (`os.replace`, atomic on POSIX). A
reader that already has the old file open keeps reading the complete old version (its inode lives
on until it closes it), a reader that opens afterwards gets the complete new one, and nobody waits
for a lock. The old version is kept by hard-linking it to `nara_vard.previous.duckdb` *before* the
rename, so the published name never disappears, not even for an instant.

Only dbt models declared `access: public` in the manifest are published: staging, intermediate,
audit and quarantine tables are internal and may change at any time.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sys
import time
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from nara_vard.dbread import scalar
from nara_vard.fileops import exclusive_lock, fsync_path
from nara_vard.paths import dbt_target_path, landing_dir, published_dir, warehouse_path
from nara_vard.provenance import landing_is_synthetic

PROJECT = "nara_vard"
PUBLISHED_DB = "nara_vard.duckdb"
PREVIOUS_DB = "nara_vard.previous.duckdb"
PARQUET_DIR = "parquet"
PREVIOUS_PARQUET_DIR = "parquet.previous"
METADATA = "_published.json"
PREVIOUS_METADATA = "_published.previous.json"
LOCK_FILE = ".publish.lock"
#: every publication kept: history/<publication_id>/ holds its public values, the landing files its build read,
#: the revisions it made and its _published.json
HISTORY_DIR = "history"
HISTORY_VALUES = "indicator_values.parquet"
HISTORY_DELIVERIES = "deliveries.parquet"
HISTORY_REVISIONS = "revisions.parquet"
#: beside the build database (private): what the next build must know about the last publication
STATE_DIR = "publication_state"
DISCLOSURE_STATE = "disclosure_cells.parquet"
#: the public model listing every revision so far; publish adds the ones its own publication makes
REVISIONS_TABLE = "rpt_indicator_revisions"
#: the cell of a published value (the key of fct_indicator_values_v2)
VALUE_KEY = ("indicator_id", "geo_level", "geo_code", "period_type", "period_start", "sex")
TMP_MARK = ".tmp-"

#: exit code when a database file is held by another process (shared with `nara-vard build`)
EXIT_LOCKED = 3


class PublishError(Exception):
    """A problem the user can fix (no public models, a missing table, nothing to roll back to)."""


class DatabaseLocked(PublishError):
    """Another process holds the build database so that we cannot even read it."""


@dataclass(frozen=True)
class PublicTable:
    """One public dbt model and the relation it is built as."""

    unique_id: str
    schema: str
    table: str
    description: str
    column_descriptions: dict[str, str]


# --------------------------------------------------------------------------------------------------
# DuckDB lock conflicts: one message for build, quality and publish


_HOLDER = re.compile(r"Conflicting lock is held in (?P<program>.*?) \(PID (?P<pid>\d+)\)")


def lock_holder(error_text: str) -> tuple[int | None, str | None]:
    """The (PID, program) DuckDB names in a lock-conflict error, or (None, None).

    DuckDB says e.g. `Conflicting lock is held in /usr/bin/python3 (PID 12345)`; parsing it lets
    us tell the user which process to close instead of showing DuckDB's text and a stack trace.
    """
    match = _HOLDER.search(error_text)
    if not match:
        return None, None
    return int(match.group("pid")), match.group("program")


def is_lock_conflict(error: BaseException) -> bool:
    """True when a DuckDB error is the file-lock conflict (not, say, a corrupt or missing file)."""
    text = str(error)
    return "Could not set lock" in text or "Conflicting lock" in text


def build_database_locked_message(path: Path, error_text: str, published: Path | None = None) -> str:
    """Plain-language explanation of a locked build database: who holds it and what to read instead."""
    published = published or published_dir(path)
    pid, program = lock_holder(error_text)
    holder = f"process {pid} ({program})" if pid is not None else "another process (DuckDB did not name it)"
    return "\n".join([
        f"The build database {path} is locked by another process: {holder}.",
        "DuckDB allows one writer, and a process that only reads the file also blocks the writer,",
        "so nothing can write to it (dbt build, nara-vard quality) while that program has the file open.",
        "BI tools and analysts must read the published copy instead, which a build never locks:",
        f"    {published / PUBLISHED_DB}",
        f"    or the Parquet files in {published / PARQUET_DIR}/",
        f"Find the holder with:  fuser -v {path}    or    lsof {path}",
        "Close that program (or point it at the published copy) and run the command again.",
    ])


def check_build_database_free(path: Path) -> str | None:
    """Try to open the build database for writing, close it at once; return a message if it is locked.

    Called before dbt runs so that a lock conflict ends in seconds with an explanation rather than
    deep inside dbt with DuckDB's error and a stack trace. Returns None when the file does not exist
    (dbt will create it) or could be opened.
    """
    if not path.exists():
        return None
    import duckdb

    try:
        duckdb.connect(str(path)).close()
    except duckdb.IOException as error:
        if is_lock_conflict(error):
            return build_database_locked_message(path, str(error))
        raise
    return None


# --------------------------------------------------------------------------------------------------
# What to publish and where it came from


def read_json(path: Path) -> dict[str, Any] | None:
    """A JSON file's content, or None if it is absent or unreadable (provenance is best effort)."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def public_tables(manifest: dict[str, Any]) -> list[PublicTable]:
    """The models of this project with `access: public`, sorted by schema and table.

    The manifest, not a list in this file, decides: making a model public in its YAML is the one
    place where a table becomes an interface that BI tools may depend on.
    """
    tables = []
    for unique_id, node in manifest.get("nodes", {}).items():
        if node.get("resource_type") != "model" or node.get("package_name") != PROJECT:
            continue
        if node.get("access") != "public":
            continue
        columns = {name: (col.get("description") or "") for name, col in (node.get("columns") or {}).items()}
        tables.append(PublicTable(unique_id=unique_id, schema=node["schema"],
                                  table=node.get("alias") or node["name"],
                                  description=node.get("description") or "", column_descriptions=columns))
    return sorted(tables, key=lambda t: (t.schema, t.table))


def landing_manifest_sha256(landing: Path) -> str:
    """SHA-256 fingerprint of a landing folder's content, to tie a publication to the files it came from.

    For every file under `landing` (recursively, symlinks followed), sorted by its path relative to
    `landing` in POSIX form, the line `"<relative path>\\0<sha256 hex of the file's bytes>\\n"` is
    fed to one SHA-256; the hex digest of that is the fingerprint. Renaming, adding, removing or
    changing any file changes it; timestamps do not. An absent folder hashes as empty.
    """
    outer = hashlib.sha256()
    if not landing.is_dir():
        return outer.hexdigest()
    files = sorted((p.relative_to(landing).as_posix(), p) for p in landing.rglob("*") if p.is_file())
    for relative, path in files:
        outer.update(f"{relative}\0{file_sha256(path)}\n".encode())
    return outer.hexdigest()


def file_sha256(path: Path) -> str:
    """SHA-256 hex digest of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# --------------------------------------------------------------------------------------------------
# File mechanics: temporary names, atomic replacement, previous versions


def _tmp(folder: Path, final_name: str) -> Path:
    """A temporary name in the same folder (same file system, so `os.replace` is an atomic rename).

    Dot-prefixed so that tools globbing `*.parquet` or `*.duckdb` never pick up a half-written file.
    """
    return folder / f".{final_name}{TMP_MARK}{os.getpid()}"


def remove_stale_temps(out: Path) -> list[Path]:
    """Delete `.*.tmp-*` leftovers of a crashed earlier publish (only ever called under the publish lock)."""
    removed = []
    for folder in (out, out / PARQUET_DIR, out / PREVIOUS_PARQUET_DIR, out / HISTORY_DIR):
        if not folder.is_dir():
            continue
        for entry in folder.iterdir():
            if entry.name.startswith(".") and TMP_MARK in entry.name:
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry)
                else:
                    entry.unlink()
                removed.append(entry)
    return removed


def _install(new: Path, final: Path, previous: Path) -> None:
    """Put `new` in place of `final`, keeping what was there as `previous`; `final` never goes missing.

    The current file is hard-linked to a temporary name and that renamed to `previous` *before*
    `new` is renamed over `final`: at every instant `final` names a complete file (old or new).
    """
    if final.exists():
        keep = _tmp(final.parent, previous.name)
        os.link(final, keep)
        os.replace(keep, previous)
    os.replace(new, final)


def _install_parquet(out: Path, new_files: dict[str, Path]) -> None:
    """Rename each new Parquet file over its published name; keep the replaced set in `parquet.previous/`.

    Each file is swapped atomically on its own, the set is not: a reader that lists the folder
    while this runs may see some tables of the new and some of the old version for a moment.
    Files of tables no longer public are removed (they stay in `parquet.previous/`).
    """
    parquet = out / PARQUET_DIR
    parquet.mkdir(parents=True, exist_ok=True)
    snapshot = _tmp(out, PREVIOUS_PARQUET_DIR)
    snapshot.mkdir()
    for current in parquet.glob("*.parquet"):
        os.link(current, snapshot / current.name)
    previous = out / PREVIOUS_PARQUET_DIR
    if previous.exists():
        old = _tmp(out, PREVIOUS_PARQUET_DIR + ".old")
        os.replace(previous, old)
        os.replace(snapshot, previous)
        shutil.rmtree(old)
    else:
        os.replace(snapshot, previous)
    for name, tmp in new_files.items():
        os.replace(tmp, parquet / name)
    for current in parquet.glob("*.parquet"):
        if current.name not in new_files:
            current.unlink()
    fsync_path(parquet)


def _publish_lock(out: Path) -> AbstractContextManager[None]:
    """One publish or rollback at a time per folder (also makes removing stale temp files safe)."""
    return exclusive_lock(out / LOCK_FILE, PublishError(f"another `nara-vard publish` is running on {out}; "
                                                        "try again when it is done"))


def _q(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


# --------------------------------------------------------------------------------------------------
# Publish and roll back


def publish(db: Path | None = None, target_path: Path | None = None, out: Path | None = None,
            landing: Path | None = None, progress: bool = False) -> dict[str, Any]:
    """Publish the public models of the build database `db` into `out`; returns the new `_published.json`.

    The build database is only ever attached READ_ONLY (a build running at the same moment makes this
    fail with `DatabaseLocked`, it is never disturbed). Raises `PublishError` if the manifest lists no
    public model or one of them is missing from the database; nothing published is changed then.
    """
    db = Path(db) if db else warehouse_path()
    target_path = Path(target_path) if target_path else dbt_target_path()
    out = Path(out) if out else published_dir(db)
    landing = Path(landing) if landing else landing_dir()

    if not db.is_file():
        raise PublishError(f"no build database at {db}; run `nara-vard build` first (or pass --db)")
    manifest = read_json(target_path / "manifest.json")
    if manifest is None:
        raise PublishError(f"no dbt manifest at {target_path / 'manifest.json'}; run `nara-vard build` first "
                           "(or pass --target-path)")
    tables = public_tables(manifest)
    if not tables:
        raise PublishError(f"the dbt manifest {target_path / 'manifest.json'} has no model with `access: public`; "
                           "nothing to publish (mark the mart models public in their YAML)")

    import duckdb

    with _publish_lock(out):
        remove_stale_temps(out)
        parquet = out / PARQUET_DIR
        parquet.mkdir(exist_ok=True)
        new_db = _tmp(out, PUBLISHED_DB)
        new_parquet: dict[str, Path] = {}
        new_state: Path | None = None
        described: list[dict[str, Any]] = []
        try:
            with duckdb.connect(str(new_db)) as con:
                try:
                    con.execute(f"ATTACH {_lit(str(db.resolve()))} AS build_db (READ_ONLY)")
                except duckdb.IOException as error:
                    if is_lock_conflict(error):
                        pid, program = lock_holder(str(error))
                        who = f" (process {pid}, {program})" if pid else ""
                        raise DatabaseLocked(
                            f"the build database {db} is being written by another process{who}, probably a "
                            "build; publish when it has finished") from error
                    raise
                present = {(s, t) for s, t in con.execute(
                    "select schema_name, table_name from duckdb_tables() where database_name = 'build_db'").fetchall()}
                missing = [f"{t.schema}.{t.table}" for t in tables if (t.schema, t.table) not in present]
                if missing:
                    raise PublishError(f"public model(s) missing from the build database {db}: {', '.join(missing)}; "
                                       "the manifest and the database are from different builds? run `nara-vard build`")
                synthetic = landing_is_synthetic(landing)
                now = datetime.now(UTC)
                history = _start_history(con, out, publication_id(now))
                notice = _synthetic_notice(con) if synthetic else None
                for schema in sorted({t.schema for t in tables}):
                    con.execute(f"create schema if not exists {_q(schema)}")
                for t in tables:
                    source = f"build_db.{_q(t.schema)}.{_q(t.table)}"
                    if t.table == REVISIONS_TABLE:  # the revisions so far, and those this publication makes
                        source = f"(select * from {source} union all by name select * from new_revisions)"
                    target = f"{_q(t.schema)}.{_q(t.table)}"
                    name = f"{t.table}.parquet"
                    tmp = _tmp(parquet, name)
                    # Sorted, so the same data gives the same Parquet bytes and checksum.
                    con.execute(f"copy (select * from {source} order by all) to {_lit(str(tmp))} (format parquet)")
                    new_parquet[name] = tmp
                    # The DuckDB copy is made from the build table itself, keeping exact types (HUGEINT
                    # sums, for one, become DOUBLE in Parquet).
                    con.execute(f"create table {target} as select * from {source} order by all")
                    _add_comments(con, t, target, notice)
                    rows = scalar(con, f"select count(*) from {target}")
                    parquet_rows = scalar(con, f"select count(*) from read_parquet({_lit(str(tmp))})")
                    if rows != parquet_rows:
                        raise PublishError(f"{target}: {rows} rows in the copy but {parquet_rows} in its Parquet file")
                    fsync_path(tmp)
                    described.append({"schema": t.schema, "table": t.table, "rows": rows,
                                      "sha256": file_sha256(tmp), "parquet": f"{PARQUET_DIR}/{name}",
                                      "dbt_unique_id": t.unique_id})
                    if progress:
                        print(f"  [{len(described):>2}/{len(tables)}] {t.schema}.{t.table}: {rows:,} rows", flush=True)
                new_state = _disclosure_state(con, db)
                con.execute("detach build_db")
                con.execute("checkpoint")
            wal = new_db.with_name(new_db.name + ".wal")
            if wal.exists():
                raise PublishError(f"DuckDB left a write-ahead log {wal} after checkpoint; not publishing")
            fsync_path(new_db)
            run_results = read_json(target_path / "run_results.json") or {}
            audit = disclosure_gate(new_db, min_cell_count(run_results), progress=progress)

            old_meta = read_json(out / METADATA)
            meta = {
                # the publication's name (sortable, URL-safe): the API's ETag, `as_of` and revision history
                "publication_id": publication_id(now),
                "published_at": now.isoformat(timespec="microseconds"),
                "build_database": str(db.resolve()),
                "landing": str(landing.resolve()),
                "landing_manifest_sha256": landing_manifest_sha256(landing),
                "dbt_invocation_id": (run_results.get("metadata", {}).get("invocation_id")
                                      or manifest.get("metadata", {}).get("invocation_id")),
                "dbt_command": (run_results.get("args") or {}).get("which"),
                "dbt_version": (run_results.get("metadata", {}).get("dbt_version")
                                or manifest.get("metadata", {}).get("dbt_version")),
                "duckdb_version": duckdb.__version__,
                "database": PUBLISHED_DB,
                # which file this description belongs to: a reader (the API) that opens the database checks
                # that the name still points at this inode, and so never pairs one version's data with
                # another's description while a publish is swapping them
                "database_inode": new_db.stat().st_ino,
                "database_sha256": file_sha256(new_db),
                "tables": described,
                "disclosure_audit": audit,
                # the landing was written by the generator: every reader of this version says so
                "synthetic_data": synthetic,
                "synthetic_data_notice": notice,
                "previous_version": (old_meta or {}).get("published_at"),
                "previous_publication_id": (old_meta or {}).get("publication_id"),
            }
            new_meta = _tmp(out, METADATA)
            new_meta.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
            fsync_path(new_meta)
            new_history = _finish_history(history, new_db, meta)

            # Everything is complete on disk: swap it in. Parquet first, then the database, then the
            # description of what is now in place.
            _install_parquet(out, new_parquet)
            _install(new_db, out / PUBLISHED_DB, out / PREVIOUS_DB)
            _install(new_meta, out / METADATA, out / PREVIOUS_METADATA)
            os.replace(new_history, out / HISTORY_DIR / str(meta["publication_id"]))
            if new_state is not None:
                os.replace(new_state, new_state.parent / DISCLOSURE_STATE)
            fsync_path(out / HISTORY_DIR)
            fsync_path(out)
        finally:
            remove_stale_temps(out)  # whatever was not swapped in (an error above) goes
            if new_state is not None and new_state.exists():
                new_state.unlink()
    return meta


def public_values_sql(catalog: str | None = None) -> str:
    """Every published indicator value with its trend and significance, as the API and the revision history
    give them: fct_indicator_values_v2 joined to fct_indicator_trend_v2 on the cell (in the database `catalog`,
    else the current one)."""
    key = ", ".join(VALUE_KEY)
    prefix = f"{catalog}." if catalog else ""
    return f"""
        select
            {", ".join(f"v.{c}" for c in VALUE_KEY)},
            v.period_end, v.period_label_sv, v.numerator, v.denominator, v.value, v.ci_lower, v.ci_upper,
            v.unit, v.base_count, v.suppression, v.quality_flag, v.coverage_share, v.sex_known_share,
            v.missing_reason, t.previous_value, t.change_absolute, t.riktning, t.niva, t.change_is_significant
        from {prefix}marts.fct_indicator_values_v2 as v
        left join {prefix}marts.fct_indicator_trend_v2 as t using ({key})"""


def _disclosure_state(con: Any, db: Path) -> Path | None:
    """Each disclosure cell's true counts and whether this publication hides it, written (under a temporary
    name, renamed once published) to publication_state/ beside the build database: the next build keeps a
    cell hidden that is hidden here and unchanged, and never uses a cell shown here and unchanged to protect
    another (int_disclosure_cells), so two publications together tell a reader no more than each alone.
    Private: true counts, kept with the build database, never in the published folder."""
    present = con.execute("select count(*) from duckdb_tables() where database_name = 'build_db' and "
                          "schema_name = 'intermediate' and table_name = 'int_disclosure_pattern_solved'").fetchone()
    if not present or not present[0]:
        return None
    folder = db.parent / STATE_DIR
    folder.mkdir(exist_ok=True)
    tmp = _tmp(folder, DISCLOSURE_STATE)
    con.execute(f"""copy (select cell_id, suppression is not null as was_hidden, base_count, numerator, denominator
                         from build_db.intermediate.int_disclosure_pattern_solved order by cell_id)
                    to {_lit(str(tmp))} (format parquet)""")
    fsync_path(tmp)
    return tmp


def previous_history(out: Path, before: str) -> Path | None:
    """The newest complete publication in `history/` older than the id `before`."""
    root = out / HISTORY_DIR
    kept = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".") and p.name < before
                  and (p / HISTORY_VALUES).is_file() and (p / HISTORY_DELIVERIES).is_file()) if root.is_dir() else []
    return kept[-1] if kept else None


def _start_history(con: Any, out: Path, new_id: str) -> Path:
    """A temporary history folder for this publication with the landing files its build read and the revisions
    it makes against the previous publication (table `new_revisions` on `con`, where `build_db` is attached)."""
    from nara_vard.revisions import COLUMNS, deliveries_sql, revisions_sql

    history = out / HISTORY_DIR
    history.mkdir(exist_ok=True)
    folder = _tmp(history, new_id)
    folder.mkdir()
    con.execute(f"copy ({deliveries_sql('build_db')} order by all) to {_lit(str(folder / HISTORY_DELIVERIES))} "
                "(format parquet)")
    previous = previous_history(out, new_id)
    if previous is None:
        con.execute(f"create temp table new_revisions as select {', '.join(f'null as {c}' for c in COLUMNS)} "
                    "where false")
    else:
        sql = revisions_sql(f"({public_values_sql('build_db')})",
                            f"read_parquet({_lit(str(previous / HISTORY_VALUES))})",
                            f"({deliveries_sql('build_db')})",
                            f"read_parquet({_lit(str(previous / HISTORY_DELIVERIES))})",
                            "build_db.marts.dim_indicator", new_id, previous.name)
        con.execute(f"create temp table new_revisions as {sql}")
    con.execute(f"copy new_revisions to {_lit(str(folder / HISTORY_REVISIONS))} (format parquet)")
    return folder


def _finish_history(folder: Path, database: Path, meta: dict[str, Any]) -> Path:
    """This publication's public values (from the new published database) and description in its history
    folder, which is renamed into place once the publication is."""
    import duckdb

    with duckdb.connect(str(database), read_only=True) as con:
        target = _lit(str(folder / HISTORY_VALUES))
        con.execute(f"copy ({public_values_sql()} order by all) to {target} (format parquet, compression zstd)")
    (folder / METADATA).write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for name in (HISTORY_VALUES, HISTORY_DELIVERIES, HISTORY_REVISIONS):
        fsync_path(folder / name)
    return folder


def publication_id(when: datetime) -> str:
    """A publication's name: its UTC time, compact (20261207T235301123456Z), so ids sort as time does."""
    return when.astimezone(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def min_cell_count(run_results: dict[str, Any]) -> int:
    """The disclosure threshold the build used: its `--vars` if it set min_cell_count, else the
    project's default in dbt_project.yml."""
    import yaml

    given = (run_results.get("args") or {}).get("vars") or {}
    if isinstance(given, str):
        given = yaml.safe_load(given) or {}
    if isinstance(given, dict) and "min_cell_count" in given:
        return int(given["min_cell_count"])
    from nara_vard.project_vars import project_vars

    return int(project_vars()["min_cell_count"])


def disclosure_gate(candidate: Path, threshold: int, progress: bool = False) -> dict[str, Any]:
    """The publish gate: an attacker with a solver (nara_vard.disclosure_audit, which reads nothing
    but the candidate file) must find no hidden cell it can bound below the threshold or pin, and no
    figure given back next to a hidden one. Raises PublishError (the previous version stays) if it
    does; returns the audit's figures for `_published.json`."""
    from nara_vard.disclosure_audit import audit_published

    report = audit_published(candidate, threshold=threshold)
    if progress:
        print(f"  disclosure audit: {report.hidden_cells:,} hidden cells, {report.checked_lps:,} LPs, "
              f"{len(report.findings)} findings in {report.seconds:.1f} s", flush=True)
    if not report.ok:
        raise PublishError(
            "the disclosure audit failed, nothing published (the previous version stays in place):\n"
            + report.summary()
            + "\nA reader with a solver could narrow these hidden cells down; the suppression pattern of the "
              "build does not hold. Rebuild (`nara-vard build --force`) and see `nara-vard audit-disclosure`.")
    return {"threshold": threshold, "hidden_cells": report.hidden_cells, "lps": report.checked_lps,
            "findings": len(report.findings), "seconds": round(report.seconds, 1)}


def _synthetic_notice(con: Any) -> str:
    """The words that mark synthetic figures (dim_label, domain `notice`), from the build database."""
    row = con.execute("select label_sv from build_db.marts.dim_label "
                      "where domain = 'notice' and code = 'synthetic_data'").fetchone()
    if not row:
        raise PublishError("marts.dim_label has no notice 'synthetic_data'; run `nara-vard build`")
    return str(row[0])


def _add_comments(con: Any, table: PublicTable, target: str, notice: str | None = None) -> None:
    """Carry the dbt descriptions into the published database, where BI tools show them; on a synthetic
    landing every table's comment starts with the notice."""
    description = " ".join(x for x in (f"{notice}." if notice else None, table.description) if x)
    if description:
        con.execute(f"comment on table {target} is {_lit(description)}")
    columns = {name for (name,) in con.execute(
        "select column_name from duckdb_columns() where database_name = current_database() "
        "and schema_name = ? and table_name = ?", [table.schema, table.table]).fetchall()}
    for name, description in table.column_descriptions.items():
        if description and name in columns:
            con.execute(f"comment on column {target}.{_q(name)} is {_lit(description)}")


def rollback(out: Path | None = None) -> dict[str, Any]:
    """Swap the previous published version back in; the current one becomes the previous.

    The same atomic renames as `publish` (hard link, then `os.replace`), so readers are never
    blocked and the published name never disappears. Rolling back twice restores the newer version.
    Returns the `_published.json` now in place (or a minimal description if there is none).
    """
    out = Path(out) if out else published_dir()
    with _publish_lock(out):
        remove_stale_temps(out)
        if not (out / PREVIOUS_DB).is_file():
            raise PublishError(f"no previous version to roll back to in {out} ({PREVIOUS_DB} is absent)")
        try:
            older = out / PREVIOUS_PARQUET_DIR
            if older.is_dir():
                parquet = out / PARQUET_DIR
                parquet.mkdir(exist_ok=True)
                new_files = {}
                for path in older.glob("*.parquet"):
                    tmp = _tmp(parquet, path.name)
                    os.link(path, tmp)
                    new_files[path.name] = tmp
                _install_parquet(out, new_files)
            for final, previous in ((PUBLISHED_DB, PREVIOUS_DB), (METADATA, PREVIOUS_METADATA)):
                if (out / previous).exists():
                    tmp = _tmp(out, final)
                    os.link(out / previous, tmp)
                    _install(tmp, out / final, out / previous)
            fsync_path(out)
        finally:
            remove_stale_temps(out)
    return read_json(out / METADATA) or {"published_at": None, "tables": []}


# --------------------------------------------------------------------------------------------------
# Command line


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else path.stat().st_size


def run_publish(db: Path | None = None, target_path: Path | None = None, out: Path | None = None,
                rollback_: bool = False) -> int:
    """`nara-vard publish [--rollback]`: do it, print a short summary; returns the exit code."""
    out = Path(out) if out else published_dir(Path(db) if db else None)
    started = time.perf_counter()
    try:
        meta = rollback(out) if rollback_ else publish(db=db, target_path=target_path, out=out, progress=True)
    except DatabaseLocked as error:
        print(f"publish: {error}", file=sys.stderr)
        return EXIT_LOCKED
    except PublishError as error:
        print(f"publish: {error}", file=sys.stderr)
        return 1
    tables = meta.get("tables", [])
    rows = sum(t["rows"] for t in tables)
    what = "rolled back to the version" if rollback_ else "published"
    print(f"{what} of {meta.get('published_at')}: {len(tables)} tables, {rows:,} rows, "
          f"in {time.perf_counter() - started:.1f} s")
    print(f"  {out / PUBLISHED_DB}  ({_size(out / PUBLISHED_DB) / 1e6:.1f} MB)")
    if (out / PARQUET_DIR).is_dir():
        print(f"  {out / PARQUET_DIR}/  ({_size(out / PARQUET_DIR) / 1e6:.1f} MB Parquet)")
    return 0
