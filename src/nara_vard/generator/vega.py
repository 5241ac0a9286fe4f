"""Vega: inpatient episodes (`vega_slutenvard`) and the daily bed census (`vega_vardplatser`).

Episodes are generated as patient chains: a first stay, then with some probability a follow-up
stay for the same patient (an unplanned readmission within 30 days, a planned return, or a later
admission). Readmissions therefore arise from real episode sequences. Length of stay and the
readmission share are then calibrated per quarter to the published figures by changing only
things that do not disturb anything else: the admission date of a chain's first stay, and whether
a single follow-up stay was unplanned.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from nara_vard.generator.context import (
    Context,
    iso,
    map_quarters,
    month_end,
    month_index,
    month_start,
    period_index,
    world_months,
)
from nara_vard.generator.numeric import adjust_to_total, ratio_numerator

SOURCE = "vega_slutenvard"
BEDS_SOURCE = "vega_vardplatser"

SOMATIC_DISCHARGES_PER_YEAR = 225_000
SOMATIC_BEDS = 2_300
# Somatic admissions per 1 000 inhabitants and year by age band (shape only; volume is scaled).
ADMISSION_RATE = {"0-19": 45, "20-39": 70, "40-64": 85, "65-74": 210, "75-84": 380, "85+": 560}
SEASON = {1: 1.08, 2: 1.05, 3: 1.04, 4: 1.0, 5: 0.98, 6: 0.95, 7: 0.82, 8: 0.92, 9: 1.0,
          10: 1.03, 11: 1.05, 12: 1.04}
OUTSIDE_COUNTY = ["1384", "1380", "1382", "1383", "1780", "0180", "0680", "1880"]
INSKRIVNINGSSATT = np.array(["akut", "planerad"])
UTSKRIVNINGSSATT = np.array(["hem", "sarskilt_boende", "annan_vardenhet", "avliden"])
VERKSAMHET = np.array(["somatik", "psykiatri"])
# Hospitals a patient is admitted to, by the delregional area of the home municipality.
SOMATIC_HOSPITALS = {
    "Göteborg": {"SU-SAH": .32, "SU-OST": .27, "SU-MOL": .08, "SIV-HOG": .06, "SIV-ANG": .07,
                 "CAP-LUN": .15, "SU-DSB": .05},
    "västra": {"SIV-KUN": .35, "SIV-ALI": .25, "SU-MOL": .18, "SU-SAH": .19, "SU-DSB": .03},
    "norra": {"NU-NAL": .45, "NU-UDD": .33, "PT-DAL": .06, "PT-LYS": .05, "PT-STR": .05, "SU-SAH": .06},
    "södra": {"SAS-BOR": .76, "SAS-SKE": .14, "SU-SAH": .10},
    "östra": {"SKAS-SKO": .55, "SKAS-LID": .20, "SKAS-FAL": .10, "SKAS-MAR": .10, "SU-SAH": .05},
    "other": {"SU-SAH": .5, "SU-OST": .2, "NU-NAL": .1, "SAS-BOR": .1, "SIV-KUN": .1},
}
PSYCHIATRIC_HOSPITALS = {"Göteborg": "SU-OST", "västra": "SIV-KUN", "norra": "NU-NAL",
                         "södra": "SAS-BOR", "östra": "SKAS-SKO", "other": "SU-OST"}


def patient_code(numbers: np.ndarray) -> np.ndarray:
    """Pseudonymous patient ids: a bijective scramble of a running number, as 'P' + 8 hex digits.

    Never digits only, so an id can never be mistaken for a personnummer.
    """
    scrambled = (np.asarray(numbers, dtype=np.uint64) * np.uint64(2654435761) + np.uint64(97531)) \
        % np.uint64(2**32)
    return np.array([f"P{x:08X}" for x in scrambled.tolist()], dtype=object)


class Episodes:
    """Column arrays of all generated episodes (also those outside the delivered period)."""

    def __init__(self, cols: dict[str, np.ndarray]) -> None:
        self.c = cols

    def __len__(self) -> int:
        return len(self.c["discharge"])


def _sample_people(ctx: Context, rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    """Home municipality, sex and age of first stays, following population × admission rate."""
    pop = ctx.ref.population
    pop = pop[pop["year"] == pop["year"].max()]
    weights = pop["population"].to_numpy(float) * pop["age_band"].map(ADMISSION_RATE).to_numpy(float)
    cell = rng.choice(len(pop), size=n, p=weights / weights.sum())
    lo = pop["age_min"].to_numpy()[cell]
    hi = pop["age_max"].to_numpy()[cell]
    age = lo + np.floor(rng.random(n) * (np.minimum(hi, 99) - lo + 1)).astype(int)
    old = lo >= 85
    age[old] = 85 + np.minimum(rng.geometric(0.17, size=old.sum()) - 1, 19)
    kommun = pop["municipality_code"].to_numpy()[cell].astype(object)
    outside = rng.random(n) < 0.015
    kommun[outside] = rng.choice(OUTSIDE_COUNTY, size=outside.sum())
    return {"kommun": kommun, "sex": pop["sex"].to_numpy()[cell], "age": age}


def _draw_los(rng: np.random.Generator, age: np.ndarray, psych: np.ndarray, planned: np.ndarray,
              level: np.ndarray) -> np.ndarray:
    """Length of stay in days: over-dispersed counts (many same-day stays, a long tail)."""
    mean = np.where(age >= 75, 6.4, np.where(age >= 65, 5.0, 4.0)) * level
    mean = np.where(planned, mean * 0.8, mean)
    mean = np.where(psych, 18.0, mean)
    dispersion = 1.1
    los = rng.negative_binomial(dispersion, dispersion / (dispersion + mean))
    return np.minimum(los, 180)


def _discharge_type(rng: np.random.Generator, age: np.ndarray) -> np.ndarray:
    u = rng.random(len(age))
    died = np.where(age >= 85, 0.06, np.where(age >= 65, 0.025, 0.004))
    special = np.where(age >= 80, 0.12, np.where(age >= 65, 0.04, 0.0))
    out = np.zeros(len(age), dtype=np.int8)
    out[u < died + special + 0.06] = 2
    out[u < died + special] = 1
    out[u < died] = 3
    return out


def _readmission_probability(ctx: Context, discharge: np.ndarray, age: np.ndarray,
                             psych: np.ndarray) -> np.ndarray:
    """Chance of an unplanned return within 30 days, set a little above the quarter's target."""
    p_old = map_quarters(discharge, lambda q: ctx.targets.quarter_or_baseline("aterinlaggning_30d", q) / 100 + 0.009)
    return np.where(psych, 0.09, np.where(age >= 65, p_old, 0.045))


