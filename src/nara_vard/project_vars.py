"""Facts the dbt project declares once, as vars in dbt_project.yml, read by Python from the same file.

- `landing_sources`: one entry per landing folder (dbt source, base and staging models, ...); the
  macro `landing_sources()` returns it to the models, and the delivery schedule seed carries the
  calendar and names (a dbt test keeps the two in step).
- `source_codes`: the coded columns of the source contracts and their values (staging's
  check_accepted, the accepted_values tests, the GX suites).
- `swedish_month_names`: `januari` ... `december`.

Python reads them with a YAML parser, as dbt does, instead of keeping another copy.
"""

from __future__ import annotations

import functools
from typing import Any

from nara_vard.paths import REPO_ROOT


@functools.cache
def project_vars() -> dict[str, Any]:
    """The `vars` of dbt_project.yml, as written (a run's --vars are not applied)."""
    import yaml

    project = yaml.safe_load((REPO_ROOT / "dbt_project.yml").read_text(encoding="utf-8"))
    return dict(project["vars"])


def landing_sources() -> list[dict[str, Any]]:
    """The entries of var `landing_sources`, in order: `name` (the landing folder), `base`, `staging`, ..."""
    return [dict(entry) for entry in project_vars()["landing_sources"]]


def swedish_month_names() -> list[str]:
    """`januari` ... `december` (var `swedish_month_names`)."""
    return [str(name) for name in project_vars()["swedish_month_names"]]


def source_codes() -> dict[str, dict[str, list[str]]]:
    """The coded columns of every source and their allowed values (var `source_codes`)."""
    return {source: {column: [str(v) for v in values] for column, values in columns.items()}
            for source, columns in project_vars()["source_codes"].items()}
