"""The generator's cost sources (`ekonomi_region`, `kommun_ekonomi`): the exact export layouts of SOURCES.md, the
recorded defects found in the files, the resource shares of the manifest recomputed from the files by hand, and a
landing extended month by month equal to a full generation (bytes and modification times).

The figures are read back with plain Python (csv, Decimal), never with the generator's own helpers.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections import defaultdict
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from nara_vard.generator import (
    GeneratorConfig,
    Scenario,
    deliver_month,
    generate,
    municipal,
    patient_contacts,
    samsa,
    teams,
)

LEDGER_HEADER = "Period;Ansvar;Ansvarsnamn;Verksamhet;Verksamhetsnamn;Nettokostnad"
ACTIVITIES = {
    "110": "Primärvård, hälso- och sjukvård", "210": "Specialiserad somatisk vård",
    "310": "Specialiserad psykiatrisk vård", "410": "Tandvård", "510": "Övrig hälso- och sjukvård",
    "610": "Politisk verksamhet, hälso- och sjukvård", "810": "Trafik och infrastruktur",
}
HEALTH_CARE = {"110": "primarvard", "210": "specialiserad_somatisk", "310": "specialiserad_psykiatrisk",
               "410": "tandvard", "510": "ovrig_halso_sjukvard"}
MUNICIPAL_HEADER = "ar,kommun_kod,verksamhet,bruttokostnad_tkr,nettokostnad_tkr"
MUNICIPAL_ACTIVITIES = ["hemsjukvard_ordinart_boende", "halso_sjukvard_sarskilt_boende", "rehabilitering",
                        "hjalpmedel"]
SMALL = {"seed": 42, "scale": 0.05, "progress": False}


def _costs_only(out: Path, **config: object) -> Path:
    """`generate` with only the sources the costs are made from (Vega, primary care) besides the cost sources:
    the others take most of the time and feed nothing here."""
    with pytest.MonkeyPatch.context() as patch:
        for module, name in ((samsa, "generate"), (patient_contacts, "generate"), (teams, "write_teams"),
                             (municipal, "write_municipal")):
            patch.setattr(module, name, lambda *args: None)
        generate(GeneratorConfig(out=out, **{**SMALL, **config}))  # type: ignore[arg-type]
    return out


@pytest.fixture(scope="module")
def landing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _costs_only(tmp_path_factory.mktemp("economy") / "landing", start="2022-01", end="2024-01")


@pytest.fixture(scope="module")
def manifest(landing: Path) -> dict:
    return json.loads((landing / "_manifest.json").read_text(encoding="utf-8"))


def _ledger_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("cp1252"), newline=""), delimiter=";"))


def _amount(text: str) -> Decimal:
    assert re.fullmatch(r"-?\d+,\d{2}", text), text
    return Decimal(text.replace(",", "."))


def _mtime(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime, UTC)


def _defects(manifest: dict, source: str, kind: str) -> list[dict]:
    return [d for d in manifest["defects"] if d["source"] == source and d["defect"] == kind]


def test_ledger_files_are_windows_1252_semicolon_crlf_with_decimal_comma(landing: Path) -> None:
    files = sorted((landing / "ekonomi_region").iterdir())
    months = [f"{y}{m:02d}" for y in (2022, 2023) for m in range(1, 13)] + ["202401"]
    assert [p.name for p in files if not p.name.endswith("_korr.txt")] == [f"ekonomi_region_{m}.txt" for m in months]
    for path in files:
        raw = path.read_bytes()
        assert raw.count(b"\n") == raw.count(b"\r\n") and raw.endswith(b"\r\n"), path.name
        text = raw.decode("cp1252")
        assert text.split("\r\n")[0] == LEDGER_HEADER
        if any(ch in text for ch in "åäöÅÄÖ"):  # Windows-1252 really: its å/ä/ö are no UTF-8
            with pytest.raises(UnicodeDecodeError):
                raw.decode("utf-8")
        period = path.name.split("_")[2][:6]
        for row in _ledger_rows(path):
            assert len(row) == 6 and None not in row, row
            assert row["Period"] == period and re.fullmatch(r"\d{4}", row["Ansvar"]), row
            assert ACTIVITIES.get(row["Verksamhet"], "Ofördelat") == row["Verksamhetsnamn"], row
            _amount(row["Nettokostnad"])


def test_ledger_costs_are_negative_except_a_rare_net_income(landing: Path) -> None:
    rows = [r for p in (landing / "ekonomi_region").glob("ekonomi_region_??????.txt") for r in _ledger_rows(p)]
    positive = [r for r in rows if _amount(r["Nettokostnad"]) > 0]
    assert 0 < len(positive) < 0.01 * len(rows)
    assert {r["Verksamhet"] for r in rows} >= set(ACTIVITIES)  # 610 and 810 too: the mart must leave them out
    by_activity = {r["Ansvar"]: r["Verksamhet"] for r in rows if r["Verksamhet"] != "990"}
    assert sum(v == "110" for v in by_activity.values()) == 201  # a unit per care centre
    assert any(re.search("[åäö]", r["Ansvarsnamn"]) for r in rows)


def test_the_unknown_activity_code_is_where_the_manifest_says(landing: Path, manifest: dict) -> None:
    [defect] = _defects(manifest, "ekonomi_region", "unknown_activity_code")
    assert defect["file"] == "ekonomi_region/ekonomi_region_202306.txt" and defect["code"] == "990"
    line = (landing / defect["file"]).read_bytes().decode("cp1252").split("\r\n")[defect["line"] - 1]
    assert line.split(";")[3:5] == ["990", "Ofördelat"]
    unknown = [p.name for p in (landing / "ekonomi_region").iterdir()
               for r in _ledger_rows(p) if r["Verksamhet"] not in ACTIVITIES]
    assert unknown == ["ekonomi_region_202306.txt"]


def test_the_accrual_correction_adds_to_march_2023(landing: Path, manifest: dict) -> None:
    [defect] = _defects(manifest, "ekonomi_region", "accrual_correction")
    path = landing / defect["file"]
    assert path.name == "ekonomi_region_202303_korr.txt" and defect["period"] == "2023-03"
    assert path.read_bytes().decode("cp1252").startswith(LEDGER_HEADER + "\r\n")
    rows = _ledger_rows(path)
    assert 5 <= len(rows) <= 20 and len(rows) == defect["rows"]
    assert {r["Period"] for r in rows} == {"202303"}
    march = {(r["Ansvar"], r["Verksamhet"]) for r in _ledger_rows(landing / "ekonomi_region/ekonomi_region_202303.txt")}
    assert {(r["Ansvar"], r["Verksamhet"]) for r in rows} <= march
    amounts = [_amount(r["Nettokostnad"]) for r in rows]
    assert min(amounts) < 0 < max(amounts)
    assert any(r["Verksamhet"] == "110" for r in rows)
    assert defect["net_cost_sek"] == pytest.approx(float(-sum(amounts)), abs=1e-6)
    primary = -sum(a for a, r in zip(amounts, rows) if r["Verksamhet"] == "110")
    assert defect["primary_care_net_cost_sek"] == pytest.approx(float(primary), abs=1e-6)


def _municipal_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8"), newline="")))


def test_municipal_accounts_layout(landing: Path, repo_root: Path) -> None:
    with open(repo_root / "seeds/reference/reference__municipalities.csv", encoding="utf-8") as f:
        codes = [r["municipality_code"] for r in csv.DictReader(f)]
    assert len(codes) == 49 and {"1460", "1439"} <= set(codes)
    names = sorted(p.name for p in (landing / "kommun_ekonomi").iterdir())
    assert names == ["kommun_ekonomi_2022.csv", "kommun_ekonomi_2022_v2.csv", "kommun_ekonomi_2023.csv"]  # no 2024
    for name in names:
        raw = (landing / "kommun_ekonomi" / name).read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw and raw.endswith(b"\n")
        assert raw.decode("utf-8").split("\n")[0] == MUNICIPAL_HEADER
        rows = _municipal_rows(landing / "kommun_ekonomi" / name)
        present = list(dict.fromkeys(r["kommun_kod"] for r in rows))
        assert present == [c for c in codes if c in present]
        assert [r["verksamhet"] for r in rows] == MUNICIPAL_ACTIVITIES * len(present)
        for r in rows:
            gross, net = int(r["bruttokostnad_tkr"]), int(r["nettokostnad_tkr"])
            assert r["ar"] == name[15:19] and re.fullmatch(r"\d+", r["bruttokostnad_tkr"] + r["nettokostnad_tkr"])
            assert 0 < net <= gross and net >= 0.8 * gross, r


def test_late_and_missing_municipal_years(landing: Path, manifest: dict) -> None:
    folder = landing / "kommun_ekonomi"
    first, second = (folder / "kommun_ekonomi_2022.csv"), (folder / "kommun_ekonomi_2022_v2.csv")
    v1 = {r["kommun_kod"] for r in _municipal_rows(first)}
    v2 = {r["kommun_kod"] for r in _municipal_rows(second)}
    assert "1460" not in v1 and v2 == v1 | {"1460"} and len(v2) == 49
    v2_lines = set(second.read_text(encoding="utf-8").splitlines())
    assert set(first.read_text(encoding="utf-8").splitlines()) <= v2_lines  # the first version's rows unchanged
    assert "1439" not in {r["kommun_kod"] for r in _municipal_rows(folder / "kommun_ekonomi_2023.csv")}
    deadline = datetime(2023, 5, 31, 23, 59, 59, tzinfo=UTC)
    assert datetime(2023, 4, 1, tzinfo=UTC) <= _mtime(first) <= deadline < _mtime(second)
    assert date(2024, 4, 1) <= _mtime(folder / "kommun_ekonomi_2023.csv").date() <= date(2024, 5, 31)
    [late] = _defects(manifest, "kommun_ekonomi", "late_year")
    assert (late["year"], late["kommun_kod"], late["deadline"]) == (2022, "1460", "2023-05-31")
    assert landing / late["file"] == second and late["delivered"] == str(_mtime(second).date())
    [missing] = _defects(manifest, "kommun_ekonomi", "missing_year")
    assert (missing["year"], missing["kommun_kod"]) == (2023, "1439")
    records = {f["file"]: f for f in manifest["sources"]["kommun_ekonomi"]["files"]}
    for name, record in records.items():
        assert record["modified"] == _mtime(landing / name).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert not any("modified" in f for f in manifest["sources"]["ekonomi_region"]["files"])


def _independent_shares(landing: Path) -> dict[str, dict[str, float]]:
    """The resource shares from the files: the ledger's health-care activities (corrections included, other codes
    out), and the municipal accounts of the latest version of each year's file."""
    region: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for path in (landing / "ekonomi_region").iterdir():
        for r in _ledger_rows(path):
            if r["Verksamhet"] in HEALTH_CARE:
                region[r["Period"][:4]][r["Verksamhet"]] -= _amount(r["Nettokostnad"])
    latest: dict[str, Path] = {}
    for path in sorted((landing / "kommun_ekonomi").iterdir()):  # _v2 sorts after the first version
        latest[path.name[15:19]] = path
    figures: dict[str, dict[str, float]] = {"primary": {}, "nara_vard": {}, "municipal": {}}
    for year in ("2022", "2023"):
        municipal_sek = sum(Decimal(r["nettokostnad_tkr"]) * 1000 for r in _municipal_rows(latest[year]))
        health_care = sum(region[year].values())
        primary = region[year]["110"]
        figures["primary"][year] = float(100 * primary / health_care)
        figures["nara_vard"][year] = float(100 * (primary + municipal_sek) / (health_care + municipal_sek))
        figures["municipal"][year] = float(municipal_sek)
        for code, key in HEALTH_CARE.items():
            figures.setdefault(key, {})[year] = float(region[year][code])
    return figures


