"""The check catalogue is generated from the code and must stay in step with it."""

from __future__ import annotations

import csv
import subprocess
import sys
from collections import Counter

from nara_vard.paths import REPO_ROOT


def test_committed_catalogue_matches_the_staging_models() -> None:
    result = subprocess.run([sys.executable, "tools/make_check_catalog.py", "--check"], cwd=REPO_ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_catalogue_has_at_least_60_implemented_checks_over_every_dimension() -> None:
    with open(REPO_ROOT / "seeds/reference/reference__dq_checks.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    implemented = [r for r in rows if r["is_implemented"] == "true"]
    assert len(implemented) >= 60
    assert set(Counter(r["dimension"] for r in implemented)) == {
        "validity", "completeness", "timeliness", "uniqueness", "consistency"}
    assert len({r["check_id"] for r in rows}) == len(rows)
