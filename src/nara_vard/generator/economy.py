"""Costs: the region's ledger (`ekonomi_region`) and the municipalities' health-care accounts (`kommun_ekonomi`).

`ekonomi_region`: one file per month as the region's financial system exports it (Windows-1252, `;`, CRLF,
decimal comma, a cost written as a negative amount), one line per responsibility unit (Ansvar) and activity
(Verksamhet, the national classification of regions' activities). Primary care follows the contacts each care
centre was generated with, specialised somatic care the inpatient nights and stays of each hospital; the other
activities are smooth monthly levels. Recorded defects: an accrual correction file for 2023-03 that arrives with
the delivery of 2023-05 (its rows add to the month), and one line in 2023-06 with an activity code outside the
classification.

`kommun_ekonomi`: one file per year, written once the period holds the year's December. The file carries no
delivery date, so its modification time is set to a simulated delivery day (`Context.write_csv(modified=...)`).
Recorded defects (Scenario): a municipality whose year comes after the deadline in a re-delivery of the whole
year (`_v2`), and one whose year never comes.

Every month and every year draws from its own random stream, so a later `end` only adds files.

All cost levels here are ASSUMPTIONS for synthetic data (stated below and in the manifest), not VGR's accounts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pandas as pd

from nara_vard.generator.context import Context, month_index, period_index
from nara_vard.generator.vega import PSYCHIATRIC_HOSPITALS, Episodes

REGION = "ekonomi_region"
MUNICIPAL = "kommun_ekonomi"

HEADER = ["Period", "Ansvar", "Ansvarsnamn", "Verksamhet", "Verksamhetsnamn", "Nettokostnad"]
#: the activities of the ledger (codes are text); 610 and 810 are not health care
ACTIVITIES = {
    "110": "Primärvård, hälso- och sjukvård",
    "210": "Specialiserad somatisk vård",
    "310": "Specialiserad psykiatrisk vård",
    "410": "Tandvård",
    "510": "Övrig hälso- och sjukvård",
    "610": "Politisk verksamhet, hälso- och sjukvård",
    "810": "Trafik och infrastruktur",
}
#: the regional health-care activities and their keys in the manifest's calibration
HEALTH_CARE = {"110": "primarvard", "210": "specialiserad_somatisk", "310": "specialiserad_psykiatrisk",
               "410": "tandvard", "510": "ovrig_halso_sjukvard"}
PRIMARY_CARE = "110"
#: the defect: an activity code that is not in the classification, on one line of one month
UNKNOWN_ACTIVITY = ("990", "Ofördelat")
UNKNOWN_ACTIVITY_MONTH = pd.Period("2023-06", "M")
#: the defect: an accrual correction of this month, delivered with that month's delivery
CORRECTED_MONTH = pd.Period("2023-03", "M")
CORRECTION_DELIVERED_WITH = pd.Period("2023-05", "M")

# --- ASSUMPTIONS: cost levels (scale 1, SEK, nominal) -------------------------------------------------------
# Plausible sizes for a region of 1.8 million inhabitants, chosen for synthetic data; not VGR's accounts.
#: regional health-care net cost (110+210+310+410+510) in 2022; it grows about 4 % a year in total
REGION_HEALTH_CARE_2022 = 55e9
#: each activity's share of it in 2022; primary care ≈ 18 %, rising to ≈ 19 % in 2023 by the growth rates below
SHARE_2022 = {"110": 0.18, "210": 0.63, "310": 0.10, "410": 0.05, "510": 0.04}
#: yearly nominal growth of unit costs and levels: primary care grows faster (the shift to nära vård), the
#: rest of health care slower, so that the total grows about 4 % a year
GROWTH = {"110": 0.098, "210": 0.016, "310": 0.016, "410": 0.016, "510": 0.016, "610": 0.03, "810": 0.04}
#: not health care: political activity and public transport (the mart must leave them out)
LEVEL_2022 = {"610": 0.12e9, "810": 5.2e9}
#: a primary-care contact in "weighted contacts": a visit 1, a digital contact 0.5, a telephone contact 0.35
CONTACT_WEIGHTS = np.array([1.0, 0.5, 0.35])  # the order of primary_care.write_contacts: fysiskt, digitalt, telefon
#: the weighted primary-care contacts of 2022 at scale 1 as primary_care generates them (measured, seed 42);
#: the cost per weighted contact is the 2022 level divided by it, so primary care's cost follows its volume
WEIGHTED_CONTACTS_2022 = 6.87e6
#: specialised somatic care's volume unit: an inpatient night; a stay counts as this many nights more
#: (admission and discharge work), and open specialist care adds this share of a hospital's usual monthly
#: inpatient volume (its mean over the simulated months before the period)
NIGHTS_PER_STAY = 2.0
OPEN_CARE_SHARE = 0.6
#: the somatic volume units of 2022 at scale 1 (measured, seed 42)
SOMATIC_UNITS_2022 = 2.30e6
#: month factors of the levels (holidays in July and August, year-end bookings in December)
SEASON = {7: 0.88, 8: 0.95, 12: 1.10}
#: relative noise of each ledger line
NOISE = 0.03
#: the month growth counts from
BASE_MONTH = pd.Period("2022-01", "M")

# --- ASSUMPTIONS: municipal health care (scale 1) -------------------------------------------------------------
#: net cost per inhabitant in 2022 (SEK), growing 5 % a year
MUNICIPAL_PER_INHABITANT_2022 = 3600.0
MUNICIPAL_GROWTH = 0.05
#: this part of a municipality's cost follows its inhabitants aged 65+ (the rest its inhabitants)
MUNICIPAL_OLD_AGE_PART = 0.6
#: the split by activity (the file's order)
MUNICIPAL_ACTIVITIES = {"hemsjukvard_ordinart_boende": 0.45, "halso_sjukvard_sarskilt_boende": 0.35,
                        "rehabilitering": 0.12, "hjalpmedel": 0.08}
#: net = gross minus fees and grants: net is this share of gross
NET_OF_GROSS = (0.85, 0.95)
MUNICIPAL_HEADER = ["ar", "kommun_kod", "verksamhet", "bruttokostnad_tkr", "nettokostnad_tkr"]
#: the year's file is due by 31 May of the next year; on time it is saved in April or May, a re-delivery
#: with late municipalities on this day (month, day) of the next year
DEADLINE = (5, 31)
LATE_REDELIVERY = (8, 21)

ASSUMPTIONS = ("The cost levels are assumptions for synthetic data, not VGR's accounts: regional health-care net "
               "cost ≈ 55 billion SEK in 2022 (about +4 % a year), primary care ≈ 18 % of it in 2022 and ≈ 19 % "
               "in 2023 (costs following the generated contacts and inpatient volumes), and municipal health "
               "care ≈ 3 600 SEK per inhabitant in 2022 (+5 % a year), all times the generator's scale.")
CLAIM = "Andelen resurser till nära vård har ökat (2022→2023)"


@dataclass(frozen=True)
class Unit:
    """A responsibility unit (Ansvar) and the activity it books on."""

    code: str
    name: str
    activity: str
    kind: str  # "centre" (cost follows contacts), "hospital" (follows inpatient volume) or "level"
    key: str = ""  # the care centre's or hospital's code
    weight: float = 1.0  # a level unit's share of its activity's level
    december: float | None = None  # a level unit's own December factor (net income: negative)


def ledger_units(ctx: Context) -> list[Unit]:
    """The responsibility units, in code order (4-digit codes, text)."""
    units = [Unit(f"{4001 + i}", str(row.care_centre_name), "110", "centre", str(row.care_centre_code))
             for i, row in enumerate(ctx.ref.centres.itertuples(index=False))]
    hospitals = ctx.ref.hospitals[ctx.ref.hospitals["is_active"].str.lower() == "true"]
    names = dict(zip(hospitals["hospital_code"], hospitals["hospital_name"], strict=True))
    units += [Unit(f"{2101 + i}", str(name), "210", "hospital", str(code))
              for i, (code, name) in enumerate(names.items())]
    # psychiatric units at the hospitals that admit psychiatric patients, weighted by the inhabitants of
    # the areas they serve
    area_population = ctx.ref.municipalities.assign(
        population=ctx.ref.municipalities["population"].astype(float)).groupby("delregional_namnd_name")["population"].sum()
    served: dict[str, float] = {}
    for area, code in PSYCHIATRIC_HOSPITALS.items():
        served[code] = served.get(code, 0.0) + float(area_population.get(area, 0.0))
    psychiatric = [code for code in names if code in served]
    total = sum(served[c] for c in psychiatric)
    units += [Unit(f"{3101 + i}", f"Psykiatrin {names[code]}", "310", "level", code, served[code] / total)
              for i, code in enumerate(psychiatric)]
    dental = [("Folktandvården Göteborg", 0.26), ("Folktandvården Göteborgsregionen", 0.14),
              ("Folktandvården Fyrbodal", 0.15), ("Folktandvården Södra Älvsborg", 0.15),
              ("Folktandvården Skaraborg", 0.14), ("Folktandvården Specialisttandvård", 0.16)]
    units += [Unit(f"{5101 + i}", name, "410", "level", weight=w) for i, (name, w) in enumerate(dental)]
    # Hjälpmedelscentralen invoices the municipalities for the year in December: a net income that month
    other = [("Ambulanssjukvården Västra Götaland", 0.50, None), ("Sjukresor Västra Götaland", 0.18, None),
             ("Hjälpmedelscentralen", 0.07, -1.5), ("Smittskydd och vårdhygien", 0.10, None),
             ("Regionhälsan", 0.15, None)]
    units += [Unit(f"{6101 + i}", name, "510", "level", weight=w, december=d) for i, (name, w, d) in enumerate(other)]
    units.append(Unit("7101", "Hälso- och sjukvårdsnämnderna", "610", "level"))
    units.append(Unit("8101", "Kollektivtrafiknämnden", "810", "level"))
    return sorted(units, key=lambda u: u.code)


def ledger_amount(ore: int) -> str:
    """An amount in öre as the ledger writes it: decimal comma, minus sign, no thousands separator."""
    whole, cents = divmod(abs(ore), 100)
    return f"{'-' if ore < 0 else ''}{whole},{cents:02d}"


def _growth(activity: str, month: pd.Period) -> float:
    """Nominal growth since the base month, smooth by month."""
    return float((1 + GROWTH[activity]) ** ((month - BASE_MONTH).n / 12))


def _mean_growth_2022(activity: str) -> float:
    return float(np.mean([(1 + GROWTH[activity]) ** (k / 12) for k in range(12)]))


def _level_factor(unit: Unit, month_of_year: int) -> float:
    if unit.december is not None and month_of_year == 12:
        return unit.december
    return SEASON.get(month_of_year, 1.0)


def _level(unit: Unit) -> float:
    """The unit's net cost in 2022 at scale 1."""
    if unit.activity in LEVEL_2022:
        return LEVEL_2022[unit.activity] * unit.weight
    return REGION_HEALTH_CARE_2022 * SHARE_2022[unit.activity] * unit.weight