def test_manifest_resource_shares_are_the_files(landing: Path, manifest: dict) -> None:
    recorded = manifest["calibration"]["resources"]
    mine = _independent_shares(landing)
    assert set(recorded["region_net_cost_sek"]) == {"2022", "2023"}  # 2024 has one month only
    for year in ("2022", "2023"):
        for key in HEALTH_CARE.values():
            assert recorded["region_net_cost_sek"][year][key] == pytest.approx(mine[key][year], rel=1e-12)
        assert recorded["municipal_net_cost_sek"][year] == mine["municipal"][year]
        assert recorded["primary_care_cost_share_pct"][year] == pytest.approx(mine["primary"][year], rel=1e-12)
        assert recorded["nara_vard_resource_share_pct"][year] == pytest.approx(mine["nara_vard"][year], rel=1e-12)
    for key, mine_key in (("primary_care_cost_share_pct", "primary"), ("nara_vard_resource_share_pct", "nara_vard")):
        change = mine[mine_key]["2023"] - mine[mine_key]["2022"]
        assert recorded[key]["change_pp"] == pytest.approx(change, rel=1e-9)
    assert recorded["claim"] == "Andelen resurser till nära vård har ökat (2022→2023)"
    assert recorded["claim_holds"] is True and "assumption" in recorded["assumptions"]


