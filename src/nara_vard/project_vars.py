"""Facts the dbt project declares once, read by Python from the same YAML dbt reads.

Vars in dbt_project.yml (lists the models need while dbt parses, to know what they ref):

- `landing_sources`: one entry per landing folder (dbt source, base and staging models, ...); the
  macro `landing_sources()` returns it to the models. It is written by tools/sync_sources.py from each
  source's meta `landing`, as is the delivery schedule seed from its meta `schedule`.
- `swedish_month_names`: `januari` ... `december`.

The source contracts: the `contract` meta of each landing table in models/staging/<group>/_<group>__sources.yml
(columns, aliases, formats, codes, keys; macros/landing/source_contract.sql describes the keys). The base
models parse by it, staging and the accepted_source_codes tests take its codes, the GX suites are built from it.

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


@functools.cache
def source_contracts() -> dict[str, dict[str, Any]]:
    """The contract of every landing source (its table's `config.meta.contract`), keyed by the table's name
    (the landing folder), in the order dbt would list the YAML files and their tables."""
    import yaml

    contracts: dict[str, dict[str, Any]] = {}
    for path in sorted((REPO_ROOT / "models" / "staging").glob("*/_*__sources.yml")):
        for source in yaml.safe_load(path.read_text(encoding="utf-8")).get("sources", []):
            for table in source.get("tables", []):
                contract = ((table.get("config") or {}).get("meta") or {}).get("contract")
                if contract is None:
                    raise ValueError(f"{path.relative_to(REPO_ROOT)}: table {table['name']} has no contract "
                                     "(config: meta: contract:)")
                contracts[table["name"]] = contract
    return contracts


def source_codes() -> dict[str, dict[str, list[str]]]:
    """The coded columns of every source and their allowed values (the contracts' `codes`)."""
    return {source: {col["name"]: [str(v) for v in col["codes"]] for col in contract["columns"] if col.get("codes")}
            for source, contract in source_contracts().items()
            if any(col.get("codes") for col in contract["columns"])}
