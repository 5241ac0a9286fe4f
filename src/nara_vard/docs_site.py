"""`nara-vard docs`: the dbt documentation site as one self-contained file, `reports/docs/index.html`.

`dbt docs generate --static` (dbt ≥ 1.7) writes `static_index.html` into its target folder: the docs
application with `manifest.json` and `catalog.json` inlined, so it opens from disk in any browser
without `dbt docs serve`. This command runs it with the project's environment (in `<target>/docs/`,
starting from the build's saved parse, so dbt need not parse the project again) and copies that one
file next to the other reports, where the reviewer's page and the indicator report link to it.

dbt opens the build database to read the catalog (column types, row counts), so the caller checks
first that no other process holds it, as for `nara-vard build`.
"""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path

from nara_vard.paths import dbt_target_path, reports_dir, warehouse_path

STATIC_INDEX = "static_index.html"


PARTIAL_PARSE = "partial_parse.msgpack"


def default_out() -> Path:
    return reports_dir() / "docs" / "index.html"


def default_target() -> Path:
    """A folder of its own beside the build's target files (docs must not replace the build's
    manifest.json and run_results.json, which `publish` reads), kept between runs for dbt's partial parsing."""
    return dbt_target_path() / "docs"


def _seed_partial_parse(target: Path) -> None:
    """Start from the build's parse (dbt checks the saved parse against the project, profile, vars and
    env vars itself and parses afresh when it does not fit): saves a full parse, ~10 s."""
    build_parse = dbt_target_path() / PARTIAL_PARSE
    mine = target / PARTIAL_PARSE
    if build_parse.is_file() and (not mine.is_file() or mine.stat().st_mtime_ns < build_parse.stat().st_mtime_ns):
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(build_parse, mine)


def run_docs(run_dbt: Callable[[list[str]], int], target_path: Path | None = None, out: Path | None = None,
             extra_args: list[str] | None = None) -> int:
    """Generate the static docs with `run_dbt` into `target_path` (default_target() if None) and copy them to `out`."""
    started = time.perf_counter()
    out = Path(out) if out else default_out()
    db = warehouse_path()
    if not db.is_file():
        # dbt-duckdb would silently create an empty database and document nothing.
        print(f"docs: no build database at {db}; run `nara-vard build` first", file=sys.stderr)
        return 2
    target = Path(target_path).resolve() if target_path else default_target()
    _seed_partial_parse(target)
    (target / STATIC_INDEX).unlink(missing_ok=True)  # never copy a stale one
    args = ["docs", "generate", "--static", "--target-path", str(target), *(extra_args or [])]
    print(f"docs: dbt {' '.join(args)}", flush=True)
    rc = run_dbt(args)
    if rc != 0:
        print("docs: dbt docs generate failed; nothing written", file=sys.stderr)
        return rc
    source = target / STATIC_INDEX
    if not source.is_file():
        print(f"docs: dbt did not write {source} (does this dbt version support `docs generate --static`?)",
              file=sys.stderr)
        return 1
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".tmp")
    partial.write_bytes(source.read_bytes())
    partial.replace(out)
    size = out.stat().st_size
    print(f"docs: {size / 1_048_576:.1f} MB, self-contained (manifest and catalog inlined), "
          f"in {time.perf_counter() - started:.1f} s")
    print(f"wrote {out}")
    return 0