def test_resource_levels_and_the_shift_to_nara_vard(landing: Path) -> None:
    """Scale 1 proportions (shares do not depend on the scale): primary care ≈ 18 % of regional health care in
    2022, ≈ 19 % in 2023, and the nära vård share rises with it."""
    mine = _independent_shares(landing)
    assert 17 < mine["primary"]["2022"] < 19 < mine["primary"]["2023"] + 0.5
    assert mine["primary"]["2023"] - mine["primary"]["2022"] > 0.5
    assert mine["nara_vard"]["2023"] - mine["nara_vard"]["2022"] > 0.5
    health_care_2022 = sum(mine[key]["2022"] for key in HEALTH_CARE.values()) / SMALL["scale"]  # type: ignore[operator]
    assert 50e9 < health_care_2022 < 60e9
    per_inhabitant = mine["municipal"]["2022"] / SMALL["scale"] / 1_778_030  # type: ignore[operator]
    assert 3300 < per_inhabitant < 3900


def test_an_unknown_scenario_municipality_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="kommun_ekonomi_missing"):
        _costs_only(tmp_path, start="2022-12", end="2022-12",
                    scenario=Scenario(kommun_ekonomi_missing=("2022:9999",)))


def _state(landing: Path) -> dict[str, tuple[str, float | None]]:
    """Every file's checksum, and the cost sources' modification times."""
    return {str(p.relative_to(landing)): (hashlib.sha256(p.read_bytes()).hexdigest(),
                                          p.stat().st_mtime if p.parts[-2] == "kommun_ekonomi" else None)
            for p in sorted(landing.rglob("*")) if p.is_file() and p.name != "_manifest.json"}


