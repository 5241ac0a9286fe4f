"""The publication the API answers from, swapped for a new one without a restart and never mixed with it.

`nara-vard publish` renames a complete new database over the published name and then its description
(`_published.json`) over the old description (nara_vard.publish). A reader can therefore meet the new
database with the old description for an instant. So a `Publication` is only made when the database that
was opened is the one the description names (`database_inode`, else `database_sha256` for a copied
folder); until then the old publication keeps answering. Each request takes one `Publication` and reads
nothing else, so one response is one version.

Everything a Kolada request needs is indexed in memory when a publication is loaded (a few thousand yearly
cells per indicator): answering is a dictionary lookup, not a query.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from nara_vard.publish import METADATA, PUBLISHED_DB, VALUE_KEY, file_sha256, public_values_sql

HISTORY_DIR = "history"
#: the native API's values of the publication, made when it is loaded (in the connection's own memory)
VALUES_IN_MEMORY = "memory.main.api_values"
#: a publication made before revisions were kept
NO_REVISIONS = ("(select null::varchar as reason, "
                + ", ".join(f"null::{'date' if k == 'period_start' else 'varchar'} as {k}" for k in VALUE_KEY)
                + " where false)")
VALUES_TABLE = "marts.fct_indicator_values_v2"
TREND_TABLE = "marts.fct_indicator_trend_v2"

#: Kolada's id of Västra Götalandsregionen as a "municipality" of type L (landsting/region)
REGION_KOLADA_ID = "0014"
GROUP_LEVELS = ("kommunalforbund", "delregional_namnd")
OU_LEVELS = ("vardcentral", "sjukhus", "team")


class NoPublication(Exception):
    """Nothing (complete) is published in the folder yet."""


def _rows(con: Any, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    cur = con.execute(sql, params or [])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def values_with_revisions(values: str, revisions: str) -> str:
    """Each value of `values` with `revised` and `revision_reason` from `revisions` (the ones its publication made):
    the native API's rows, of the current publication and of one in the history alike."""
    return f"""(select v.*, r.reason is not null as revised, r.reason as revision_reason
                from {values} as v left join {revisions} as r using ({", ".join(VALUE_KEY)}))"""


def kolada_geo_id(geo_level: str, geo_code: str) -> str:
    """Our region is Kolada's municipality 0014; every other code is its own id."""
    return REGION_KOLADA_ID if geo_level == "region" else geo_code


@dataclass
class Publication:
    """One published version, opened read-only, with its Kolada indexes."""

    publication_id: str
    published_at: str
    meta: dict[str, Any]
    con: Any
    indicators: dict[str, dict[str, Any]]
    geographies: dict[tuple[str, str], dict[str, Any]]
    #: (indicator, kolada geo id, year) -> {sex: (value, status)}; municipalities and the region
    yearly: dict[tuple[str, str, int], dict[str, tuple[float | None, str]]] = field(default_factory=dict)
    #: the same for organisational units
    ou_yearly: dict[tuple[str, str, int], dict[str, tuple[float | None, str]]] = field(default_factory=dict)

    cache: dict[str, Any] = field(default_factory=dict)
    #: the publication has the revisions table (publications made before it was public have not)
    has_revisions: bool = False
    #: the Swedish words of the Kolada answers (dim_label, domain kolada: operating_area, kpi_group)
    kolada_words: dict[str, str] = field(default_factory=dict)

    def cached(self, name: str, build: Callable[[Publication], Any]) -> Any:
        """`build(self)`, made once per publication (metadata lists, sorted index keys)."""
        if name not in self.cache:
            self.cache[name] = build(self)
        return self.cache[name]

    def sorted_keys(self, index_name: str) -> list[tuple[str, str, int]]:
        return self.cached(f"keys:{index_name}", lambda pub: sorted(getattr(pub, index_name)))

    @property
    def etag(self) -> str:
        return f'"{self.publication_id}"'

    @property
    def synthetic(self) -> bool:
        return bool(self.meta.get("synthetic_data"))

    def cursor(self) -> Any:
        """A cursor of its own for one request (DuckDB connections are not shared between threads), reading
        the attached publication."""
        cursor = self.con.cursor()
        cursor.execute("use publication")
        return cursor


def cell_status(value: float | None, suppression: str | None, missing_reason: str | None,
                markers: dict[str, str]) -> str:
    """Kolada's `status` of a value: empty for a figure, else the publication's own marker of why there is
    none (dim_label, domain missing_reason: `..` hidden by disclosure control, `saknas` not delivered, ...)."""
    if value is not None and not suppression:
        return ""
    reason = missing_reason or ("hidden" if suppression else "not_delivered")
    return markers.get(reason, reason)