def _hospitals(ctx: Context, rng: np.random.Generator, kommun: np.ndarray, age: np.ndarray,
               psych: np.ndarray) -> np.ndarray:
    """The hospital of each stay, by the delregional area of the home municipality."""
    area_of = ctx.ref.municipalities.set_index("municipality_code")["delregional_namnd_name"]
    area = pd.Series(kommun, dtype=object).map(area_of).fillna("other").to_numpy()
    hospital = np.empty(len(kommun), dtype=object)
    for name, weights in SOMATIC_HOSPITALS.items():
        sel = np.flatnonzero(area == name)
        shares = np.array(list(weights.values())) / sum(weights.values())
        hospital[sel] = rng.choice(list(weights), size=len(sel), p=shares)
    children = np.isin(hospital, ["SU-DSB"])
    adults = children & (age >= 18)
    hospital[adults] = "SU-SAH"
    kids = (~children) & (age < 16) & np.isin(area, ["Göteborg", "västra"])
    hospital[kids] = "SU-DSB"
    for name, code in PSYCHIATRIC_HOSPITALS.items():
        hospital[psych & (area == name)] = code
    return hospital


def _first_stays(ctx: Context, rng: np.random.Generator, month: pd.Period, first_patient: int) -> dict[str, np.ndarray]:
    """The first stays (chain heads) discharged in one month, each a new patient."""
    per_month = SOMATIC_DISCHARGES_PER_YEAR * ctx.config.scale / 12 / 1.33
    n = int(rng.poisson(per_month * SEASON[month.month]))
    day = np.floor(rng.random(n) * month.days_in_month).astype(np.int64)
    discharge = month_start(month) + day.astype("timedelta64[D]")
    people = _sample_people(ctx, rng, n)
    psych = rng.random(n) < np.where(people["age"] >= 65, 0.03, 0.12)
    planned = rng.random(n) < np.where(psych, 0.15, 0.30)
    level = _los_level(ctx, discharge)
    los = _draw_los(rng, people["age"], psych, planned, level)
    return {
        "patient": np.arange(first_patient, first_patient + n), "kommun": people["kommun"], "sex": people["sex"],
        "age": people["age"], "psych": psych, "planned": planned, "discharge": discharge,
        "admission": discharge - los.astype("timedelta64[D]"), "out_type": _discharge_type(rng, people["age"]),
        "is_head": np.ones(n, dtype=bool), "hospital": _hospitals(ctx, rng, people["kommun"], people["age"], psych),
    }