def _without_deliveries(landing: Path) -> dict:
    manifest = json.loads((landing / "_manifest.json").read_text(encoding="utf-8"))
    manifest.pop("deliveries", None)
    return manifest


@pytest.mark.parametrize(("start", "last", "month", "arrives"), [
    # the accounts of 2022 (first version and the late re-delivery, with their modification times)
    ("2022-11", "2022-11", "2022-12", ["kommun_ekonomi/kommun_ekonomi_2022.csv",
                                       "kommun_ekonomi/kommun_ekonomi_2022_v2.csv"]),
    # the accrual correction of March 2023 comes with May
    ("2023-03", "2023-04", "2023-05", ["ekonomi_region/ekonomi_region_202303_korr.txt"]),
])
def test_next_month_delivery_brings_the_cost_files_of_a_full_generation(
        tmp_path: Path, start: str, last: str, month: str, arrives: list[str]) -> None:
    landing, full = tmp_path / "landing", tmp_path / "full"
    generate(GeneratorConfig(out=landing, start=start, end=last, **SMALL))  # type: ignore[arg-type]
    assert not any((landing / name).exists() for name in arrives)
    result = deliver_month(landing, month, progress=False)
    assert set(arrives) <= set(result.new_files)
    assert f"ekonomi_region/ekonomi_region_{month.replace('-', '')}.txt" in result.new_files
    generate(GeneratorConfig(out=full, start=start, end=month, **SMALL))  # type: ignore[arg-type]
    assert _state(landing) == _state(full)
    assert _without_deliveries(landing) == _without_deliveries(full)