def _level_cost(ctx: Context, unit: Unit, month: pd.Period) -> float:
    """A level unit's cost in a month: its 2022 level spread over the year by its month factors and growth."""
    year_sum = sum(_level_factor(unit, k + 1) * (1 + GROWTH[unit.activity]) ** (k / 12) for k in range(12))
    return _level(unit) * ctx.config.scale * _level_factor(unit, month.month) * _growth(unit.activity, month) / year_sum


class SomaticVolume:
    """Inpatient nights and stays of somatic episodes per hospital and discharge month (the generated world)."""

    def __init__(self, ctx: Context, episodes: Episodes) -> None:
        c = episodes.c
        somatic = ~np.asarray(c["psych"], dtype=bool)
        nights = (c["discharge"][somatic] - c["admission"][somatic]).astype("timedelta64[D]").astype(np.int64)
        frame = pd.DataFrame({"month": month_index(c["discharge"][somatic]), "hospital": c["hospital"][somatic],
                              "units": nights + NIGHTS_PER_STAY})
        self._units = frame.groupby(["month", "hospital"])["units"].sum().to_dict()
        # a hospital's usual month: the mean of the simulated months before the period (the same whatever `end`)
        first = period_index(ctx.first_month)
        before = frame[(frame["month"] >= first - 6) & (frame["month"] < first)]
        self._usual = (before.groupby("hospital")["units"].sum() / 6).to_dict()

    def units(self, hospital: str, month: pd.Period) -> float:
        inpatient = float(self._units.get((period_index(month), hospital), 0.0))
        return inpatient + OPEN_CARE_SHARE * float(self._usual.get(hospital, 0.0))


