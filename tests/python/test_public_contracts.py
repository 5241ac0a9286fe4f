"""The public tables change only as their versions allow: every published version's contract is recorded.

A public model (`access: public`) is what leaves the warehouse: `nara-vard publish` copies every version
of it, BI reports, notebooks and the exports read it by name. A change to one that breaks a reader must be
a new dbt model version, with the old one kept under its relation name until its `deprecation_date`
(README, "Versions and changes of the public tables"). dbt's enforced contract only checks that a model
matches its *own* YAML, so a model whose YAML and SQL change together (a column removed, retyped, a key
column added to the grain) passes every dbt check. This test is the memory dbt lacks: it compares each
public model version in the dbt manifest with `tests/python/fixtures/public_contracts.json`, which
records per model and version the relation, the columns and their types, the grain (the columns of its
`unique` / `unique_combination` test) and the values its `accepted_values` tests allow.

- breaking (a column removed or retyped, the grain changed, an allowed value removed, a recorded
  version gone before its deprecation date): add a new version, do not edit the file;
- additive (a new column, a new allowed value, a new public model or version): record it with
  `python tests/python/test_public_contracts.py` (rewrites the file from `target/manifest.json` after a
  `nara-vard dbt parse`) and say in the README's changes list what was added.

The manifest comes from `nara-vard dbt parse` into a temporary folder (no build, no database).
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from nara_vard.paths import REPO_ROOT

FIXTURE = Path(__file__).parent / "fixtures" / "public_contracts.json"
GRAIN_TESTS = ("unique", "unique_combination")
HOW_TO = ("Breaking (column removed, renamed or retyped, grain changed, allowed value removed): add a new "
          "version of the model (`versions:` in its YAML, `<name>_v<N>.sql`, `latest_version: N`) and keep the "
          "old one, unchanged and under its relation name, until a `deprecation_date` (see README, 'Versions and "
          "changes of the public tables'); do not edit the recorded file. Additive (new column, new allowed "
          "value, new model or version): run `python tests/python/test_public_contracts.py` to record it and "
          "add a line to the README's changes list.")


# --------------------------------------------------------------------------------------------------
# the contracts as the manifest states them


def public_contracts(manifest: dict[str, Any]) -> dict[str, dict[str, dict[str, Any]]]:
    """model name -> "v<N>" -> {relation, latest, deprecation_date, columns, grain, accepted_values}."""
    nodes = manifest["nodes"]
    public = {k: n for k, n in nodes.items() if n["resource_type"] == "model" and n.get("access") == "public"}
    grain: dict[str, list[str]] = {}
    accepted: dict[str, dict[str, list[str]]] = {}
    for test in nodes.values():
        meta = test.get("test_metadata") or {}
        attached = test.get("attached_node")
        if test["resource_type"] != "test" or attached not in public:
            continue
        kwargs = meta.get("kwargs") or {}
        if meta.get("name") == "unique_combination":
            grain[attached] = sorted(kwargs["combination"])
        elif meta.get("name") == "unique":
            grain[attached] = [kwargs["column_name"]]
        elif meta.get("name") == "accepted_values":
            accepted.setdefault(attached, {})[kwargs["column_name"]] = sorted(str(v) for v in kwargs["values"])
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for uid, node in sorted(public.items()):
        version = node.get("version")
        out.setdefault(node["name"], {})[f"v{version if version is not None else 1}"] = {
            "relation": f"{node['schema']}.{node.get('alias') or node['name']}",
            "latest": version is None or str(version) == str(node.get("latest_version")),
            "deprecation_date": (node.get("deprecation_date") or "")[:10] or None,
            "columns": {name: (col.get("data_type") or "").lower() for name, col in node["columns"].items()},
            "grain": grain.get(uid),
            "accepted_values": dict(sorted(accepted.get(uid, {}).items())),
        }
    return out


def contract_changes(recorded: dict[str, Any], current: dict[str, Any],
                     today: date | None = None) -> tuple[list[str], list[str]]:
    """(breaking, additive) differences between the recorded contracts and the manifest's."""
    today = today or date.today()
    breaking: list[str] = []
    additive: list[str] = []
    for model in sorted(set(recorded) | set(current)):
        for version in sorted(set(recorded.get(model, {})) | set(current.get(model, {}))):
            name = f"{model} {version}"
            old, new = recorded.get(model, {}).get(version), current.get(model, {}).get(version)
            if old is None:
                additive.append(f"{name} ({new['relation']}) is public and not recorded yet")
                continue
            if new is None:
                until = old.get("deprecation_date")
                if until and date.fromisoformat(until) <= today:
                    additive.append(f"{name} is gone after its deprecation date {until}: delete its entry")
                else:
                    breaking.append(f"{name} ({old['relation']}) is published and recorded but gone"
                                    + (f" before its deprecation date {until}" if until else
                                       " (it has no deprecation date)"))
                continue
            if new["relation"] != old["relation"]:
                breaking.append(f"{name} moved from {old['relation']} to {new['relation']}")
            for column, data_type in old["columns"].items():
                if column not in new["columns"]:
                    breaking.append(f"{name}: column {column} ({data_type}) removed or renamed")
                elif new["columns"][column] != data_type:
                    breaking.append(f"{name}: column {column} retyped {data_type} → {new['columns'][column]}")
            for column in new["columns"]:
                if column not in old["columns"]:
                    additive.append(f"{name}: new column {column} ({new['columns'][column]})")
            if new["grain"] != old["grain"]:
                breaking.append(f"{name}: grain changed from {old['grain']} to {new['grain']}")
            for column in sorted(set(old["accepted_values"]) | set(new["accepted_values"])):
                was, now = old["accepted_values"].get(column), new["accepted_values"].get(column)
                if was is None or now is None or was == now:
                    continue  # a check added or dropped is not a change of the data
                if set(was) - set(now):
                    breaking.append(f"{name}: {column} no longer allows {sorted(set(was) - set(now))}")
                if set(now) - set(was):
                    additive.append(f"{name}: {column} allows the new value(s) {sorted(set(now) - set(was))}")
            if new["deprecation_date"] != old["deprecation_date"] or new["latest"] != old["latest"]:
                additive.append(f"{name}: latest {old['latest']} → {new['latest']}, deprecation date "
                                f"{old['deprecation_date']} → {new['deprecation_date']}")
    return breaking, additive


