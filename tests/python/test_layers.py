"""The project reads one way: sources → base → staging → intermediate → marts and data_quality.

Read from the dbt manifest of the built warehouse, not from the SQL, so a `ref()` hidden in a macro
counts too. Rules (CONVENTIONS.md and the layering issue):
- only base models (models/staging/<source>/base/) call `source()`;
- intermediate reads no mart and no data_quality model (the dimensions and usability are built in
  intermediate and read from there by both);
- marts read no data_quality model, data_quality reads no mart;
- every model has YAML and a grain test (`unique` or `unique_combination`).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

#: (upstream layer, downstream layer) pairs a model may have
ALLOWED = {
    ("source", "base"),
    ("base", "staging"), ("base", "intermediate"), ("base", "data_quality"),
    ("staging", "staging"), ("staging", "intermediate"), ("staging", "data_quality"),
    ("intermediate", "intermediate"), ("intermediate", "marts"), ("intermediate", "data_quality"),
    ("marts", "marts"),
    ("data_quality", "data_quality"),
} | {("seed", layer) for layer in ("base", "staging", "intermediate", "marts", "data_quality")}


def layer(node: dict) -> str:
    if node["resource_type"] in ("source", "seed"):
        return node["resource_type"]
    parts = Path(node["original_file_path"]).parts
    if parts[0] != "models":
        return node["resource_type"]
    if parts[1] == "staging":
        return "base" if "base" in parts[2:-1] else "staging"
    return parts[1]


@pytest.fixture(scope="module")
def manifest(built_warehouse: Path) -> dict:
    return json.loads((built_warehouse.parent / "target" / "manifest.json").read_text(encoding="utf-8"))


def _models(manifest: dict) -> dict[str, dict]:
    return {k: n for k, n in manifest["nodes"].items() if n["resource_type"] == "model"}


def test_every_edge_follows_the_layer_order(manifest: dict) -> None:
    upstream = {**manifest["nodes"], **manifest["sources"]}
    models = _models(manifest)
    layers = {layer(n) for n in models.values()}
    assert {"base", "staging", "intermediate", "marts", "data_quality"} <= layers, layers
    wrong = []
    edges = 0
    for node in models.values():
        for dep in node["depends_on"]["nodes"]:
            if dep not in upstream:
                continue
            edges += 1
            pair = (layer(upstream[dep]), layer(node))
            if pair not in ALLOWED:
                wrong.append(f"{upstream[dep]['name']} ({pair[0]}) → {node['name']} ({pair[1]})")
    assert edges > 200, edges
    assert not wrong, "\n".join(wrong)


def test_the_check_catches_a_wrong_edge(manifest: dict) -> None:
    """The rule itself must be able to fail: a mart read by an intermediate model is refused."""
    models = list(_models(manifest).values())
    mart = next(n for n in models if layer(n) == "marts")
    intermediate = next(n for n in models if layer(n) == "intermediate")
    assert (layer(mart), layer(intermediate)) not in ALLOWED
    assert ("source", "intermediate") not in ALLOWED and ("data_quality", "marts") not in ALLOWED


def test_every_model_has_yaml_and_a_grain_test(manifest: dict) -> None:
    grain_tested = set()
    for node in manifest["nodes"].values():
        if node["resource_type"] == "test" and (node.get("test_metadata") or {}).get("name") in (
                "unique", "unique_combination"):
            grain_tested.update(node["depends_on"]["nodes"])
    models = _models(manifest)
    assert len(models) > 50
    without_yaml = sorted(n["name"] for n in models.values() if not n.get("patch_path"))
    without_grain = sorted(n["name"] for k, n in models.items() if k not in grain_tested)
    assert not without_yaml, without_yaml
    assert not without_grain, without_grain


def _catalogue() -> list[dict[str, str]]:
    import csv

    from nara_vard.paths import SEEDS_DIR

    with open(SEEDS_DIR / "reference__indicators.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_every_catalogue_indicator_has_its_fact_model_and_unit_test(manifest: dict) -> None:
    """One model per indicator (or family) under indicators/facts/, read by the union, pinned by a unit test
    of that model naming the indicator (hand-worked expectations)."""
    catalogue = _catalogue()
    assert len(catalogue) >= 15
    models = {n["name"]: n for n in _models(manifest).values()}
    union = models["int_indicator_facts_monthly"]
    union_reads = {manifest["nodes"][d]["name"] for d in union["depends_on"]["nodes"] if d in manifest["nodes"]}
    tests_by_model: dict[str, list[str]] = {}
    for t in manifest.get("unit_tests", {}).values():
        tests_by_model.setdefault(t["model"], []).append(f"{t['name']} {t.get('description') or ''}")
    problems = []
    for row in catalogue:
        indicator, fact_model = row["indicator_id"], row["fact_model"]
        node = models.get(fact_model)
        if node is None:
            problems.append(f"{indicator}: no model {fact_model}")
            continue
        if Path(node["original_file_path"]).parent != Path("models/intermediate/indicators/facts"):
            problems.append(f"{indicator}: {fact_model} is not under models/intermediate/indicators/facts/")
        if fact_model not in union_reads:
            problems.append(f"{indicator}: int_indicator_facts_monthly does not read {fact_model}")
        if not any(indicator in text for text in tests_by_model.get(fact_model, [])):
            problems.append(f"{indicator}: no unit test of {fact_model} names it")
    assert not problems, "\n".join(problems)
    # and nothing else feeds the union: every model it reads is some catalogue indicator's
    assert union_reads - {"reference__indicators"} == {row["fact_model"] for row in catalogue}


MAX_MODEL_LINES = 200


def test_no_model_is_longer_than_200_lines(manifest: dict) -> None:
    from nara_vard.paths import REPO_ROOT

    long = sorted(
        f"{n['original_file_path']}: {lines} lines"
        for n in _models(manifest).values()
        if (lines := len((REPO_ROOT / n["original_file_path"]).read_text(encoding="utf-8").splitlines()))
        > MAX_MODEL_LINES
    )
    assert not long, long


def test_every_catalogue_indicator_has_a_unit_test(manifest: dict) -> None:
    """Each indicator's rule is pinned by at least one dbt unit test naming it (hand-worked expectations)."""
    import csv

    from nara_vard.paths import SEEDS_DIR

    with open(SEEDS_DIR / "reference__indicators.csv", encoding="utf-8", newline="") as f:
        indicators = {row["indicator_id"] for row in csv.DictReader(f)}
    assert len(indicators) >= 15
    unit_tests = [f"{t['name']} {t.get('description') or ''}" for t in manifest.get("unit_tests", {}).values()]
    assert len(unit_tests) >= 20
    untested = sorted(i for i in indicators if not any(i in text for text in unit_tests))
    assert not untested, untested
