"""`nara-vard docs`: the dbt documentation site as one self-contained file, `reports/docs/index.html`.

`dbt docs generate --static` (dbt ≥ 1.7) writes `static_index.html` into its target folder: the docs
application with `manifest.json` and `catalog.json` inlined, so it opens from disk in any browser
without `dbt docs serve`. This command runs it with the project's environment and copies that one
file next to the other reports, where the reviewer's page and the indicator report link to it.

dbt opens the build database to read the catalog (column types, row counts), so the caller checks
first that no other process holds it, as for `nara-vard build`.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

from nara_vard.paths import reports_dir, warehouse_path

STATIC_INDEX = "static_index.html"


def default_out() -> Path:
    return reports_dir() / "docs" / "index.html"


def run_docs(run_dbt: Callable[[list[str]], int], target_path: Path | None = None, out: Path | None = None,
             extra_args: list[str] | None = None) -> int:
    """Generate the static docs with `run_dbt` into `target_path` (a temporary folder if None) and copy them to `out`."""
    started = time.perf_counter()
    out = Path(out) if out else default_out()
    db = warehouse_path()
    if not db.is_file():
        # dbt-duckdb would silently create an empty database and document nothing.
        print(f"docs: no build database at {db}; run `nara-vard build` first", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="nara_vard_docs_") as tmp:
        target = Path(target_path).resolve() if target_path else Path(tmp)
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