def _load(folder: Path, meta: dict[str, Any]) -> Publication | None:
    """Open the published database and index it, or None if it is not (yet) the one `meta` describes."""
    db = folder / PUBLISHED_DB
    # A fresh in-memory instance that attaches the file: duckdb.connect(path) would hand back the instance
    # still open on the *previous* file under the same name (DuckDB caches instances by path).
    con = duckdb.connect(":memory:", config={"threads": 1})
    try:
        con.execute(f"attach '{str(db).replace(chr(39), chr(39) * 2)}' as publication (read_only)")
        con.execute("use publication")
        same = os.stat(db).st_ino == meta.get("database_inode")
        if not same and meta.get("database_sha256"):
            same = file_sha256(db) == meta["database_sha256"]  # a copied folder: compare the bytes
        if not same:
            con.close()
            return None
        indicators = {r["indicator_id"]: r
                      for r in _rows(con, "select * from marts.dim_indicator order by display_order")}
        geographies = {(r["geo_level"], r["geo_code"]): r for r in _rows(con, "select * from marts.dim_geography")}
        pub = Publication(publication_id=str(meta.get("publication_id") or meta.get("published_at")),
                          published_at=str(meta.get("published_at")), meta=meta, con=con,
                          indicators=indicators, geographies=geographies)
        markers = {str(code): str(label) for code, label in con.execute(
            "select code, label_sv from marts.dim_label where domain = 'missing_reason'").fetchall()}
        pub.kolada_words = {str(code): str(label) for code, label in con.execute(
            "select code, label_sv from marts.dim_label where domain = 'kolada'").fetchall()}
        cells = con.execute(f"""
            select indicator_id, geo_level, geo_code, year(period_start), sex, value, suppression, missing_reason
            from {VALUES_TABLE} where period_type = 'year'""").fetchall()
        yearly: dict[tuple[str, str, int], dict[str, tuple[float | None, str]]] = defaultdict(dict)
        ou_yearly: dict[tuple[str, str, int], dict[str, tuple[float | None, str]]] = defaultdict(dict)
        for indicator, level, code, year, sex, value, suppression, missing_reason in cells:
            entry = (None if suppression else value, cell_status(value, suppression, missing_reason, markers))
            if level in ("kommun", "region"):
                yearly[(indicator, kolada_geo_id(level, code), int(year))][sex] = entry
            elif level in OU_LEVELS:
                ou_yearly[(indicator, code, int(year))][sex] = entry
        pub.yearly, pub.ou_yearly = dict(yearly), dict(ou_yearly)
        found = con.execute("select count(*) from duckdb_tables() where schema_name = 'marts' "
                            "and table_name = 'rpt_indicator_revisions'").fetchone()
        pub.has_revisions = bool(found and found[0])
        # the native API's rows, joined once and kept in memory in the order its filters ask by: a request then
        # reads a few blocks (DuckDB skips the rest by their min/max), not the published join
        revisions = (f"(select * from marts.rpt_indicator_revisions where publication_id = '{pub.publication_id}')"
                     if pub.has_revisions else NO_REVISIONS)
        con.execute(f"""create table {VALUES_IN_MEMORY} as
            select * from {values_with_revisions(f"({public_values_sql()})", revisions)}
            order by indicator_id, geo_code, period_type, period_start, sex""")
        return pub
    except BaseException:
        con.close()
        raise


class PublicationStore:
    """The current publication of a folder. A request costs two `stat` calls; when they show a new
    publication, it is opened and indexed in a background thread while the one before keeps answering, and
    swapped in whole when ready (a request never waits for a load, except the very first)."""

    def __init__(self, folder: Path, settle_seconds: float = 5.0) -> None:
        self.folder = Path(folder)
        self.settle_seconds = settle_seconds
        self._lock = threading.RLock()
        self._current: Publication | None = None
        self._key: tuple[int, int, int, int] | None = None
        self._loading: tuple[int, int, int, int] | None = None

    def _stat_key(self) -> tuple[int, int, int, int] | None:
        try:
            meta, db = os.stat(self.folder / METADATA), os.stat(self.folder / PUBLISHED_DB)
        except FileNotFoundError:
            return None
        return (meta.st_ino, meta.st_mtime_ns, db.st_ino, db.st_mtime_ns)

    def current(self) -> Publication:
        key = self._stat_key()
        current = self._current
        if current is not None and (key is None or key == self._key):
            return current
        if current is None:  # nothing to answer with yet: load now (settling for a publish under way)
            with self._lock:
                if self._current is None:
                    self._load_until_settled(key, time.monotonic() + self.settle_seconds)
                if self._current is None:
                    raise NoPublication(f"nothing is published in {self.folder}; run `nara-vard publish` "
                                        "(or `make build`)")
                return self._current
        with self._lock:
            if self._loading != key:
                self._loading = key
                threading.Thread(target=self._load_in_background, args=(key,), daemon=True).start()
        return current

    def _load_in_background(self, key: tuple[int, int, int, int] | None) -> None:
        try:
            self._load_until_settled(key, time.monotonic() + self.settle_seconds)
        finally:
            with self._lock:
                if self._loading == key:
                    self._loading = None

    def _load_until_settled(self, key: tuple[int, int, int, int] | None, deadline: float) -> None:
        """Load the folder's publication; while a publish is between its two renames (the database of one
        version, the description of the other) try again until `deadline`."""
        while key is not None:
            try:
                meta = json.loads((self.folder / METADATA).read_text(encoding="utf-8"))
                loaded = _load(self.folder, meta)
            except (OSError, ValueError, duckdb.Error):
                loaded = None  # a file renamed away under us: look again
            if loaded is not None:
                with self._lock:
                    self._current, self._key = loaded, key
                return
            if time.monotonic() > deadline:
                return
            time.sleep(0.05)
            key = self._stat_key()

    def history(self) -> list[dict[str, Any]]:
        """The publications kept in the history folder, oldest first (id, time, files)."""
        root = self.folder / HISTORY_DIR
        out = []
        for entry in sorted(root.glob("*/_published.json")) if root.is_dir() else []:
            meta = json.loads(entry.read_text(encoding="utf-8"))
            out.append({"publication_id": meta.get("publication_id"), "published_at": meta.get("published_at"),
                        "values": str(entry.parent / "indicator_values.parquet")})
        return out