def _concat(parts: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}


def _take(cols: dict[str, np.ndarray], mask: np.ndarray) -> dict[str, np.ndarray]:
    return {k: v[mask] for k, v in cols.items()}


def generate_episodes(ctx: Context) -> Episodes:
    """Simulate the world month by month, each month from its own random stream.

    A month's stream draws the first stays discharged in it and then the next stay of every patient
    discharged in it (first stays and follow-ups arriving from earlier months, in creation order).
    So a month's episodes depend only on the months before it, never on how far the world goes:
    moving `end` later only appends months, which is what lets `generate --month` add one month
    to a landing consistently. The world runs `WORLD_LEAD` months past the period so that a
    quarter's 30-day readmissions are known (and calibrated) before any of its months is delivered.
    """
    months = world_months(ctx)
    horizon = month_end(months[-1])
    last_key = period_index(months[-1])
    arriving: dict[int, list[dict[str, np.ndarray]]] = {}
    chunks: list[dict[str, np.ndarray]] = []
    next_patient = next_serial = 0
    for m in months:
        key = period_index(m)
        rng = ctx.rng(f"{SOURCE}:{m}")
        heads = _first_stays(ctx, rng, m, next_patient)
        n = len(heads["discharge"])
        heads["serial"] = np.arange(next_serial, next_serial + n)
        next_patient += n
        next_serial += n
        chunks.append(heads)
        wave = _concat([*arriving.pop(key, []), heads])
        while len(wave["discharge"]):
            child = _follow_ups(ctx, rng, wave)
            n = len(child["discharge"])
            # numbered before the cut at the horizon, so the numbers never depend on how far the world goes
            child["serial"] = np.arange(next_serial, next_serial + n)
            next_serial += n
            child = _take(child, child["admission"] <= horizon)
            chunks.append(child)
            month_of = month_index(child["discharge"])
            wave = _take(child, month_of == key)
            for k in np.unique(month_of[month_of > key]).tolist():
                if k <= last_key:
                    arriving.setdefault(k, []).append(_take(child, month_of == k))
    merged = _concat(chunks)
    ctx.progress(f"{SOURCE}: {len(merged['discharge']):,} episodes in {len(months)} simulated months")
    return Episodes(merged)


def _los_level(ctx: Context, discharge: np.ndarray) -> np.ndarray:
    """Seasonal level of length of stay, following the published quarterly means where known."""
    return map_quarters(discharge, lambda q: ctx.targets.quarter_or_baseline("medelvardtid", q) / 5.2)


