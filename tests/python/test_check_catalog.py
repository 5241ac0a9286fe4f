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


def test_coded_columns_are_written_once_and_used_by_staging_and_gx() -> None:
    """Var `source_codes` (dbt_project.yml) is the one list of each coded column's values: every entry is
    checked in staging through source_codes() and expected by the Great Expectations suite with the same
    values, and neither checks a coded column the var does not have."""
    import re

    from nara_vard.project_vars import source_codes
    from nara_vard.quality import source_checks

    codes = source_codes()
    in_var = {(source, column) for source, columns in codes.items() for column in columns}
    sql = "\n".join(p.read_text(encoding="utf-8") for p in (REPO_ROOT / "models" / "staging").rglob("stg_*.sql"))
    in_staging = set(re.findall(r"source_codes\('([a-z_]+)', '([a-z_]+)'\)", sql))
    assert in_staging == in_var
    assert len(re.findall(r"check_accepted\(", sql)) == len(re.findall(r"check_accepted\('[a-z_]+', source_codes\(", sql)), \
        "a check_accepted with its own list"
    in_gx = {(source, check.target): check.kwargs["value_set"]
             for source, suite in source_checks().items() for check in suite.checks if check.rule == "not_accepted"}
    assert in_gx == {(source, column): codes[source][column] for source, column in in_var}


def test_generator_writes_exactly_the_contracts_codes(built_warehouse) -> None:
    """The default landing's coded columns hold the var's values and nothing else (the generator uses every
    code; a source the default landing does not deliver is compared with the generator's own list)."""
    import duckdb

    from nara_vard.generator.primary_care import SELF_MONITORING_PROGRAMMES
    from nara_vard.project_vars import landing_sources, source_codes

    bases = {s["name"]: s["base"] for s in landing_sources()}
    with duckdb.connect(str(built_warehouse), read_only=True) as con:
        for source, columns in source_codes().items():
            for column, allowed in columns.items():
                seen = {r[0] for r in con.execute(
                    f"select distinct trim({column}) from staging.{bases[source]} "
                    f"where nullif(trim({column}), '') is not null").fetchall()}
                if source == "egenmonitorering" and not seen:
                    seen = set(SELF_MONITORING_PROGRAMMES)
                assert seen == set(allowed), (source, column)