@dataclass
class LedgerLine:
    ansvar: str
    ansvarsnamn: str
    verksamhet: str
    verksamhetsnamn: str
    ore: int  # the amount as the ledger writes it, in öre (a cost negative)


def _month_lines(ctx: Context, units: list[Unit], month: pd.Period, contacts: dict[str, np.ndarray],
                 somatic: SomaticVolume) -> list[LedgerLine]:
    """The month's ledger lines from its own stream."""
    rng = ctx.rng(f"{REGION}:{month}")
    noise = rng.lognormal(0.0, NOISE, len(units))
    weighted = np.asarray(contacts[str(month)], dtype=float) @ CONTACT_WEIGHTS
    centre_row = {code: i for i, code in enumerate(ctx.ref.centres["care_centre_code"])}
    per_contact = REGION_HEALTH_CARE_2022 * SHARE_2022["110"] / WEIGHTED_CONTACTS_2022 / _mean_growth_2022("110")
    per_unit = REGION_HEALTH_CARE_2022 * SHARE_2022["210"] / SOMATIC_UNITS_2022 / _mean_growth_2022("210")
    lines = []
    for unit, e in zip(units, noise.tolist(), strict=True):
        if unit.kind == "centre":
            cost = weighted[centre_row[unit.key]] * per_contact * _growth("110", month)
        elif unit.kind == "hospital":
            cost = somatic.units(unit.key, month) * per_unit * _growth("210", month)
        else:
            cost = _level_cost(ctx, unit, month)
        ore = -round(cost * e * 100)
        if ore:
            lines.append(LedgerLine(unit.code, unit.name, unit.activity, ACTIVITIES[unit.activity], ore))
    return lines