# --------------------------------------------------------------------------------------------------
# tests


@pytest.fixture(scope="module")
def manifest(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    work = tmp_path_factory.mktemp("parse")
    env = {**os.environ, "NARA_VARD_DB": str(work / "nara_vard.duckdb")}
    cli = Path(sys.executable).parent / "nara-vard"
    result = subprocess.run([cli, "dbt", "parse", "--target-path", str(work / "target"), "--log-path",
                             str(work / "logs")], cwd=REPO_ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-4000:]
    return json.loads((work / "target" / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def current(manifest: dict[str, Any]) -> dict[str, Any]:
    return public_contracts(manifest)


@pytest.fixture(scope="module")
def recorded() -> dict[str, Any]:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def test_public_contracts_match_the_recorded_versions(recorded: dict[str, Any], current: dict[str, Any]) -> None:
    breaking, additive = contract_changes(recorded, current)
    assert not breaking, ("A published model version changed in a way that breaks its readers:\n  "
                          + "\n  ".join(breaking) + "\n" + HOW_TO)
    assert not additive, ("The public models differ from tests/python/fixtures/public_contracts.json:\n  "
                          + "\n  ".join(additive) + "\n" + HOW_TO)


def test_every_public_model_has_an_enforced_contract_and_documented_columns(manifest: dict[str, Any]) -> None:
    public = [n for n in manifest["nodes"].values() if n["resource_type"] == "model" and n.get("access") == "public"]
    assert len(public) >= 17, len(public)
    problems = []
    for node in public:
        label = f"{node['name']} v{node.get('version')}"
        if not (node["config"].get("contract") or {}).get("enforced"):
            problems.append(f"{label}: contract not enforced")
        if node.get("version") is None:
            problems.append(f"{label}: no model version (public models are versioned, v1 at least)")
        for name, col in node["columns"].items():
            if not col.get("data_type") or not (col.get("description") or "").strip():
                problems.append(f"{label}: column {name} without data_type or description")
    assert not problems, "\n".join(problems)


def test_older_versions_are_the_latest_narrowed_and_deprecated(current: dict[str, Any]) -> None:
    """The pattern of fct_indicator_values: v<N> is `<name>_v<N>`; an older version keeps the model's own
    relation name, has a deprecation date, and its columns are a subset of the latest's with the same types
    (it is the latest narrowed to the old grain, so nothing in it is computed twice)."""
    problems = []
    for model, versions in current.items():
        latest = [v for v, c in versions.items() if c["latest"]]
        assert len(latest) == 1, (model, versions.keys())
        newest = versions[latest[0]]
        if len(versions) == 1:
            continue
        if not newest["relation"].endswith(f".{model}_{latest[0]}"):
            problems.append(f"{model} {latest[0]}: relation {newest['relation']}, expected …{model}_{latest[0]}")
        if newest["deprecation_date"]:
            problems.append(f"{model} {latest[0]}: the latest version has a deprecation date")
        for version, contract in versions.items():
            if contract is newest:
                continue
            if not contract["deprecation_date"]:
                problems.append(f"{model} {version}: an older version without a deprecation date")
            extra = {c: t for c, t in contract["columns"].items() if newest["columns"].get(c) != t}
            if extra:
                problems.append(f"{model} {version}: columns not in {latest[0]} with the same type: {extra}")
    assert not problems, "\n".join(problems)


def test_the_check_fails_on_a_removed_or_retyped_column_and_a_changed_grain(recorded: dict[str, Any]) -> None:
    """The comparison itself must be able to fail, and say so as breaking."""
    changed = copy.deepcopy(recorded)
    cells = changed["rpt_indicator_overview_cells"]["v1"]
    del cells["columns"]["note_sv"]
    cells["columns"]["value"] = "varchar"
    cells["grain"] = sorted([*cells["grain"], "sex"])
    changed["dq_delivery_coverage"]["v1"]["accepted_values"]["status"].remove("late")
    del changed["fct_indicator_values"]["v1"]
    changed["dim_period"]["v1"]["columns"]["is_current"] = "boolean"
    breaking, additive = contract_changes(recorded, changed, today=date(2026, 12, 1))
    assert any("note_sv (varchar) removed" in b for b in breaking), breaking
    assert any("value retyped double → varchar" in b for b in breaking), breaking
    assert any("rpt_indicator_overview_cells v1: grain changed" in b for b in breaking), breaking
    assert any("status no longer allows ['late']" in b for b in breaking), breaking
    assert any("fct_indicator_values v1" in b and "before its deprecation date 2027-06-30" in b for b in breaking)
    assert additive == ["dim_period v1: new column is_current (boolean)"], additive
    # after its deprecation date an old version may go: only the record needs updating
    gone = copy.deepcopy(recorded)
    del gone["fct_indicator_values"]["v1"]
    breaking, additive = contract_changes(recorded, gone, today=date(2027, 7, 1))
    assert not breaking and additive == ["fct_indicator_values v1 is gone after its deprecation date 2027-06-30: "
                                         "delete its entry"], additive


def main() -> None:
    """Record the public contracts of `<target>/manifest.json` (default $DBT_TARGET_PATH or target)."""
    paths = [a for a in sys.argv[1:] if not a.startswith("--")]
    target = Path(paths[0] if paths else os.environ.get("DBT_TARGET_PATH") or REPO_ROOT / "target")
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    contracts = public_contracts(manifest)
    breaking, additive = contract_changes(json.loads(FIXTURE.read_text(encoding="utf-8")), contracts) \
        if FIXTURE.exists() else ([], [])
    if breaking and "--force" not in sys.argv:
        sys.exit("not recorded, these changes break published versions (add a new version instead):\n  "
                 + "\n  ".join(breaking) + "\n(--force records them anyway, e.g. after a deliberate decision)")
    FIXTURE.write_text(json.dumps(contracts, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {FIXTURE} ({sum(len(v) for v in contracts.values())} model versions)")
    for line in additive:
        print("  recorded:", line)


if __name__ == "__main__":
    main()
