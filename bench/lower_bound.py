"""The lower bound: the region-level published indicators in one plain-DuckDB pass over the landing.

No dbt, no staging, no tests: `tests/python/independent_figures.py` (`compute_region_figures`) reads
the source extracts with DuckDB's `read_csv` and computes the figures with hand-written SQL. It is
the floor a dbt build of the same figures can approach. `bench/run.py` runs this script in its own
process so that its wall time, CPU time and peak memory are measured like the build's.

    python bench/lower_bound.py LANDING [--out figures.json]
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "tests" / "python"))

from figures_cli import run_figures_cli  # noqa: E402
from independent_figures import compute_region_figures  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    return run_figures_cli(__doc__.split("\n\n")[0], compute_region_figures, argv)


if __name__ == "__main__":
    sys.exit(main())