def _compact(month: pd.Period) -> str:
    return f"{month.year}{month.month:02d}"


def _write_ledger(ctx: Context, name: str, month: pd.Period, lines: list[LedgerLine]) -> pd.DataFrame:
    frame = pd.DataFrame({
        "Period": _compact(month), "Ansvar": [x.ansvar for x in lines], "Ansvarsnamn": [x.ansvarsnamn for x in lines],
        "Verksamhet": [x.verksamhet for x in lines], "Verksamhetsnamn": [x.verksamhetsnamn for x in lines],
        "Nettokostnad": [ledger_amount(x.ore) for x in lines]}, columns=HEADER)
    ctx.write_csv(REGION, name, frame, sep=";", encoding="cp1252", crlf=True)
    return frame


def _unknown_activity_line(ctx: Context, units: list[Unit], month: pd.Period) -> LedgerLine:
    """A cost booked on an activity code outside the classification (its own stream)."""
    rng = ctx.rng(f"{REGION}:unknown_activity:{month}")
    hospitals = [u for u in units if u.kind == "hospital"]
    unit = hospitals[int(rng.integers(0, len(hospitals)))]
    ore = -round(rng.uniform(0.5e6, 3e6) * ctx.config.scale * 100)
    return LedgerLine(unit.code, unit.name, UNKNOWN_ACTIVITY[0], UNKNOWN_ACTIVITY[1], min(ore, -1))


