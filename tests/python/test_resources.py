"""Resources per level of care (issue 24) against independent recomputations from the landing files.

The ledger (`ekonomi_region`, Windows-1252, `;`, decimal comma, costs negative, `_korr` files adding to their
month) and the municipal accounts (`kommun_ekonomi`, a `_vN` re-delivery superseding the year's first file) are
read here with Python's csv module, the levels of care written out from the contract (not read from the project's
classification seed), the population from the population seed: no model is read for the expected values. The
mart must equal them for the region and every municipality, the generator's recorded 2022 -> 2023 change must be
in the mart, and the deliveries the manifest records as late and missing must be `late` and `missing`.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from pathlib import Path

import duckdb
import pytest

from nara_vard.paths import SEEDS_DIR

#: the contract's levels of care (SOURCES.md; VI 2000): 110 is primary care; regional health care is 110-510
PRIMARY_CARE = {"110"}
SOMATIC = {"210"}
HEALTH_CARE = {"110", "210", "310", "410", "510"}
KNOWN = HEALTH_CARE | {"610", "810"}


@pytest.fixture(scope="module")
def build(built_warehouse: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(built_warehouse), read_only=True)


@pytest.fixture(scope="module")
def manifest(default_landing: Path) -> dict:
    return json.loads((default_landing / "_manifest.json").read_text(encoding="utf-8"))


def _ledger_rows(landing: Path) -> list[dict[str, object]]:
    rows = []
    for path in sorted((landing / "ekonomi_region").iterdir()):
        text = path.read_bytes().decode("cp1252")
        for line, row in enumerate(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"), start=2):
            rows.append({"file": path.name, "line": line, "month": row["Period"][:4] + "-" + row["Period"][4:],
                         "code": row["Verksamhet"].strip(),
                         "net_cost": -float(row["Nettokostnad"].replace(",", "."))})
    return rows


@pytest.fixture(scope="module")
def ledger(default_landing: Path) -> list[dict[str, object]]:
    return _ledger_rows(default_landing)


@pytest.fixture(scope="module")
def accounts(default_landing: Path) -> dict[tuple[int, str], float]:
    """Net cost in SEK per (year, municipality): for each year, municipality and activity the highest version."""
    best: dict[tuple[int, str, str], tuple[int, float]] = {}
    for path in sorted((default_landing / "kommun_ekonomi").glob("*.csv")):
        version = int(m.group(1)) if (m := re.search(r"_v(\d+)\.csv$", path.name)) else 1
        for row in csv.DictReader(path.open(encoding="utf-8", newline="")):
            key = (int(row["ar"]), row["kommun_kod"], row["verksamhet"])
            if key not in best or best[key][0] < version:
                best[key] = (version, float(row["nettokostnad_tkr"]) * 1000)
    out: dict[tuple[int, str], float] = defaultdict(float)
    for (year, code, _), (_, cost) in best.items():
        out[(year, code)] += cost
    return dict(out)


@pytest.fixture(scope="module")
def population() -> dict[tuple[int, str], tuple[int, int]]:
    """(all ages, 65+) per (year, municipality) from the population seed."""
    out: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
    for row in csv.DictReader((SEEDS_DIR / "reference__population.csv").open(encoding="utf-8", newline="")):
        cell = out[(int(row["year"]), row["municipality_code"])]
        cell[0] += int(row["population"])
        if int(row["age_min"]) >= 65:
            cell[1] += int(row["population"])
    return {k: (v[0], v[1]) for k, v in out.items()}


def _published(build: duckdb.DuckDBPyConnection, indicator: str, geo_level: str, geo_code: str, period_type: str,
               period_start: str) -> tuple[float | None, str | None, str | None]:
    """The published value and quality flag, and the reason in words the build gives with them."""
    row = build.sql(f"""
        select f.value, f.quality_flag, a.reason
        from marts.fct_indicator_values_v2 as f
        join intermediate.int_indicator_values_assessed as a
            using (indicator_id, geo_level, geo_code, period_type, period_start, sex)
        where indicator_id = '{indicator}' and geo_level = '{geo_level}' and geo_code = '{geo_code}'
          and period_type = '{period_type}' and period_start = '{period_start}' and sex = 'T'""").fetchone()
    assert row is not None, (indicator, geo_level, geo_code, period_type, period_start)
    return row[0], row[1], row[2]


def _period_starts(month: str) -> dict[str, str]:
    year, mon = int(month[:4]), int(month[5:])
    return {"month": f"{month}-01", "quarter": f"{year}-{(mon - 1) // 3 * 3 + 1:02d}-01", "year": f"{year}-01-01"}


def test_primary_care_cost_share_equals_the_ledger_for_every_period(build, ledger) -> None:
    sums: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0])
    months: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in ledger:
        if row["code"] not in HEALTH_CARE:
            continue
        for ptype, start in _period_starts(str(row["month"])).items():
            cell = sums[(ptype, start)]
            cell[0] += float(row["net_cost"]) if row["code"] in PRIMARY_CARE else 0.0  # type: ignore[arg-type]
            cell[1] += float(row["net_cost"])  # type: ignore[arg-type]
            months[(ptype, start)].add(str(row["month"]))
    last = max(str(r["month"]) for r in ledger)  # a period in progress expects its months up to the last one
    checked = 0
    for (ptype, start), (primary, total) in sums.items():
        length = {"month": 1, "quarter": 3, "year": 12}[ptype]
        year, month = int(start[:4]), int(start[5:7])
        expected = [f"{year + (month - 1 + i) // 12}-{(month - 1 + i) % 12 + 1:02d}" for i in range(length)]
        complete = {m for m in expected if m <= last} <= months[(ptype, start)]
        value, flag, _ = _published(build, "primarvardens_kostnadsandel", "region", "14", ptype, start)
        assert value == pytest.approx(100 * primary / total, rel=1e-9), (ptype, start)
        assert flag == ("ok" if complete else "incomplete"), (ptype, start, flag)
        checked += 1
    assert checked >= 25 + 9 + 3  # every month, quarter and year of the default landing


def test_an_accrual_correction_adds_to_its_month(build, ledger, manifest) -> None:
    corrections = [d for d in manifest["defects"] if d["defect"] == "accrual_correction"]
    assert corrections, "the default landing has an ekonomi_region correction file"
    for defect in corrections:
        month = str(defect["period"])
        rows = [r for r in ledger if r["month"] == month and r["code"] in HEALTH_CARE]
        with_correction = sum(float(r["net_cost"]) for r in rows if r["code"] in PRIMARY_CARE)  # type: ignore[arg-type]
        without = sum(float(r["net_cost"]) for r in rows  # type: ignore[arg-type]
                      if r["code"] in PRIMARY_CARE and "_korr" not in str(r["file"]))
        assert with_correction != pytest.approx(without), "the correction changes primary care's cost of its month"
        total = sum(float(r["net_cost"]) for r in rows)  # type: ignore[arg-type]
        value, _, _ = _published(build, "primarvardens_kostnadsandel", "region", "14", "month", f"{month}-01")
        assert value == pytest.approx(100 * with_correction / total, rel=1e-9)
        coverage = build.sql(f"""select status, file_count from data_quality.dq_delivery_coverage
            where source = 'ekonomi_region' and period_start = '{month}-01'""").fetchone()
        assert coverage == ("on_time", 2), "the correction belongs to its month's delivery, not a new one"


def test_a_ledger_code_outside_the_classification_is_quarantined_not_counted(build, ledger) -> None:
    unknown = [r for r in ledger if r["code"] not in KNOWN]
    assert unknown, "the default landing has a ledger row whose activity code is not in the classification"
    for row in unknown:
        quarantined = build.sql(f"""select rule, column_name from data_quality.dq_quarantine
            where source = 'ekonomi_region' and file_name = '{row["file"]}' and line_number = {row["line"]}""").fetchone()
        assert quarantined == ("unknown_code", "Verksamhet")


def test_municipal_health_care_cost_per_inhabitant_for_every_municipality(build, accounts, population) -> None:
    years = sorted({y for y, _ in accounts})
    pop_years = sorted({y for y, _ in population})
    municipalities = {r["municipality_code"]: r["kommunalforbund_name"] for r in
                      csv.DictReader((SEEDS_DIR / "reference__municipalities.csv").open(encoding="utf-8"))}
    assert len(municipalities) == 49 and years
    for year in years:
        pop_year = min(max(year, pop_years[0]), pop_years[-1])
        region = [0.0, 0, 0]
        for code in municipalities:
            for indicator, index in (("kommunal_hsl_kostnad_per_invanare", 0),
                                     ("kommunal_hsl_kostnad_per_invanare_65", 1)):
                value, flag, reason = _published(build, indicator, "kommun", code, "year", f"{year}-01-01")
                if (year, code) in accounts:
                    expected = accounts[(year, code)] / population[(pop_year, code)][index]
                    assert value == pytest.approx(expected, rel=1e-9), (indicator, code, year)
                else:
                    assert value is None and flag == "no_data", (code, year, flag)
                    assert f"by {code}" in reason
            if (year, code) in accounts:
                region[0] += accounts[(year, code)]
                region[1] += population[(pop_year, code)][0]
                region[2] += 1
        value, flag, reason = _published(build, "kommunal_hsl_kostnad_per_invanare", "region", "14", "year",
                                         f"{year}-01-01")
        assert value == pytest.approx(region[0] / region[1], rel=1e-9)
        if region[2] < 49:
            assert flag == "incomplete" and reason.startswith(f"{49 - region[2]} of 49 municipalities"), reason
        else:
            assert flag == "ok"


def test_the_share_of_resources_to_nara_vard_and_the_recorded_rise(build, ledger, accounts, manifest) -> None:
    recorded = manifest["calibration"]["resources"]
    by_year: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0])
    ledger_months: dict[int, set[str]] = defaultdict(set)
    for row in ledger:
        if row["code"] in HEALTH_CARE:
            year = int(str(row["month"])[:4])
            by_year[year][0] += float(row["net_cost"]) if row["code"] in PRIMARY_CARE else 0.0  # type: ignore[arg-type]
            by_year[year][1] += float(row["net_cost"])  # type: ignore[arg-type]
            ledger_months[year].add(str(row["month"]))
    values = {}
    for year in sorted(by_year):
        municipal = sum(cost for (y, _), cost in accounts.items() if y == year)
        value, flag, reason = _published(build, "andel_resurser_nara_vard", "region", "14", "year", f"{year}-01-01")
        if len(ledger_months[year]) == 12 and municipal:
            expected = 100 * (by_year[year][0] + municipal) / (by_year[year][1] + municipal)
            assert value == pytest.approx(expected, rel=1e-9), year
            assert value == pytest.approx(recorded["nara_vard_resource_share_pct"][str(year)], rel=1e-9)
            values[year] = value
        else:
            assert value is None and reason, (year, flag)
    assert {2022, 2023} <= set(values), "both years of the planning document's claim have a value"
    change = values[2023] - values[2022]
    assert change == pytest.approx(recorded["nara_vard_resource_share_pct"]["change_pp"], rel=1e-9, abs=1e-12)
    assert change > 0, "the planning document's claim holds in the default landing"
    trend = build.sql("""select change_absolute from marts.fct_indicator_trend_v2 where indicator_id =
        'andel_resurser_nara_vard' and geo_level = 'region' and period_type = 'year' and sex = 'T'
        and period_start = '2023-01-01'""").fetchone()
    assert trend is not None and trend[0] == pytest.approx(change, rel=1e-9)
    primary = build.sql("""select value from marts.fct_indicator_values_v2 where indicator_id =
        'primarvardens_kostnadsandel' and geo_level = 'region' and period_type = 'year' and sex = 'T'
        order by period_start""").fetchall()
    assert [v for (v,) in primary][:2] == pytest.approx(
        [recorded["primary_care_cost_share_pct"]["2022"], recorded["primary_care_cost_share_pct"]["2023"]], rel=1e-9)


def test_late_and_missing_municipal_years_are_delivery_findings(build, manifest) -> None:
    defects = [d for d in manifest["defects"] if d["source"] == "kommun_ekonomi"]
    late = {(int(d["year"]), str(d["kommun_kod"])) for d in defects if d["defect"] == "late_year"}
    missing = {(int(d["year"]), str(d["kommun_kod"])) for d in defects if d["defect"] == "missing_year"}
    assert late and missing
    statuses = {(int(str(p)[:4]), code): status for code, p, status in build.sql(
        "select org_code, period_start, status from data_quality.dq_delivery_coverage "
        "where source = 'kommun_ekonomi'").fetchall()}
    assert len(statuses) == 49 * 2  # every municipality, 2022 and 2023
    for key, status in statuses.items():
        expected = "late" if key in late else "missing" if key in missing else "on_time"
        assert status == expected, (key, status)
    findings = {(check, org, str(period)[:4]) for check, org, period in build.sql(
        "select check_id, org_code, period_start from data_quality.dq_findings where source = 'kommun_ekonomi'"
    ).fetchall()}
    for year, code in late:
        assert ("kommun_ekonomi.delivery.late", code, str(year)) in findings
    for year, code in missing:
        assert ("kommun_ekonomi.delivery.missing", code, str(year)) in findings


def test_cost_per_contact_and_per_episode_read_against_the_activity(build, ledger, default_landing) -> None:
    contacts: dict[int, float] = defaultdict(float)
    for path in (default_landing / "primarvard_kontakter").glob("*.csv"):
        for row in csv.DictReader(path.open(encoding="utf-8", newline="")):
            contacts[int(row["manad"][:4])] += float(row["antal"])
    episodes_by_id: dict[str, tuple[str, dict[str, str]]] = {}
    for path in (default_landing / "vega_slutenvard").glob("*.csv"):
        for row in csv.DictReader(path.open(encoding="utf-8", newline="")):
            current = episodes_by_id.get(row["vardtillfalle_id"])
            if current is None or current[0] < row["leveransdatum"]:
                episodes_by_id[row["vardtillfalle_id"]] = (row["leveransdatum"], row)
    episode_months: dict[str, int] = defaultdict(int)
    for _, row in episodes_by_id.values():
        if row["verksamhet"] == "somatik":
            episode_months[row["utskrivningsdatum"][:7]] += 1
    cost: dict[tuple[str, str], float] = defaultdict(float)
    for row in ledger:
        cost[(str(row["month"]), str(row["code"]))] += float(row["net_cost"])  # type: ignore[arg-type]
    for year in (2022, 2023):
        primary = sum(v for (m, c), v in cost.items() if c in PRIMARY_CARE and m.startswith(str(year)))
        value, _, _ = _published(build, "kostnad_per_kontakt_primarvard", "region", "14", "year", f"{year}-01-01")
        assert value == pytest.approx(primary / contacts[year], rel=1e-9)
        months = [m for m in episode_months if m.startswith(str(year))]
        somatic = sum(v for (m, c), v in cost.items() if c in SOMATIC and m in months)
        value, _, _ = _published(build, "kostnad_per_vardtillfalle_somatik", "region", "14", "year",
                                 f"{year}-01-01")
        assert value == pytest.approx(somatic / sum(episode_months[m] for m in months), rel=1e-9)


def test_the_shift_table_sets_money_against_mission(build, manifest) -> None:
    recorded = manifest["calibration"]["resources"]["primary_care_cost_share_pct"]
    row = build.sql("""select cost_share_change_points, resources_moved, mission_moved, answer_sv
        from marts.rpt_resource_shift where year = 2023""").fetchone()
    assert row is not None
    change, resources, mission, answer = row
    assert change == pytest.approx(recorded["change_pp"], rel=1e-9)
    assert resources == ("increased" if change > 0 else "decreased")
    # the mission measures' changes beyond noise, read from the published trend: all up, all down, both, none
    moved = {sign for value, significant in build.sql("""select change_absolute, change_is_significant
        from marts.fct_indicator_trend_v2 where geo_level = 'region' and sex = 'T' and period_type = 'year'
        and period_start = '2023-01-01' and indicator_id in ('primarvardens_andel_oppenvard', 'helt_i_primarvarden')
        """).fetchall() if significant for sign in ["up" if value > 0 else "down"]}
    assert mission == {frozenset({"up"}): "increased", frozenset({"down"}): "decreased",
                       frozenset({"up", "down"}): "mixed", frozenset(): "unchanged"}[frozenset(moved)]
    assert resources == "increased", "the planning document's claim holds in the default landing"
    assert answer.startswith("Både" if mission == "increased" else "Resurserna har flyttat"), answer
    in_progress = build.sql("""select count(*) from marts.rpt_resource_shift as s join marts.dim_period as p
        on p.period_type = 'year' and p.period_start = s.period_start where p.is_in_progress""").fetchone()
    assert in_progress == (0,), "a year in progress is not compared with a whole year"
    unknown = build.sql("select resources_moved, answer_sv from marts.rpt_resource_shift where year = 2022").fetchone()
    assert unknown is not None and unknown[0] == "unknown" and unknown[1].startswith("Kan inte besvaras")
