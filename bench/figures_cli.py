"""The command line both figure scripts share (lower_bound.py, pandas_baseline.py).

`python bench/<script>.py LANDING [--out figures.json]`: the region-level figures as JSON rows
{indicator_id, period, value}, sorted, written to --out or printed.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Mapping
from pathlib import Path


def run_figures_cli(description: str, compute: Callable[[Path], Mapping[tuple[str, str], object]],
                    argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("landing", type=Path)
    parser.add_argument("--out", type=Path, help="write the figures as JSON here (default: print them)")
    args = parser.parse_args(argv)
    figures = [{"indicator_id": i, "period": p, "value": v} for (i, p), v in sorted(compute(args.landing).items())]
    if args.out:
        args.out.write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")
    else:
        for row in figures:
            print(f"{row['indicator_id']:28} {row['period']:8} {row['value']}")
    return 0