def _correction_lines(ctx: Context, original: list[LedgerLine]) -> list[LedgerLine]:
    """5 to 20 accrual corrections of the corrected month's lines, of mixed sign, at least one in primary care."""
    rng = ctx.rng(f"{REGION}:korr:{CORRECTED_MONTH}")
    known = [i for i, x in enumerate(original) if x.verksamhet in ACTIVITIES]
    primary = [i for i in known if original[i].verksamhet == PRIMARY_CARE]
    n = int(rng.integers(5, 21))
    first = primary[int(rng.integers(0, len(primary)))]
    rest = rng.choice(np.array([i for i in known if i != first]), size=n - 1, replace=False).tolist()
    share = rng.uniform(0.01, 0.08, n)
    sign = rng.choice(np.array([-1, 1]), size=n)
    sign[0], sign[1] = -1, 1  # more cost accrued on one line, an accrual reversed on another
    lines = []
    for i, s, f in zip([first, *rest], sign.tolist(), share.tolist(), strict=True):
        x = original[i]
        lines.append(LedgerLine(x.ansvar, x.ansvarsnamn, x.verksamhet, x.verksamhetsnamn,
                                s * max(1, round(abs(x.ore) * f))))
    return sorted(lines, key=lambda x: (x.ansvar, x.verksamhet))


def write_region_ledger(ctx: Context, episodes: Episodes, contacts: dict[str, np.ndarray]) -> dict[int, dict[str, int]]:
    """One ledger file per month, the accrual correction and the unknown code; returns the net cost in öre per
    year and health-care activity as the files hold it (correction included, the unknown code left out)."""
    units = ledger_units(ctx)
    somatic = SomaticVolume(ctx, episodes)
    totals: dict[int, dict[str, int]] = {}
    corrected: list[LedgerLine] = []
    for month in ctx.months:
        lines = _month_lines(ctx, units, month, contacts, somatic)
        if month == CORRECTED_MONTH:
            corrected = list(lines)
        if month == UNKNOWN_ACTIVITY_MONTH:
            lines.append(_unknown_activity_line(ctx, units, month))
        lines.sort(key=lambda x: (x.ansvar, x.verksamhet))
        name = f"{REGION}_{_compact(month)}.txt"
        _write_ledger(ctx, name, month, lines)
        for line_number, x in enumerate(lines, start=2):
            if x.verksamhet == UNKNOWN_ACTIVITY[0]:
                ctx.defect(REGION, "unknown_activity_code", file=f"{REGION}/{name}", line=line_number,
                           code=UNKNOWN_ACTIVITY[0])
        _add(totals, month.year, lines)
    if CORRECTED_MONTH in ctx.months and CORRECTION_DELIVERED_WITH in ctx.months:
        lines = _correction_lines(ctx, corrected)
        name = f"{REGION}_{_compact(CORRECTED_MONTH)}_korr.txt"
        _write_ledger(ctx, name, CORRECTED_MONTH, lines)
        _add(totals, CORRECTED_MONTH.year, lines)
        ctx.defect(REGION, "accrual_correction", file=f"{REGION}/{name}", period=str(CORRECTED_MONTH),
                   rows=len(lines), net_cost_sek=-sum(x.ore for x in lines) / 100,
                   primary_care_net_cost_sek=-sum(x.ore for x in lines if x.verksamhet == PRIMARY_CARE) / 100)
    ctx.progress(f"{REGION}: written")
    return totals


def _add(totals: dict[int, dict[str, int]], year: int, lines: list[LedgerLine]) -> None:
    of_year = totals.setdefault(year, dict.fromkeys(HEALTH_CARE, 0))
    for x in lines:
        if x.verksamhet in HEALTH_CARE:
            of_year[x.verksamhet] += x.ore


