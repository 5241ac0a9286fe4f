"""The lower bound: the region-level published indicators in one plain-DuckDB pass over the landing.

No dbt, no staging, no tests: `tests/python/independent_figures.py` (`compute_region_figures`) reads
the source extracts with DuckDB's `read_csv` and computes the figures with hand-written SQL. It is
the floor a dbt build of the same figures can approach. `bench/run.py` runs this script in its own
process so that its wall time, CPU time and peak memory are measured like the build's.

    python bench/lower_bound.py LANDING [--out figures.json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "tests" / "python"))

from independent_figures import compute_region_figures  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("landing", type=Path)
    parser.add_argument("--out", type=Path, help="write the figures as JSON here (default: print them)")
    args = parser.parse_args(argv)
    figures = [{"indicator_id": i, "period": p, "value": v}
               for (i, p), v in sorted(compute_region_figures(args.landing).items())]
    if args.out:
        args.out.write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")
    else:
        for row in figures:
            print(f"{row['indicator_id']:28} {row['period']:8} {row['value']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