def _follow_ups(ctx: Context, rng: np.random.Generator, p: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The next stay of each patient in `p` who has one (also those beyond the simulated horizon)."""
    n = len(p["discharge"])
    alive = p["out_type"] != 3
    u = rng.random(n)
    p_readmit = _readmission_probability(ctx, p["discharge"], p["age"], p["psych"])
    p_planned = np.where(p["psych"], 0.01, 0.03)
    p_later = np.where(p["psych"], 0.20, np.where(p["age"] >= 65, 0.25, 0.15))
    kind = np.full(n, -1)
    kind[u < p_readmit + p_planned + p_later] = 2
    kind[u < p_readmit + p_planned] = 1
    kind[u < p_readmit] = 0
    keep = alive & (kind >= 0)
    idx = np.flatnonzero(keep)
    kind = kind[idx]
    m = len(idx)
    gap = np.where(kind == 0, 1 + np.minimum(np.floor(30 * rng.beta(0.8, 1.6, m)), 29),
                   np.where(kind == 1, rng.integers(3, 31, m), 31 + np.minimum(rng.geometric(1 / 90, m), 400)))
    admission = p["discharge"][idx] + gap.astype(int).astype("timedelta64[D]")
    age = p["age"][idx] + (rng.random(m) < gap / 365).astype(int)
    psych = p["psych"][idx] ^ (rng.random(m) < 0.03)
    planned = (kind == 1) | ((kind == 2) & (rng.random(m) < 0.4))
    level = _los_level(ctx, admission)
    los = _draw_los(rng, age, psych, planned, level)
    child = {
        "patient": p["patient"][idx], "kommun": p["kommun"][idx], "sex": p["sex"][idx], "age": age,
        "psych": psych, "planned": planned, "admission": admission,
        "discharge": admission + los.astype("timedelta64[D]"), "out_type": _discharge_type(rng, age),
        "is_head": np.zeros(m, dtype=bool),
    }
    child["hospital"] = _hospitals(ctx, rng, child["kommun"], age, psych)
    return child


def _world_frame(ep: Episodes) -> pd.DataFrame:
    """All simulated episodes as a frame with analysis columns (`row` = position in the arrays)."""
    df = pd.DataFrame(dict(ep.c))
    df["row"] = np.arange(len(ep))
    df["quarter"] = month_index(df["discharge"].to_numpy()) // 3
    return df


def _world_quarters(ctx: Context, months_after: int = 0) -> list[pd.Period]:
    """Quarters lying wholly in the simulated world, with `months_after` more months simulated after them."""
    world = world_months(ctx)
    quarters = sorted({m.asfreq("Q") for m in world})
    return [q for q in quarters
            if q.asfreq("M", "start") >= world[0] and q.asfreq("M", "end") + months_after <= world[-1]]


def calibrate_length_of_stay(ctx: Context, ep: Episodes) -> None:
    """Make each published quarter's mean stay (all, and 75+) exact by moving first-stay admissions.

    Calibrated on the simulated world, not on what is delivered: a quarter is complete in the world
    before its first month is delivered, so delivering more months never changes it.
    """
    c = ep.c
    df = _world_frame(ep)
    som = df[~df["psych"]]
    for q in _world_quarters(ctx):
        t_all, t_75 = ctx.targets.quarter("medelvardtid", q), ctx.targets.quarter("medelvardtid_75", q)
        if t_all is None or t_75 is None:
            continue
        rng = ctx.rng(f"{SOURCE}:los:{q}")
        in_q = som[som["quarter"] == period_index(q) // 3]
        old = in_q["age"] >= 75
        goal_old = round(t_75 * old.sum())
        goal_young = round(t_all * len(in_q)) - goal_old
        for group, goal in ((in_q[old], goal_old), (in_q[~old], goal_young)):
            rows = group["row"].to_numpy()
            los = (c["discharge"][rows] - c["admission"][rows]).astype(int)
            new = adjust_to_total(los, goal, rng, lower=0, upper=180, eligible=c["is_head"][rows])
            c["admission"][rows] = c["discharge"][rows] - new.astype("timedelta64[D]")


READMISSION_PAIRS_SQL = """
    select i.row as index_row, j.row as next_row, j.planned as next_planned, i.quarter_key
    from eps as i
    inner join eps as j
        on i.patient = j.patient
        and j.admission between i.discharge + 1 and i.discharge + 30
    where not i.psych and not j.psych and i.age >= 65 and i.out_type <> 3
"""


def calibrate_readmissions(ctx: Context, ep: Episodes) -> None:
    """Make each published quarter's 30-day readmission share exact by re-typing single follow-ups.

    A follow-up stay is flipped between unplanned and planned only when it lies in the 30-day window
    of exactly one index stay, and that index stay has no other unplanned return, so each flip moves
    that one quarter's numerator by exactly one. A quarter is calibrated once the world holds the
    month after it (so before any of its months is delivered).
    """
    c = ep.c
    df = _world_frame(ep)
    if df.empty:
        return
    eps = df[["row", "patient", "psych", "age", "out_type", "planned"]].copy()
    eps["admission"] = df["admission"].to_numpy().astype("datetime64[D]").astype(int)
    eps["discharge"] = df["discharge"].to_numpy().astype("datetime64[D]").astype(int)
    eps["quarter_key"] = df["quarter"]
    con = duckdb.connect()
    con.register("eps", eps)
    pairs = con.sql(READMISSION_PAIRS_SQL).df()
    con.close()
    windows_per_next = pairs.groupby("next_row")["index_row"].transform("size")
    pairs["is_single_window"] = windows_per_next == 1
    for q in _world_quarters(ctx, months_after=1):
        target = ctx.targets.quarter("aterinlaggning_30d", q)
        if target is None:
            continue
        rng = ctx.rng(f"{SOURCE}:readmissions:{q}")
        index = df[(df["quarter"] == period_index(q) // 3) & ~df["psych"] & (df["age"] >= 65) & (df["out_type"] != 3)]
        in_q = pairs[pairs["quarter_key"] == period_index(q) // 3]
        planned_now = c["planned"][in_q["next_row"].to_numpy()]  # earlier quarters' flips included
        in_q = in_q.assign(next_planned=planned_now)
        unplanned = in_q[~in_q["next_planned"]]
        returns = unplanned.groupby("index_row").size()
        goal = ratio_numerator(target, len(index))
        diff = goal - len(returns)
        if diff < 0:
            lone = returns[returns == 1].index
            pool = unplanned[unplanned["index_row"].isin(lone) & unplanned["is_single_window"]]
            flip = _pick(rng, pool["next_row"].to_numpy(), -diff, q)
            c["planned"][flip] = True
        elif diff > 0:
            pool = in_q[in_q["next_planned"] & in_q["is_single_window"] & ~in_q["index_row"].isin(returns.index)]
            pool = pool.drop_duplicates("index_row")
            flip = _pick(rng, pool["next_row"].to_numpy(), diff, q)
            c["planned"][flip] = False


def _pick(rng: np.random.Generator, pool: np.ndarray, k: int, quarter: pd.Period) -> np.ndarray:
    if len(pool) < k:
        raise ValueError(f"readmission calibration for {quarter}: need {k} flips, only {len(pool)} possible")
    return rng.choice(np.sort(pool), size=k, replace=False)


def episode_code(numbers: np.ndarray) -> np.ndarray:
    """Episode ids from the creation order: a bijective scramble onto 10 000 000..99 999 999, as 'VT' + 8 digits."""
    span = 90_000_000
    scrambled = (np.asarray(numbers, dtype=np.int64) * 7_777_777 + 1_234_567) % span + 10_000_000
    return np.array([f"VT{x:08d}" for x in scrambled.tolist()], dtype=object)


def assign_identifiers(ctx: Context, ep: Episodes) -> None:
    """Episode and patient ids, from creation number and patient number (so never shifting with `end`)."""
    c = ep.c
    c["episode_id"] = episode_code(c["serial"])
    c["patient_id"] = patient_code(c["patient"])


def mark_unknown_municipalities(ctx: Context, ep: Episodes) -> None:
    """A few episodes a month carry municipality 9999 (unknown), as real extracts do."""
    month_of = month_index(ep.c["discharge"])
    delivered = {period_index(m) for m in ctx.delivered_months(ctx.config.scenario.vega_slutenvard_lag)}
    for m in world_months(ctx):
        rng = ctx.rng(f"{SOURCE}:unknown:{m}")
        pool = np.flatnonzero(month_of == period_index(m))
        rows = np.sort(rng.choice(pool, size=min(len(pool), max(1, ctx.scaled(1.1))), replace=False))
        ep.c["kommun"][rows] = "9999"
        if period_index(m) in delivered:
            for r in rows.tolist():
                ctx.defect(SOURCE, "unknown_municipality", episode_id=ep.c["episode_id"][r], period=str(m))


def _format(c: dict[str, np.ndarray], rows: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame({
        "vardtillfalle_id": c["episode_id"][rows], "patient_lopnr": c["patient_id"][rows],
        "sjukhus_kod": c["hospital"][rows], "verksamhet": VERKSAMHET[c["psych"][rows].astype(int)],
        "inskrivningsdatum": iso(c["admission"][rows]), "utskrivningsdatum": iso(c["discharge"][rows]),
        "inskrivningssatt": INSKRIVNINGSSATT[c["planned"][rows].astype(int)],
        "utskrivningssatt": UTSKRIVNINGSSATT[c["out_type"][rows]], "alder": c["age"][rows].astype(str),
        "kon": c["sex"][rows], "kommun_kod": c["kommun"][rows],
    })


# Diagnoses (SOURCES.md): from the delivery of 2023-01 on, two more columns at the end. Main diagnoses of
# somatic and psychiatric episodes (ICD-10-SE, weights a plausible mix for the demo; an assumption, not a
# statistic) and secondary diagnoses from the common chronic conditions.
DIAGNOSES_FROM = pd.Period("2023-01", "M")
# The conditions of the avoidable-hospitalisation list (I50, J44, J18, E11, J45, E86, D50, I10, N39.0) weigh
# about a tenth, which gives roughly 1 000 unplanned avoidable stays per 100 000 inhabitants and year: an
# assumption of plausible size (no published VGR figure was found), not a statistic.
SOMATIC_MAIN = {"I50.0": 4, "J44.1": 3, "J18.9": 4, "I63.9": 5, "S72.0": 5, "I21.4": 4, "N39.0": 3, "A41.9": 3,
                "I48.9": 4, "R07.4": 5, "K80.2": 3, "E11.6": 2, "J45.9": 1, "E86.9": 2, "D50.9": 1, "I10.9": 1,
                "K35.8": 2, "M17.1": 3, "M16.1": 3, "C34.9": 2, "R55.9": 3, "K57.3": 2, "Z38.0": 2, "O80.0": 3,
                "R10.4": 16, "S06.0": 8, "K56.6": 6, "C18.9": 6, "N20.0": 6, "I26.9": 5, "K85.9": 6, "S82.6": 7,
                "L03.1": 8, "R42.9": 6, "G45.9": 6, "I61.9": 5, "K92.2": 6, "A09.9": 6, "T81.4": 5, "R50.9": 8,
                "G35.9": 3, "O47.0": 4, "K40.9": 4, "N17.9": 5}
PSYCHIATRIC_MAIN = {"F32.9": 5, "F33.1": 3, "F20.9": 4, "F10.2": 4, "F43.1": 3, "F31.9": 3, "F41.1": 2, "F60.3": 2}
SECONDARY = {"I10.9": 6, "E11.9": 4, "I48.9": 3, "J44.9": 2, "N18.3": 2, "F03.9": 1, "E78.0": 2, "F41.1": 1}
# main diagnoses that are no ICD-10-SE code: their category is in no chapter (the generator's defect)
UNKNOWN_DIAGNOSES = ("K99.1", "D49.9", "H96.0", "E91.2", "P97.0")


def _weighted(rng: np.random.Generator, pool: dict[str, int], n: int) -> np.ndarray:
    codes = np.array(list(pool))
    weights = np.array(list(pool.values()), dtype=float)
    return codes[rng.choice(len(codes), size=n, p=weights / weights.sum())]


def _diagnoses(ctx: Context, c: dict[str, np.ndarray], rows: np.ndarray, month: pd.Period,
               avoid: set[int]) -> tuple[dict[int, tuple[str, str]], list[tuple[int, str, str]]]:
    """The diagnoses of the episodes discharged in `month` (its own stream, so delivering one more month
    changes no earlier file): {row: (main as written, secondary as written)}, and the rows whose main
    diagnosis was written loosely or is unknown [(row, kind, code as written)]. `avoid`: the month's
    corrected episodes, which keep their diagnosis exactly (they are delivered twice)."""
    rng = ctx.rng(f"{SOURCE}:diagnoses:{month}")
    n = len(rows)
    psych = c["psych"][rows].astype(bool)
    main = np.where(psych, _weighted(rng, PSYCHIATRIC_MAIN, n), _weighted(rng, SOMATIC_MAIN, n))
    n_secondary = rng.binomial(3, np.where(c["age"][rows] >= 65, 0.45, 0.15))
    secondary_pool = _weighted(rng, SECONDARY, 3 * n).reshape(n, 3)
    written = rng.random(n)
    out: dict[int, tuple[str, str]] = {}
    loose: list[tuple[int, str, str]] = []
    for i, r in enumerate(rows.tolist()):
        code = str(main[i])
        others = "|".join(dict.fromkeys(str(x) for x in secondary_pool[i, :n_secondary[i]] if x != code))
        if r not in avoid:
            if written[i] < 0.08:  # as some systems export it: without the dot
                code = code.replace(".", "")
                loose.append((r, "without_dot", code))
            elif written[i] < 0.11:
                code = code.lower()
                loose.append((r, "lower_case", code))
        out[r] = (code, others)
    candidates = [r for r in rows.tolist() if r not in avoid]
    for r in rng.choice(candidates, size=min(len(candidates), max(1, ctx.scaled(0.3))), replace=False).tolist():
        code = str(UNKNOWN_DIAGNOSES[int(rng.integers(0, len(UNKNOWN_DIAGNOSES)))])
        out[r] = (code, out[r][1])
        loose = [x for x in loose if x[0] != r] + [(r, "unknown", code)]
    return out, loose


RESEND_AFTER_MONTHS = (1, 2)  # a corrected episode is re-sent in the file of one of the next two months


def _corrections_of_month(ctx: Context, c: dict[str, np.ndarray], month: pd.Period,
                          month_of: np.ndarray) -> tuple[np.datetime64, np.ndarray, pd.DataFrame, dict[int, pd.Period]]:
    """One discharge month's delivery plan, from the month's own stream: the extract date, the somatic
    episodes first delivered wrong, their wrong versions and the month whose file re-sends them."""
    rng = ctx.rng(f"{SOURCE}:files:{month}")
    extract_date = month_end(month) + int(5 + rng.integers(0, 4))
    pool = np.flatnonzero((month_of == period_index(month)) & ~c["psych"])
    rows = np.sort(rng.choice(pool, size=min(len(pool), max(1, ctx.scaled(0.65))), replace=False))
    resend = {r: month + RESEND_AFTER_MONTHS[int(rng.integers(0, len(RESEND_AFTER_MONTHS)))] for r in rows.tolist()}
    return extract_date, rows, _wrong_versions(ctx, rng, c, rows), resend


def write_episodes(ctx: Context, ep: Episodes) -> None:
    """One file per discharge month; a few episodes are first delivered wrong and re-sent later.

    Each month's file is a function of that month's stream and the two months before it (whose
    corrections it re-sends), so delivering one more month never changes an earlier file. A
    correction whose re-send month is not delivered yet stays wrong in the landing (not yet known,
    so not recorded as a defect); the next delivery brings it.
    """
    c = ep.c
    delivered = list(ctx.delivered_months(ctx.config.scenario.vega_slutenvard_lag))
    delivered_set = set(delivered)
    month_of = month_index(c["discharge"])
    plans = {m: _corrections_of_month(ctx, c, m, month_of) for m in delivered}
    resent_in: dict[pd.Period, list[int]] = {}
    for _, rows, _, resend in plans.values():
        for r in rows.tolist():
            resent_in.setdefault(resend[r], []).append(r)
    diagnoses: dict[int, tuple[str, str]] = {}
    c["main_diagnosis"] = np.full(len(c["episode_id"]), "", dtype=object)
    row_of = dict(zip(c["episode_id"].tolist(), range(len(c["episode_id"])), strict=True))
    for m in ctx.months:
        if m < DIAGNOSES_FROM:
            continue
        corrected = set(plans[m][1].tolist()) if m in plans else set()
        of_month, loose = _diagnoses(ctx, c, np.flatnonzero(month_of == period_index(m)), m, corrected)
        diagnoses.update(of_month)
        for r, (written_code, _) in of_month.items():  # the code itself, for the open-care contacts around the stay
            code = written_code.upper()
            c["main_diagnosis"][r] = code if "." in code or len(code) <= 3 else f"{code[:3]}.{code[3:]}"
        if m in delivered_set:  # each unknown code; the loosely written ones counted per file (staging reads them)
            file = f"{SOURCE}/{SOURCE}_{m}.csv"
            for r, kind, code in loose:
                if kind == "unknown":
                    ctx.defect(SOURCE, "unknown_diagnosis_code", episode_id=c["episode_id"][r], file=file, code=code)
            ctx.defect(SOURCE, "diagnosis_codes_written_loosely", file=file,
                       without_dot=sum(k == "without_dot" for _, k, _ in loose),
                       lower_case=sum(k == "lower_case" for _, k, _ in loose))
    for m in delivered:
        extract_date, rows, wrong, _ = plans[m]
        body = _format(c, np.flatnonzero(month_of == period_index(m))).set_index("vardtillfalle_id")
        body.update(wrong.drop(columns="_changed").set_index("vardtillfalle_id"))
        body = body.reset_index()
        resent = np.array(sorted(resent_in.get(m, [])), dtype=int)
        frame = pd.concat([body, _format(c, resent)], ignore_index=True)
        frame["leveransdatum"] = str(extract_date)
        if m >= DIAGNOSES_FROM:  # the layout of 2023-01 on: two more columns at the end
            written = [diagnoses.get(row_of[e], ("", "")) for e in frame["vardtillfalle_id"]]
            frame["huvuddiagnos"] = [w[0] for w in written]
            frame["bidiagnoser"] = [w[1] for w in written]
        frame = frame.sort_values("vardtillfalle_id", kind="stable").reset_index(drop=True)
        ctx.write_csv(SOURCE, f"{SOURCE}_{m}.csv", frame)
    for m in delivered:
        _, rows, wrong, resend = plans[m]
        changed = wrong.set_index("vardtillfalle_id")["_changed"]
        for r in rows.tolist():
            if resend[r] in delivered_set:
                ctx.defect(SOURCE, "corrected_episode_resent", episode_id=c["episode_id"][r],
                           original_file=f"{SOURCE}/{SOURCE}_{m}.csv",
                           correction_file=f"{SOURCE}/{SOURCE}_{resend[r]}.csv", column=changed[c["episode_id"][r]])
    ctx.notes.setdefault("not_delivered", {})[SOURCE] = [
        str(m) for m in ctx.months if m not in delivered_set]


def _wrong_versions(ctx: Context, rng: np.random.Generator, c: dict[str, np.ndarray],
                    rows: np.ndarray) -> pd.DataFrame:
    """The first, wrong delivery of each corrected episode (one column differs).

    A wrong age never crosses 75 and a wrong discharge date stays in its month, so a correction
    still pending at the extraction date cannot move a published length-of-stay figure.
    """
    wrong = _format(c, rows)
    changed = []
    codes = ctx.ref.municipalities["municipality_code"].to_numpy()
    for i, r in enumerate(rows.tolist()):
        kind = ["kommun_kod", "utskrivningsdatum", "alder", "inskrivningssatt"][int(rng.integers(0, 4))]
        if kind == "kommun_kod":
            wrong.loc[i, kind] = str(rng.choice(codes[codes != c["kommun"][r]]))
        elif kind == "utskrivningsdatum":
            shifted = c["discharge"][r] + 2
            if pd.Period(shifted, "M") != pd.Period(c["discharge"][r], "M"):
                shifted = c["discharge"][r] - 1 if c["discharge"][r] > c["admission"][r] else c["discharge"][r] + 1
            wrong.loc[i, kind] = str(shifted)
        elif kind == "alder":
            age = int(c["age"][r])
            wrong.loc[i, kind] = str(age + (7 if age < 90 else -7) if age >= 75 else age + (-7 if age >= 7 else 7))
        else:
            wrong.loc[i, kind] = "planerad" if wrong.loc[i, kind] == "akut" else "akut"
        changed.append(kind)
    wrong["_changed"] = changed
    return wrong


def write_bed_census(ctx: Context, ep: Episodes) -> None:
    """Daily census per hospital; occupancy calibrated per month to its published quarter.

    Beds per hospital follow the bed days of the warm-up half-year before the period (the same
    whatever `end` is); each month has its own stream and hits its quarter's target by itself, so
    a complete quarter hits it too.
    """
    c = ep.c
    warm_up = c["discharge"] < month_start(ctx.first_month)
    som = ~c["psych"] & warm_up
    bed_days = pd.Series((c["discharge"][som] - c["admission"][som]).astype(int) + 1).groupby(c["hospital"][som]).sum()
    beds = bed_days / bed_days.sum() * SOMATIC_BEDS * ctx.config.scale
    hospitals = beds.index.to_numpy()
    delivered = ctx.delivered_months(ctx.config.scenario.vega_vardplatser_lag)
    ctx.notes.setdefault("not_delivered", {})[BEDS_SOURCE] = [
        str(m) for m in ctx.months if m not in set(delivered)]
    for m in delivered:
        rng = ctx.rng(f"{BEDS_SOURCE}:{m}")
        days = np.arange(month_start(m), month_end(m) + 1)
        frame = pd.DataFrame({"datum": np.repeat(days, len(hospitals)), "sjukhus_kod": np.tile(hospitals, len(days))})
        dates = pd.to_datetime(frame["datum"])
        factor = np.where(dates.dt.day_of_week >= 5, 0.93, 1.0) * {6: 0.93, 7: 0.85, 8: 0.92}.get(m.month, 1.0)
        available = np.maximum(1, np.round(np.tile(beds.to_numpy(), len(days)) * factor)).astype(np.int64)
        q = m.asfreq("Q")
        occupancy = ctx.targets.quarter_or_baseline("belaggningsgrad", q) / 100
        occupied = np.round(available * occupancy * (1 + rng.normal(0, 0.03, len(frame)))).astype(np.int64)
        target = ctx.targets.quarter("belaggningsgrad", q)
        if target is not None:
            goal = ratio_numerator(target, int(available.sum()))
            occupied = adjust_to_total(occupied, goal, rng, lower=0, upper=2 * available)
        frame["disponibla_vardplatser"] = available.astype(str)
        frame["belagda_vardplatser"] = occupied.astype(str)
        frame["datum"] = iso(frame["datum"].to_numpy())
        ctx.write_csv(BEDS_SOURCE, f"{BEDS_SOURCE}_{m}.csv", frame)


def generate(ctx: Context) -> Episodes:
    ep = generate_episodes(ctx)
    calibrate_length_of_stay(ctx, ep)
    calibrate_readmissions(ctx, ep)
    assign_identifiers(ctx, ep)
    mark_unknown_municipalities(ctx, ep)
    write_episodes(ctx, ep)
    ctx.progress(f"{SOURCE}: written")
    write_bed_census(ctx, ep)
    ctx.progress(f"{BEDS_SOURCE}: written")
    return ep