# --- kommun_ekonomi ---------------------------------------------------------------------------------------------

def _scenario_years(ctx: Context, values: tuple[str, ...], field: str) -> set[tuple[int, str]]:
    """("YYYY:kommun_kod", ...) as (year, code); a code not in reference__municipalities is an error."""
    known = set(ctx.ref.municipalities["municipality_code"])
    pairs = set()
    for value in values:
        match = re.fullmatch(r"(\d{4}):(\d{4})", value)
        if match is None or match.group(2) not in known:
            raise ValueError(f"Scenario.{field}: {value!r} is not 'YYYY:kommun_kod' with a municipality of "
                             "reference__municipalities")
        pairs.add((int(match.group(1)), match.group(2)))
    return pairs


def _complete_years(ctx: Context) -> list[int]:
    """The years whose December is in the period: their accounts are delivered."""
    return sorted({m.year for m in ctx.months if pd.Period(f"{m.year}-12", "M") in ctx.months})


def _municipal_weight(inhabitants: float, old: float, region_old_share: float) -> float:
    """Inhabitants, counted up or down by the share aged 65+ against the region's (the weights sum to the
    region's inhabitants)."""
    old_share = old / inhabitants if inhabitants else 0.0
    return inhabitants * ((1 - MUNICIPAL_OLD_AGE_PART) + MUNICIPAL_OLD_AGE_PART * old_share / region_old_share)


def _municipal_rows(ctx: Context, rng: np.random.Generator, year: int) -> dict[str, list[list[str]]]:
    """Every municipality's four rows of the year (formatted), in the file's order."""
    pop = ctx.ref.population
    nearest = int(min(pop["year"].unique(), key=lambda y: abs(int(y) - year)))
    inhabitants = pop[pop["year"] == nearest].groupby("municipality_code")["population"].sum()
    old = ctx.ref.population_65(year).reindex(inhabitants.index, fill_value=0)
    region_old_share = old.sum() / inhabitants.sum()
    codes = ctx.ref.municipalities["municipality_code"].tolist()
    per_inhabitant = MUNICIPAL_PER_INHABITANT_2022 * (1 + MUNICIPAL_GROWTH) ** (year - 2022)
    spread = rng.lognormal(0.0, 0.05, len(codes))
    weights = np.array([_municipal_weight(float(inhabitants.get(c, 0)), float(old.get(c, 0)), region_old_share)
                        for c in codes])
    spread /= float(weights @ spread / weights.sum())  # municipalities differ; the region's level stays the assumed one
    activity_noise = rng.lognormal(0.0, 0.04, (len(codes), len(MUNICIPAL_ACTIVITIES)))
    net_of_gross = rng.uniform(*NET_OF_GROSS, (len(codes), len(MUNICIPAL_ACTIVITIES)))
    rows: dict[str, list[list[str]]] = {}
    for i, code in enumerate(codes):
        net_sek = per_inhabitant * weights[i] * spread[i] * ctx.config.scale
        rows[code] = []
        for j, (activity, share) in enumerate(MUNICIPAL_ACTIVITIES.items()):
            net = max(1, round(net_sek * share * activity_noise[i, j] / 1000))
            gross = max(net, round(net / net_of_gross[i, j]))
            rows[code].append([str(year), code, activity, str(gross), str(net)])
    return rows


def _noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def write_municipal_accounts(ctx: Context) -> dict[int, int]:
    """One file per complete year (plus a `_v2` when a municipality is late); returns the net cost in tkr per
    year of the rows the warehouse keeps (the latest version of the year's file)."""
    late = _scenario_years(ctx, ctx.config.scenario.kommun_ekonomi_late, "kommun_ekonomi_late")
    missing = _scenario_years(ctx, ctx.config.scenario.kommun_ekonomi_missing, "kommun_ekonomi_missing")
    totals: dict[int, int] = {}
    for year in _complete_years(ctx):
        rng = ctx.rng(f"{MUNICIPAL}:{year}")
        rows = _municipal_rows(ctx, rng, year)
        on_time = _noon(date(year + 1, 4, 1) + timedelta(days=int(rng.integers(0, 61))))  # 1 April to 31 May
        absent = {code for y, code in missing if y == year}
        late_codes = sorted({code for y, code in late if y == year} - absent)
        first = [r for code, rs in rows.items() if code not in absent and code not in late_codes for r in rs]
        ctx.write_csv(MUNICIPAL, f"{MUNICIPAL}_{year}.csv", pd.DataFrame(first, columns=MUNICIPAL_HEADER),
                      modified=on_time)
        kept = first
        if late_codes:
            kept = [r for code, rs in rows.items() if code not in absent for r in rs]
            name = f"{MUNICIPAL}_{year}_v2.csv"
            delivered = date(year + 1, *LATE_REDELIVERY)
            ctx.write_csv(MUNICIPAL, name, pd.DataFrame(kept, columns=MUNICIPAL_HEADER), modified=_noon(delivered))
            for code in late_codes:
                ctx.defect(MUNICIPAL, "late_year", year=year, kommun_kod=code, file=f"{MUNICIPAL}/{name}",
                           delivered=str(delivered), deadline=str(date(year + 1, *DEADLINE)))
        for code in sorted(absent):
            ctx.defect(MUNICIPAL, "missing_year", year=year, kommun_kod=code)
        totals[year] = sum(int(r[4]) for r in kept)
    ctx.progress(f"{MUNICIPAL}: written")
    return totals


# --- the manifest's figures -----------------------------------------------------------------------------------

def record_calibration(ctx: Context, region: dict[int, dict[str, int]], municipal_tkr: dict[int, int]) -> None:
    """The resource shares as the files hold them, for the years with all twelve ledger months and an accounts
    file (`calibration.resources` of the manifest)."""
    months_of = {y: sum(1 for m in ctx.months if m.year == y) for y in region}
    years = [y for y in sorted(region) if months_of[y] == 12 and y in municipal_tkr]
    net_cost: dict[str, dict[str, float]] = {}
    primary_share: dict[str, float] = {}
    municipal: dict[str, float] = {}
    nara_vard: dict[str, float] = {}
    for y in years:
        by_activity = {HEALTH_CARE[code]: -ore / 100 for code, ore in region[y].items()}
        health_care = sum(by_activity.values())
        primary = by_activity[HEALTH_CARE[PRIMARY_CARE]]
        municipal_sek = float(municipal_tkr[y] * 1000)
        net_cost[str(y)] = by_activity
        primary_share[str(y)] = 100 * primary / health_care
        municipal[str(y)] = municipal_sek
        nara_vard[str(y)] = 100 * (primary + municipal_sek) / (health_care + municipal_sek)
    holds: bool | None = None
    if "2022" in primary_share and "2023" in primary_share:
        primary_share["change_pp"] = primary_share["2023"] - primary_share["2022"]
        nara_vard["change_pp"] = nara_vard["2023"] - nara_vard["2022"]
        holds = nara_vard["change_pp"] > 0
    ctx.notes.setdefault("calibration", {}).setdefault("resources", {}).update({
        "assumptions": ASSUMPTIONS,
        "region_net_cost_sek": net_cost,
        "primary_care_cost_share_pct": primary_share,
        "municipal_net_cost_sek": municipal,
        "nara_vard_resource_share_pct": nara_vard,
        "claim": CLAIM,
        "claim_holds": holds,
    })


def generate(ctx: Context, episodes: Episodes, contacts: dict[str, np.ndarray]) -> None:
    """Write both cost sources from the generated activity (inpatient episodes, primary-care contacts per month)."""
    region = write_region_ledger(ctx, episodes, contacts)
    municipal = write_municipal_accounts(ctx)
    record_calibration(ctx, region, municipal)
