"""Patient-level open care and the listing: `vega_primarvard`, `vega_oppenvard`, `listning`, `urval`.

**Volume.** At the region's size the patient-level extracts hold ~9 M primary-care and ~3 M specialist
outpatient contacts a year. The default landing therefore carries them for a *sample of patients*, the way
extracts are often ordered: every patient whose pseudonymous id ends in one of a stated set of two hex
digits (at scale 1, 1 patient in 64; `Scenario.patient_level_sample`, by default the power of two nearest
64 × scale, so the extracts are about as large at any scale). The monthly `urval` file states the selection,
so the warehouse can restrict whatever it joins to these sources (inpatient episodes) to the same patients,
and scale counts; rates and shares over sampled patients are unbiased. `--patient-sample 1` writes
every patient (the real-volume option of the benchmark).

**One world.** The sampled patients are (a) the sampled patients of `vega_slutenvard` (same id, home
municipality, sex and age) and (b) inhabitants who were not admitted, drawn from the population seed.
Each is listed at a care centre of the home municipality and may have chronic conditions (prevalence by
age: an assumption for the demo, not a statistic). Primary-care contacts of a centre, month and type are a
1-in-N binomial thinning of the counts `primarvard_kontakter` delivers, so the two sources reconcile up to
sampling noise; inpatient episodes are preceded and followed by primary-care and outpatient contacts.

**Streams.** Everything of a month comes from that month's own random stream and from the simulated world
up to two months later (which the world always holds), so `generate --month` appends files without
changing earlier ones.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from nara_vard.generator.context import Context, iso, month_index, month_start, period_index
from nara_vard.generator.vega import SOMATIC_HOSPITALS, Episodes, patient_code

PRIMARY = "vega_primarvard"
OUTPATIENT = "vega_oppenvard"
LISTING = "listning"
SAMPLE = "urval"

REFERENCE_DATE = np.datetime64("2022-01-01", "D")  # background inhabitants' ages are drawn for this date
BACKGROUND_FIRST_NUMBER = 100_000_000  # patient numbers of inhabitants never admitted (no clash with Vega's)

# Chronic groups: prevalence by listing age group (0-17, 18-64, 65-79, 80+) and the codes a contact for the
# group is written with. Assumptions for the demo, of plausible size; the indicator's code ranges are a seed.
AGE_GROUPS = ("0-17", "18-64", "65-79", "80+")
CHRONIC: dict[str, tuple[tuple[float, float, float, float], tuple[str, ...], str]] = {
    # group: (prevalence by age group, ICD-10-SE codes, clinic of its specialist contacts)
    "diabetes": ((0.003, 0.04, 0.14, 0.16), ("E11.9", "E11.6", "E10.9", "E11.4"), "endokrinologi"),
    "hypertoni": ((0.0, 0.10, 0.40, 0.50), ("I10.9", "I11.9"), "medicin"),
    "kol": ((0.0, 0.01, 0.06, 0.07), ("J44.9", "J44.1"), "lungmedicin"),
    "astma": ((0.06, 0.06, 0.06, 0.05), ("J45.9", "J45.0"), "lungmedicin"),
    "hjartsvikt": ((0.0, 0.003, 0.03, 0.09), ("I50.0", "I50.9"), "kardiologi"),
    "depression": ((0.01, 0.06, 0.05, 0.06), ("F32.9", "F32.1", "F33.1"), "psykiatri"),
    "angest": ((0.02, 0.07, 0.04, 0.04), ("F41.1", "F41.9", "F41.0"), "psykiatri"),
}
GROUPS = tuple(CHRONIC)
# Chance that a patient of the group has a specialist contact for it in a year, by year (the shift: it
# falls from 2022 to 2023, so the share cared for entirely in primary care rises; the manifest records
# the realised shares). Years after the last listed keep its value.
SPECIALIST_SHARE = {
    "diabetes": {2022: 0.24, 2023: 0.20}, "hypertoni": {2022: 0.10, 2023: 0.08},
    "kol": {2022: 0.26, 2023: 0.21}, "astma": {2022: 0.12, 2023: 0.10},
    "hjartsvikt": {2022: 0.55, 2023: 0.48}, "depression": {2022: 0.20, 2023: 0.16},
    "angest": {2022: 0.12, 2023: 0.10},
}
# Primary-care doctor contacts for an unrelated complaint, and outpatient diagnoses outside the groups.
ACUTE_CODES = ("J06.9", "M54.5", "N39.0", "J20.9", "L30.9", "R10.4", "Z00.0", "H66.9", "B34.9", "M25.5",
               "J02.9", "K59.0", "R05", "M79.6", "Z76.0", "J01.9")
OUTPATIENT_CODES = {
    "ortopedi": ("M17.1", "S82.6", "M75.1", "M16.1", "S52.5"), "ovrig": ("H25.9", "N40", "L40.0", "H40.1", "C50.9"),
    "medicin": ("R10.4", "K21.9", "D50.9", "R07.4"), "geriatrik": ("F03.9", "R26.8", "M81.9"),
    "psykiatri": ("F90.0", "F20.9", "F43.1"), "kardiologi": ("I48.9", "I25.1", "R00.2"),
    "lungmedicin": ("R91", "J84.1"), "endokrinologi": ("E05.0", "E03.9"),
}
OUTPATIENT_CLINICS = {"ortopedi": .25, "ovrig": .35, "medicin": .15, "kardiologi": .08, "geriatrik": .04,
                      "psykiatri": .08, "lungmedicin": .03, "endokrinologi": .02}
# Primary-care codes of KSH97-P (the primary-care version of ICD-10) some centres still write.
KSH97P = {"hypertoni": "I10-P", "depression": "F32-P", "angest": "F41-P", "diabetes": "E11-P"}
UNKNOWN_CODES = ("K99.1", "D49.9", "H96.0", "E91.2", "P97.0")

PRIMARY_TYPES = ("fysiskt", "digitalt", "telefon")  # as `primarvard_kontakter` counts them; plus hembesok
PROFESSIONS = ("lakare", "sjukskoterska", "fysioterapeut", "psykolog", "ovrig")
PROFESSION_SHARE = {"fysiskt": (.45, .30, .15, .04, .06), "digitalt": (.35, .50, .05, .05, .05),
                    "telefon": (.25, .65, .04, .01, .05), "hembesok": (.25, .70, .05, .0, .0)}
# Named regular doctor (fast läkarkontakt): the region's mean share of listed inhabitants in January 2022,
# its yearly rise, and the difference by age group. Assumptions for the demo (the national goal is 55 %).
NAMED_SHARE_2022, NAMED_RISE_PER_YEAR = 0.30, 0.05
NAMED_AGE = (-0.10, 0.0, 0.10, 0.18)
# Follow-up of a somatic discharge to home or special housing (75+ / younger): within 7 days, and
# within 8..30 days if not within 7. Assumptions; the rise over time is part of the demo's story.
FOLLOW_UP_7 = {2022: 0.30, 2023: 0.34, 2024: 0.36}
FOLLOW_UP_30 = 0.35


def sample_suffixes(every: int) -> tuple[str, ...]:
    """The two hex digits a sampled patient's id ends with: `256 / every` of the 256 (every = 1, 2, 4 .. 256)."""
    if every < 1 or every > 256 or 256 % every:
        raise ValueError(f"patient_level_sample must be a power of two from 1 to 256, got {every}")
    return tuple(f"{r:02X}" for r in range(0, 256, every))


def in_sample(numbers: np.ndarray, every: int) -> np.ndarray:
    """Whether patient numbers are in the sample: their id's last byte (patient_code) is a multiple of `every`."""
    low = (np.asarray(numbers, dtype=np.uint64) * np.uint64(2654435761) + np.uint64(97531)) % np.uint64(256)
    return (low % np.uint64(every)) == 0


def _age_group(age: np.ndarray) -> np.ndarray:
    return np.select([age < 18, age < 65, age < 80], [0, 1, 2], 3)


@dataclass
class People:
    """The sampled patients: one row each, columns as arrays."""

    number: np.ndarray
    kommun: np.ndarray
    sex: np.ndarray
    age0: np.ndarray  # age at `born_ref` (a date): age at d = age0 + whole years since born_ref
    born_ref: np.ndarray
    centre: np.ndarray  # index into ctx.ref.centres
    groups: np.ndarray  # bool (n, len(GROUPS))
    named_u: np.ndarray  # named doctor in a month iff named_u < the centre's share then
    doctor_named: np.ndarray  # a draw in [0, 1): which doctor of the centre
    doctor_usual: np.ndarray
    active_from: np.ndarray  # month index from which the person has contacts

    def age_at(self, day: np.datetime64 | np.ndarray, rows: np.ndarray) -> np.ndarray:
        days = (np.asarray(day, dtype="datetime64[D]") - self.born_ref[rows]).astype(int)
        return np.maximum(self.age0[rows] + np.floor(days / 365.25).astype(int), 0)  # (contacts before a birth)


def _centre_sizes(ctx: Context) -> np.ndarray:
    return np.asarray(ctx.notes["primary_care_centre_size"])


def unit_draws(seed: int, numbers: np.ndarray, salt: str, k: int = 1) -> np.ndarray:
    """`k` uniform draws in [0, 1) per number, a function of (seed, number, salt) alone (splitmix64): a
    person's attributes never depend on who else is in the world, so a longer world changes no one."""
    salt_key = np.uint64(int.from_bytes(salt.encode("utf-8")[:8].ljust(8, b"_"), "little"))
    base = np.asarray(numbers, dtype=np.uint64)[:, None] * np.uint64(k) + np.arange(k, dtype=np.uint64)[None, :]
    with np.errstate(over="ignore"):
        z = base + np.uint64(seed) * np.uint64(0x9E3779B97F4A7C15) + salt_key
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return ((z >> np.uint64(11)).astype(np.float64) / float(2**53)).reshape(len(base), k) if k > 1 \
        else (z[:, 0] >> np.uint64(11)).astype(np.float64) / float(2**53)


def _centre_of(ctx: Context, kommun: np.ndarray, u: np.ndarray) -> np.ndarray:
    """A care centre of the home municipality, weighted by list size (-1 outside the region)."""
    centres = ctx.ref.centres["municipality_code"].to_numpy()
    size = _centre_sizes(ctx)
    out = np.full(len(kommun), -1)
    for code in np.unique(kommun).tolist():
        idx = np.flatnonzero(centres == code)
        if len(idx) == 0:
            continue
        rows = np.flatnonzero(kommun == code)
        cum = np.cumsum(size[idx]) / size[idx].sum()
        out[rows] = idx[np.minimum(np.searchsorted(cum, u[rows], side="right"), len(idx) - 1)]
    return out


def _chronic(u: np.ndarray, age: np.ndarray) -> np.ndarray:
    prevalence = np.array([CHRONIC[g][0] for g in GROUPS]).T  # (age groups, groups)
    return u < prevalence[_age_group(age)]


def build_people(ctx: Context, ep: Episodes) -> People:
    """Sampled Vega patients (active two months before their first discharge) and sampled inhabitants."""
    every = ctx.patient_sample
    rng = ctx.rng(f"{PRIMARY}:people")
    c = ep.c
    order = np.lexsort((c["discharge"], c["patient"]))
    first = order[np.r_[True, c["patient"][order][1:] != c["patient"][order][:-1]]]
    first = first[in_sample(c["patient"][first], every) & (c["kommun"][first] != "9999")]
    pop = ctx.ref.population
    pop = pop[pop["year"] == pop["year"].max()]
    total = pop["population"].sum() * ctx.config.scale / every * 0.92  # less the admitted, counted in (a)
    n = int(rng.poisson(total))
    cell = rng.choice(len(pop), size=n, p=pop["population"].to_numpy(float) / pop["population"].sum())
    lo, hi = pop["age_min"].to_numpy()[cell], np.minimum(pop["age_max"].to_numpy()[cell], 99)
    age_bg = lo + np.floor(rng.random(n) * (hi - lo + 1)).astype(int)
    residues = np.flatnonzero(in_sample(np.arange(256), every))
    k = np.arange(n)
    numbers_bg = BACKGROUND_FIRST_NUMBER + 256 * (k // len(residues)) + residues[k % len(residues)]
    number = np.concatenate([c["patient"][first].astype(np.int64), numbers_bg])
    kommun = np.concatenate([c["kommun"][first], pop["municipality_code"].to_numpy()[cell]]).astype(object)
    age0 = np.concatenate([c["age"][first], age_bg]).astype(int)
    seed = ctx.config.seed
    draws = unit_draws(seed, number, "person", 4)
    return People(
        number=number, kommun=kommun,
        sex=np.concatenate([c["sex"][first], pop["sex"].to_numpy()[cell]]).astype(object), age0=age0,
        born_ref=np.concatenate([c["discharge"][first].astype("datetime64[D]"), np.full(n, REFERENCE_DATE)]),
        centre=_centre_of(ctx, kommun, draws[:, 0]),
        groups=_chronic(unit_draws(seed, number, "chronic", len(GROUPS)), age0),
        named_u=draws[:, 1], doctor_named=draws[:, 2], doctor_usual=draws[:, 3],
        active_from=np.concatenate([month_index(c["discharge"][first]) - 2, np.full(n, -10**6)]))


# --- the care centres' staff and the named-doctor share ------------------------------------------------------
def _staff(ctx: Context) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Doctors and other staff per centre: (doctor offset, doctor count, staff offset, staff count)."""
    size = _centre_sizes(ctx)
    doctors = np.maximum(3, np.round(8 * size)).astype(int)
    staff = np.maximum(5, np.round(20 * size)).astype(int)
    return (np.r_[0, np.cumsum(doctors)[:-1]], doctors, np.r_[0, np.cumsum(staff)[:-1]], staff)


def provider_code(numbers: np.ndarray) -> np.ndarray:
    """Pseudonymous ids of professionals: 'V' + 8 hex digits, a bijective scramble like patient ids."""
    scrambled = (np.asarray(numbers, dtype=np.uint64) * np.uint64(2246822519) + np.uint64(3266489917)) \
        % np.uint64(2**32)
    return np.array([f"V{x:08X}" for x in scrambled.tolist()], dtype=object)


def named_share(ctx: Context, month: pd.Period) -> np.ndarray:
    """Each centre's share of listed inhabitants with a named regular doctor in `month` (before the age term)."""
    base = ctx.notes.get("listing_centre_base")
    if base is None:
        base = ctx.notes["listing_centre_base"] = ctx.rng(f"{LISTING}:centres").normal(
            NAMED_SHARE_2022, 0.12, len(ctx.ref.centres))
    years = (period_index(month) - period_index(pd.Period("2022-01", "M"))) / 12
    return np.clip(base + NAMED_RISE_PER_YEAR * years, 0.03, 0.9)


def _named(ctx: Context, people: People, rows: np.ndarray, month: pd.Period, age: np.ndarray) -> np.ndarray:
    share = named_share(ctx, month)[people.centre[rows]] + np.array(NAMED_AGE)[_age_group(age)]
    return people.named_u[rows] < share


# --- writing codes as they are written in the wild -----------------------------------------------------------
def write_codes(rng: np.random.Generator, codes: np.ndarray) -> tuple[np.ndarray, dict[str, int]]:
    """Codes as systems export them: ~8 % without the dot, ~3 % in lower case. Returns the written codes
    and how many of each loose form."""
    u = rng.random(len(codes))
    written = codes.astype(object).copy()
    has = written != ""
    no_dot = has & (u < 0.08)
    lower = has & (u >= 0.08) & (u < 0.11)
    written[no_dot] = np.array([s.replace(".", "") for s in written[no_dot].tolist()], dtype=object)
    written[lower] = np.array([s.lower() for s in written[lower].tolist()], dtype=object)
    changed_no_dot = int((no_dot & (codes != written)).sum())
    return written, {"without_dot": changed_no_dot, "lower_case": int(lower.sum())}


def _pick(rng: np.random.Generator, pool: tuple[str, ...], n: int) -> np.ndarray:
    return np.array(pool, dtype=object)[rng.integers(0, len(pool), n)]


def _group_code(rng: np.random.Generator, group: np.ndarray) -> np.ndarray:
    """A code of each contact's chronic group (index into GROUPS)."""
    out = np.empty(len(group), dtype=object)
    for g, name in enumerate(GROUPS):
        sel = np.flatnonzero(group == g)
        out[sel] = _pick(rng, CHRONIC[name][1], len(sel))
    return out


def _one_group(rng: np.random.Generator, groups: np.ndarray) -> np.ndarray:
    """One of each row's chronic groups at random (-1 where none)."""
    keys = np.where(groups, rng.random(groups.shape), -1.0)
    return np.where(groups.any(axis=1), keys.argmax(axis=1), -1)


def _days_in(rng: np.random.Generator, month: pd.Period, n: int) -> np.ndarray:
    return month_start(month) + rng.integers(0, month.days_in_month, n).astype("timedelta64[D]")


def _year_value(table: dict[int, float], year: int) -> float:
    return table.get(year, table[max(k for k in table if k <= year)] if year > min(table) else table[min(table)])


# --- contacts around inpatient episodes ----------------------------------------------------------------------
@dataclass
class Planned:
    """Contacts decided before a month's own draw (around inpatient episodes), keyed by contact month."""

    primary: dict[int, pd.DataFrame]
    outpatient: dict[int, pd.DataFrame]


def _frame(person: np.ndarray, day: np.ndarray, **cols: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame({"person": person, "day": day, **cols})


def _around_episodes(ctx: Context, ep: Episodes, people: People) -> Planned:
    """Primary-care contacts before unplanned admissions and after discharges, outpatient follow-ups.

    Decided per discharge month from its own stream; a contact more than two months before its episode's
    discharge month is dropped (the world is only known two months ahead)."""
    c = ep.c
    months = month_index(c["discharge"])
    rows_all = np.flatnonzero(in_sample(c["patient"], ctx.patient_sample))
    pos = np.searchsorted(people.number, c["patient"][rows_all])
    known = (pos < len(people.number)) & (people.number[np.minimum(pos, len(people.number) - 1)]
                                           == c["patient"][rows_all])
    rows_all, pos = rows_all[known], pos[known]
    listed = people.centre[pos] >= 0
    rows_all, pos = rows_all[listed], pos[listed]
    diagnosis = c.get("main_diagnosis", np.full(len(months), "", dtype=object))
    group_of_code = {code: g for g, name in enumerate(GROUPS) for code in CHRONIC[name][1]}
    primary: list[pd.DataFrame] = []
    outpatient: list[pd.DataFrame] = []
    for key in np.unique(months[rows_all]).tolist():
        sel = np.flatnonzero(months[rows_all] == key)
        rows, who = rows_all[sel], pos[sel]
        rng = ctx.rng(f"{PRIMARY}:around:{key}")
        n = len(rows)
        somatic = ~c["psych"][rows].astype(bool)
        home = somatic & np.isin(c["out_type"][rows], [0, 1])
        age = c["age"][rows]
        year = 1970 + key // 12
        p7 = _year_value(FOLLOW_UP_7, year) * np.where(age >= 75, 1.0, 0.6)
        u = rng.random(n)
        gap = np.where(u < p7, rng.integers(1, 8, n), rng.integers(8, 31, n))
        after = home & (u < p7 + (1 - p7) * FOLLOW_UP_30)
        ftype = np.array(["fysiskt", "telefon", "hembesok"], dtype=object)[
            np.searchsorted([0.45, 0.8], rng.random(n), side="right")]
        ftype = np.where((age < 75) & (ftype == "hembesok"), "fysiskt", ftype)
        doctor = rng.random(n) < 0.5
        code = np.where(doctor, np.where(diagnosis[rows] != "", diagnosis[rows], "Z09.8"), "")
        primary.append(_frame(who[after], c["discharge"][rows][after] + gap[after].astype("timedelta64[D]"),
                              kontakttyp=ftype[after], yrkeskategori=np.where(doctor, "lakare", "sjukskoterska")[after],
                              huvuddiagnos=code[after]))
        before = somatic & ~c["planned"][rows].astype(bool) & (rng.random(n) < 0.25)
        day = c["admission"][rows] - rng.integers(0, 11, n).astype("timedelta64[D]")
        before &= month_index(day) >= key - 2
        primary.append(_frame(who[before], day[before], kontakttyp=np.full(before.sum(), "fysiskt", dtype=object),
                              yrkeskategori=np.full(before.sum(), "lakare", dtype=object),
                              huvuddiagnos=_pick(rng, ACUTE_CODES, int(before.sum()))))
        group = np.array([group_of_code.get(str(x), -1) for x in diagnosis[rows].tolist()])
        ov = somatic & (c["out_type"][rows] != 3) & (rng.random(n) < np.where(group >= 0, 0.85, 0.30))
        clinic = np.where(group >= 0, np.array([CHRONIC[g][2] for g in GROUPS] + [""], dtype=object)[group],
                          _pick(rng, ("medicin", "kardiologi", "ortopedi", "geriatrik", "ovrig"), n))
        ov_code = np.where(group >= 0, diagnosis[rows], [OUTPATIENT_CODES[k][0] for k in clinic.tolist()])
        outpatient.append(_frame(who[ov], c["discharge"][rows][ov] + rng.integers(7, 46, n)[ov].astype(
            "timedelta64[D]"), klinik=clinic[ov], huvuddiagnos=ov_code[ov]))

    def by_month(parts: list[pd.DataFrame]) -> dict[int, pd.DataFrame]:
        frame = pd.concat(parts, ignore_index=True)
        month = month_index(frame["day"].to_numpy())
        return {int(k): frame[month == k].reset_index(drop=True) for k in np.unique(month).tolist()}

    return Planned(by_month(primary), by_month(outpatient))


# --- the month's files ------------------------------------------------------------------------------------------
AGE_WEIGHT = np.array([0.6, 0.8, 1.5, 2.2])  # relative primary-care use by age group (assumption)
OUTPATIENT_RATE = np.array([0.04, 0.06, 0.12, 0.15])  # outpatient contacts per person and month outside groups


def _active(people: People, month: pd.Period) -> np.ndarray:
    return np.flatnonzero((people.active_from <= period_index(month)) & (people.centre >= 0))


def _assign(rng: np.random.Generator, people: People, active: np.ndarray, weight: np.ndarray,
            centre: np.ndarray, n_centres: int) -> np.ndarray:
    """For each contact of a centre, one of the centre's active persons, weighted (-1 if the centre has none)."""
    if len(active) == 0:
        return np.full(len(centre), -1)
    order = np.argsort(people.centre[active], kind="stable")
    rows, keys = active[order], people.centre[active][order]
    start = np.searchsorted(keys, np.arange(n_centres), side="left")
    stop = np.searchsorted(keys, np.arange(n_centres), side="right")
    cum = np.r_[0.0, np.cumsum(weight[order])]
    lo, hi = cum[start[centre]], cum[stop[centre]]
    pick = np.searchsorted(cum, lo + rng.random(len(centre)) * (hi - lo), side="right") - 1
    pick = np.clip(pick, start[centre], np.maximum(stop[centre] - 1, start[centre]))
    return np.where(hi > lo, rows[np.minimum(pick, len(rows) - 1)], -1)


def _provider(ctx: Context, rng: np.random.Generator, people: People, person: np.ndarray, profession: np.ndarray,
              named: np.ndarray) -> np.ndarray:
    """The professional of each contact: doctors are the named one (75 % of a named patient's doctor
    contacts), else the patient's usual one (40 %), else any of the centre's; other staff at random."""
    doc_off, doc_n, staff_off, staff_n = _staff(ctx)
    c = people.centre[person]
    u, v = rng.random(len(person)), rng.random(len(person))
    which = np.where(named & (u < 0.75), people.doctor_named[person],
                     np.where(u < 0.4, people.doctor_usual[person], v))
    doctor = doc_off[c] + np.floor(which * doc_n[c]).astype(int)
    other = 1_000_000 + staff_off[c] + np.floor(v * staff_n[c]).astype(int)
    return provider_code(np.where(profession == "lakare", doctor, other))


def _diagnosis(rng: np.random.Generator, people: People, person: np.ndarray, profession: np.ndarray) -> np.ndarray:
    """Main diagnosis by profession: doctors mostly code (the patient's chronic group 60 % of the time when
    there is one), other professions seldom."""
    n = len(person)
    group = _one_group(rng, people.groups[person])
    u = rng.random(n)
    chronic = _group_code(rng, np.maximum(group, 0))
    acute = _pick(rng, ACUTE_CODES, n)
    doctor = np.where((group >= 0) & (u < 0.6), chronic, acute)
    nurse = np.where((group >= 0) & (u < 0.35), chronic, "")
    physio = np.where(u < 0.5, _pick(rng, ("M54.5", "M25.5", "M17.1", "M75.1"), n), "")
    psych = np.where(u < 0.6, _pick(rng, ("F41.1", "F32.9", "F43.2"), n), "")
    code = np.select([profession == "lakare", profession == "sjukskoterska", profession == "fysioterapeut",
                      profession == "psykolog"], [doctor, nurse, physio, psych], "")
    ksh = (profession == "lakare") & (group >= 0) & (u < 0.6) & (rng.random(n) < 0.15)
    for g, name in enumerate(GROUPS):
        if name in KSH97P:
            code[ksh & (group == g)] = KSH97P[name]
    return code.astype(object)


def _contact_ids(prefix: str, month: pd.Period, n: int) -> np.ndarray:
    return np.array([f"{prefix}{month.year}{month.month:02d}{i:07d}" for i in range(1, n + 1)], dtype=object)


def _unknown(ctx: Context, rng: np.random.Generator, codes: np.ndarray, eligible: np.ndarray) -> np.ndarray:
    """About one code a month (at scale 1) that is no ICD-10-SE code: rows returned."""
    pool = np.flatnonzero(eligible)
    rows = np.sort(rng.choice(pool, size=min(len(pool), max(1, ctx.scaled(0.5))), replace=False))
    codes[rows] = _pick(rng, UNKNOWN_CODES, len(rows))
    return rows


def _delivery_date(rng: np.random.Generator, month: pd.Period) -> str:
    return str(month_start(month + 1) + int(4 + rng.integers(0, 4)))


def primary_month(ctx: Context, people: People, planned: Planned, month: pd.Period) -> pd.DataFrame:
    """The primary-care contacts of one month (before defects), with the person row."""
    rng = ctx.rng(f"{PRIMARY}:{month}")
    every = ctx.patient_sample
    key = period_index(month)
    counts = np.asarray(ctx.notes["primary_care_counts"][str(month)])  # (centres, 3) as delivered
    sampled = rng.binomial(counts, 1 / every)
    around = planned.primary.get(key, _frame(np.array([], int), np.array([], "datetime64[D]")))
    for t, name in enumerate(PRIMARY_TYPES):  # contacts around episodes are part of the centre's count
        taken = np.bincount(people.centre[around["person"][around["kontakttyp"] == name].to_numpy(int)],
                            minlength=counts.shape[0])
        sampled[:, t] = np.maximum(sampled[:, t] - taken, 0)
    active = _active(people, month)
    age = people.age_at(month_start(month), active)
    weight = AGE_WEIGHT[_age_group(age)] * (1 + 1.2 * people.groups[active].sum(axis=1))
    centre = np.repeat(np.tile(np.arange(counts.shape[0]), 3), sampled.T.ravel())
    kind = np.repeat(np.repeat(np.arange(3), counts.shape[0]), sampled.T.ravel())
    person = _assign(rng, people, active, weight, centre, counts.shape[0])
    ok = person >= 0
    person, kind = person[ok], kind[ok]
    home_visit = active[(age >= 80) & (rng.random(len(active)) < 0.03)]
    types = np.r_[np.array(PRIMARY_TYPES, dtype=object)[kind], np.full(len(home_visit), "hembesok", dtype=object)]
    person = np.r_[person, home_visit]
    profession = np.empty(len(person), dtype=object)
    u = rng.random(len(person))
    for name, shares in PROFESSION_SHARE.items():
        sel = types == name
        profession[sel] = np.array(PROFESSIONS, dtype=object)[
            np.minimum(np.searchsorted(np.cumsum(shares), u[sel], side="right"), len(PROFESSIONS) - 1)]
    frame = pd.DataFrame({"person": person, "day": _days_in(rng, month, len(person)), "kontakttyp": types,
                          "yrkeskategori": profession})
    frame["huvuddiagnos"] = _diagnosis(rng, people, person, profession)
    frame = pd.concat([frame, around], ignore_index=True)
    person = frame["person"].to_numpy(int)
    age = people.age_at(frame["day"].to_numpy(), person)
    frame["vardgivare_lopnr"] = _provider(ctx, rng, people, person, frame["yrkeskategori"].to_numpy(),
                                          _named(ctx, people, person, month, age))
    frame["alder"] = age
    return frame.sort_values(["day", "person"], kind="stable").reset_index(drop=True)


def outpatient_month(ctx: Context, people: People, planned: Planned, month: pd.Period) -> pd.DataFrame:
    """The specialist outpatient contacts of one month (before defects), with the person row."""
    rng = ctx.rng(f"{OUTPATIENT}:{month}")
    key = period_index(month)
    active = _active(people, month)
    age = people.age_at(month_start(month), active)
    n_background = rng.poisson(OUTPATIENT_RATE[_age_group(age)])
    person = np.repeat(active, n_background)
    clinics = np.array(list(OUTPATIENT_CLINICS), dtype=object)
    shares = np.array(list(OUTPATIENT_CLINICS.values()))
    clinic = clinics[rng.choice(len(clinics), size=len(person), p=shares / shares.sum())]
    code = np.array([OUTPATIENT_CODES[k][i % len(OUTPATIENT_CODES[k])]
                     for k, i in zip(clinic.tolist(), rng.integers(0, 5, len(person)).tolist(), strict=True)],
                    dtype=object)
    parts = [pd.DataFrame({"person": person, "klinik": clinic, "huvuddiagnos": code})]
    year = month.year
    for g, name in enumerate(GROUPS):  # specialist contacts for a chronic group: P(any in a year) as set
        has = active[people.groups[active, g]]
        q = 1 - (1 - _year_value(SPECIALIST_SHARE[name], year)) ** (1 / 12)
        who = has[rng.random(len(has)) < q]
        parts.append(pd.DataFrame({"person": who, "klinik": CHRONIC[name][2],
                                   "huvuddiagnos": _group_code(rng, np.full(len(who), g))}))
    frame = pd.concat(parts, ignore_index=True)
    frame["day"] = _days_in(rng, month, len(frame))
    frame = pd.concat([frame, planned.outpatient.get(key, pd.DataFrame(columns=frame.columns))], ignore_index=True)
    n = len(frame)
    frame["kontakttyp"] = np.array(["besok", "digitalt", "telefon"], dtype=object)[
        np.searchsorted([0.78, 0.85], rng.random(n), side="right")]
    frame["yrkeskategori"] = np.array(["lakare", "sjukskoterska", "ovrig"], dtype=object)[
        np.searchsorted([0.65, 0.90], rng.random(n), side="right")]
    silent = (frame["yrkeskategori"] != "lakare").to_numpy() & (rng.random(n) < 0.6)
    frame.loc[silent, "huvuddiagnos"] = ""
    person = frame["person"].to_numpy(int)
    frame["alder"] = people.age_at(frame["day"].to_numpy(), person)
    area_of = ctx.ref.municipalities.set_index("municipality_code")["delregional_namnd_name"]
    area = pd.Series(people.kommun[person], dtype=object).map(area_of).fillna("other").to_numpy()
    hospital = np.empty(n, dtype=object)
    u = rng.random(n)
    for name, weights in SOMATIC_HOSPITALS.items():
        sel = area == name
        cum = np.cumsum(list(weights.values())) / sum(weights.values())
        hospital[sel] = np.array(list(weights), dtype=object)[
            np.minimum(np.searchsorted(cum, u[sel], side="right"), len(weights) - 1)]
    frame["sjukhus_kod"] = hospital
    return frame.sort_values(["day", "person"], kind="stable").reset_index(drop=True)


PRIMARY_COLUMNS = ["kontakt_id", "patient_lopnr", "kontaktdatum", "vardcentral_kod", "kontakttyp", "yrkeskategori",
                   "vardgivare_lopnr", "huvuddiagnos", "alder", "kon", "kommun_kod", "leveransdatum"]
OUTPATIENT_COLUMNS = ["kontakt_id", "patient_lopnr", "kontaktdatum", "sjukhus_kod", "klinik", "kontakttyp",
                      "yrkeskategori", "huvuddiagnos", "alder", "kon", "kommun_kod", "leveransdatum"]
#: the month whose patient-level extract lacks one care centre's contacts (a reconciliation finding)
PRIMARY_GAP_MONTH = pd.Period("2023-03", "M")


def _person_columns(people: People, frame: pd.DataFrame) -> dict[str, np.ndarray]:
    person = frame["person"].to_numpy(int)
    return {"patient_lopnr": patient_code(people.number[person]), "kontaktdatum": iso(frame["day"].to_numpy()),
            "alder": frame["alder"].to_numpy(int).astype(str), "kon": people.sex[person],
            "kommun_kod": people.kommun[person]}


def _record_codes(ctx: Context, source: str, file: str, frame: pd.DataFrame, rng: np.random.Generator,
                  eligible: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unknown codes (each a defect naming the contact) and loose forms (counted per file); the canonical codes
    stay in `frame["code"]` for the manifest's own figures."""
    codes = frame["huvuddiagnos"].to_numpy(object).copy()
    unknown = _unknown(ctx, rng, codes, eligible)
    written, loose = write_codes(rng, codes)
    for r in unknown.tolist():  # as written (perhaps loosely too)
        ctx.defect(source, "unknown_diagnosis_code", kontakt_id=frame["kontakt_id"].iat[r], file=file,
                   code=str(written[r]))
    ctx.defect(source, "diagnosis_codes_written_loosely", file=file, **loose)
    frame["code"] = codes
    return written, unknown


def write_primary(ctx: Context, people: People, planned: Planned) -> pd.DataFrame:
    """`vega_primarvard_YYYY-MM.csv` for every delivered month; returns the written rows (canonical codes)."""
    codes = ctx.ref.centres["care_centre_code"].to_numpy()
    gap_centre = int(ctx.rng(f"{PRIMARY}:gap").integers(0, len(codes)))
    written_frames = []
    for m in ctx.delivered_months(ctx.config.scenario.vega_primarvard_lag):
        frame = primary_month(ctx, people, planned, m)
        rng = ctx.rng(f"{PRIMARY}:files:{m}")
        file = f"{PRIMARY}/{PRIMARY}_{m}.csv"
        if m == PRIMARY_GAP_MONTH:  # one centre's contacts never reached the extract
            lost = people.centre[frame["person"].to_numpy(int)] == gap_centre
            ctx.defect(PRIMARY, "care_centre_contacts_missing", file=file, care_centre_code=str(codes[gap_centre]),
                       period=str(m), contacts_missing=int(lost.sum()))
            frame = frame[~lost].reset_index(drop=True)
        frame["kontakt_id"] = _contact_ids("PV", m, len(frame))
        doctor_coded = (frame["yrkeskategori"] == "lakare").to_numpy() & (frame["huvuddiagnos"] != "").to_numpy()
        written, _ = _record_codes(ctx, PRIMARY, file, frame, rng, doctor_coded)
        provider = frame["vardgivare_lopnr"].to_numpy(object).copy()
        blank = rng.random(len(frame)) < 0.03
        provider[blank] = ""
        ctx.defect(PRIMARY, "provider_missing", file=file, rows=int(blank.sum()))
        out = pd.DataFrame({"kontakt_id": frame["kontakt_id"], **_person_columns(people, frame),
                            "vardcentral_kod": codes[people.centre[frame["person"].to_numpy(int)]],
                            "kontakttyp": frame["kontakttyp"], "yrkeskategori": frame["yrkeskategori"],
                            "vardgivare_lopnr": provider, "huvuddiagnos": written,
                            "leveransdatum": _delivery_date(rng, m)})
        ctx.write_csv(PRIMARY, f"{PRIMARY}_{m}.csv", out[PRIMARY_COLUMNS])
        frame["patient_lopnr"] = out["patient_lopnr"]
        written_frames.append(frame[["patient_lopnr", "day", "kontakttyp", "yrkeskategori", "code"]])
    ctx.notes.setdefault("not_delivered", {})[PRIMARY] = [
        str(m) for m in ctx.months if m not in set(ctx.delivered_months(ctx.config.scenario.vega_primarvard_lag))]
    return pd.concat(written_frames, ignore_index=True) if written_frames else pd.DataFrame()


CORRECTED_TYPE = {"besok": "telefon", "telefon": "besok", "digitalt": "besok"}


def write_outpatient(ctx: Context, people: People, planned: Planned) -> pd.DataFrame:
    """`vega_oppenvard_YYYY-MM.csv` per delivered month. A few contacts a month are first delivered with the
    wrong contact type and re-sent correct in the next month's file (later `leveransdatum`)."""
    delivered = list(ctx.delivered_months(ctx.config.scenario.vega_oppenvard_lag))
    frames: dict[pd.Period, pd.DataFrame] = {}
    wrong: dict[pd.Period, np.ndarray] = {}
    dates: dict[pd.Period, str] = {}
    for m in delivered:
        frame = outpatient_month(ctx, people, planned, m)
        rng = ctx.rng(f"{OUTPATIENT}:files:{m}")
        frame["kontakt_id"] = _contact_ids("OV", m, len(frame))
        file = f"{OUTPATIENT}/{OUTPATIENT}_{m}.csv"
        frame["written"], unknown = _record_codes(ctx, OUTPATIENT, file, frame, rng,
                                                  (frame["yrkeskategori"] == "lakare").to_numpy()
                                                  & (frame["huvuddiagnos"] != "").to_numpy())
        pool = np.setdiff1d(np.arange(len(frame)), unknown)  # an unknown code is reported where first delivered
        wrong[m] = np.sort(rng.choice(pool, size=min(len(pool), max(1, ctx.scaled(0.3))), replace=False))
        dates[m] = _delivery_date(rng, m)
        frames[m] = frame

    def rows(frame: pd.DataFrame, delivery: str) -> pd.DataFrame:
        return pd.DataFrame({"kontakt_id": frame["kontakt_id"], **_person_columns(people, frame),
                             "sjukhus_kod": frame["sjukhus_kod"], "klinik": frame["klinik"],
                             "kontakttyp": frame["kontakttyp"], "yrkeskategori": frame["yrkeskategori"],
                             "huvuddiagnos": frame["written"], "leveransdatum": delivery})[OUTPATIENT_COLUMNS]

    for m in delivered:
        out = rows(frames[m], dates[m])
        first_wrong = out.iloc[wrong[m]].copy()
        out.loc[out.index[wrong[m]], "kontakttyp"] = first_wrong["kontakttyp"].map(CORRECTED_TYPE).to_numpy()
        previous = m - 1
        if previous in frames:  # last month's wrong ones, re-sent correct
            resent = rows(frames[previous].iloc[wrong[previous]], dates[m])
            out = pd.concat([out, resent], ignore_index=True)
            for contact in resent["kontakt_id"].tolist():
                ctx.defect(OUTPATIENT, "corrected_contact_resent", kontakt_id=contact,
                           original_file=f"{OUTPATIENT}/{OUTPATIENT}_{previous}.csv",
                           correction_file=f"{OUTPATIENT}/{OUTPATIENT}_{m}.csv", column="kontakttyp")
        ctx.write_csv(OUTPATIENT, f"{OUTPATIENT}_{m}.csv", out)
    ctx.notes.setdefault("not_delivered", {})[OUTPATIENT] = [str(m) for m in ctx.months if m not in set(delivered)]
    if not frames:
        return pd.DataFrame()
    kept = pd.concat([frame[["person", "day", "code"]] for frame in frames.values()], ignore_index=True)
    kept["patient_lopnr"] = patient_code(people.number[kept["person"].to_numpy(int)])
    return kept


# population age bands of the seed -> listing age groups (share of the band)
BAND_TO_GROUP = {"0-19": {"0-17": 0.9, "18-64": 0.1}, "20-39": {"18-64": 1.0}, "40-64": {"18-64": 1.0},
                 "65-74": {"65-79": 1.0}, "75-84": {"65-79": 0.5, "80+": 0.5}, "85+": {"80+": 1.0}}


def write_listing(ctx: Context) -> None:
    """`listning_YYYY-MM.csv`: listed inhabitants and those with a named regular doctor, per centre, sex and
    age group, on each month's first day (delivered in the month itself). Records the region's yearly share
    (the mean of the year's monthly listings) in the manifest."""
    centres = ctx.ref.centres
    size = _centre_sizes(ctx)
    kommun = centres["municipality_code"].to_numpy()
    within = size / pd.Series(size).groupby(kommun).transform("sum").to_numpy()
    totals: dict[int, list[int]] = {}
    pop_all = ctx.ref.population
    for m in ctx.months:
        rng = ctx.rng(f"{LISTING}:{m}")
        year = int(min(pop_all["year"].unique(), key=lambda y: abs(y - m.year)))
        pop = pop_all[pop_all["year"] == year]
        cells = []
        for band, groups in BAND_TO_GROUP.items():
            for group, share in groups.items():
                part = pop[pop["age_band"] == band][["municipality_code", "sex", "population"]].copy()
                part["group"] = group
                part["population"] = part["population"] * share
                cells.append(part)
        people = pd.concat(cells).groupby(["municipality_code", "sex", "group"])["population"].sum()
        rows = []
        base = named_share(ctx, m)
        for i, code in enumerate(centres["care_centre_code"].tolist()):
            for sex in ("K", "M"):
                for g, group in enumerate(AGE_GROUPS):
                    inhabitants = people.get((kommun[i], sex, group), 0.0)
                    listed = round(inhabitants * within[i] * ctx.config.scale * (0.97 + 0.01 * rng.random()))
                    p = float(np.clip(base[i] + NAMED_AGE[g], 0.01, 0.97))
                    rows.append((str(m), code, sex, group, listed, int(rng.binomial(listed, p))))
        frame = pd.DataFrame(rows, columns=["manad", "vardcentral_kod", "kon", "aldersgrupp", "antal_listade",
                                            "antal_med_namngiven_fast_lakarkontakt"])
        total = totals.setdefault(m.year, [0, 0])
        total[0] += int(frame["antal_med_namngiven_fast_lakarkontakt"].sum())
        total[1] += int(frame["antal_listade"].sum())
        ctx.write_csv(LISTING, f"{LISTING}_{m}.csv", frame.astype(str))
    ctx.notes.setdefault("calibration", {})["named_doctor_share_percent"] = {
        str(y): round(100 * n / d, 3) for y, (n, d) in totals.items() if d}


def write_sample(ctx: Context) -> None:
    """`urval/urval_YYYY-MM.csv`, with each month's patient-level extracts: which patients they hold (the last
    two hex digits of the pseudonymous id). None when every patient is in (`patient_level_sample` = 1)."""
    every = ctx.patient_sample
    if every == 1:
        return
    suffixes = sample_suffixes(every)
    frame = pd.DataFrame({"kalla": np.repeat([PRIMARY, OUTPATIENT], len(suffixes)),
                          "patient_lopnr_slutar_med": np.tile(suffixes, 2)})
    for m in ctx.delivered_months(ctx.config.scenario.vega_primarvard_lag):
        ctx.write_csv(SAMPLE, f"{SAMPLE}_{m}.csv", frame.assign(manad=str(m))[["manad", "kalla",
                                                                               "patient_lopnr_slutar_med"]])


SHIFT_SQL = """
    with pc as (select distinct patient_lopnr, year(day) as year, g.grp from pc join groups as g using (code)),
    specialist as (
        select distinct patient_lopnr, year(day) as year, g.grp from ov join groups as g using (code)
        union
        select distinct patient_lopnr, year(day) as year, g.grp from sv join groups as g using (code)
    )
    select pc.year, pc.grp, count(*) as patients, count(*) filter (where s.patient_lopnr is null) as only_primary
    from pc left join specialist as s using (patient_lopnr, year, grp)
    group by all order by all
"""


def record_shift(ctx: Context, ep: Episodes, primary: pd.DataFrame, outpatient: pd.DataFrame) -> None:
    """The manifest's own figure for "stora diagnosgrupper helt i primärvården" per complete year (patients
    with a primary-care contact for a chronic group in the year, share with no specialist contact for it:
    outpatient, or inpatient main diagnosis where delivered), computed from what the files hold."""
    if primary.empty:
        return
    import duckdb

    c = ep.c
    delivered = {period_index(m) for m in ctx.delivered_months(ctx.config.scenario.vega_slutenvard_lag)}
    rows = np.flatnonzero(np.isin(month_index(c["discharge"]), list(delivered))
                          & in_sample(c["patient"], ctx.patient_sample)
                          & (c.get("main_diagnosis", np.full(len(c["patient"]), "")) != ""))
    sv = pd.DataFrame({"patient_lopnr": c["patient_id"][rows], "day": c["discharge"][rows],
                       "code": c["main_diagnosis"][rows] if rows.size else np.array([], dtype=object)})
    groups = pd.DataFrame([(code, name) for name in GROUPS
                           for code in (*CHRONIC[name][1], *([KSH97P[name]] if name in KSH97P else []))],
                          columns=["code", "grp"])
    con = duckdb.connect()
    for name, frame in (("pc", primary), ("ov", outpatient), ("sv", sv), ("groups", groups)):
        con.register(name, frame)
    result = con.sql(SHIFT_SQL).fetchall()
    con.close()
    months = {(m.year, m.month) for m in ctx.delivered_months(ctx.config.scenario.vega_primarvard_lag)}
    complete = {y for y, _ in months if all((y, k) in months for k in range(1, 13))}
    figures: dict[str, dict[str, float]] = {}
    for year, group, patients, only in result:
        if year in complete:
            figures.setdefault(str(year), {})[group] = round(100 * only / patients, 3)
    for year in list(figures):
        pairs = [(p, o) for y, _, p, o in result if str(y) == year]
        figures[year]["alla"] = round(100 * sum(o for _, o in pairs) / sum(p for p, _ in pairs), 3)
    ctx.notes.setdefault("calibration", {})["entirely_in_primary_care_percent"] = figures


def generate(ctx: Context, ep: Episodes) -> None:
    people = build_people(ctx, ep)
    planned = _around_episodes(ctx, ep, people)
    ctx.progress(f"patient-level open care: {len(people.number):,} sampled patients")
    primary = write_primary(ctx, people, planned)
    outpatient = write_outpatient(ctx, people, planned)
    ctx.progress(f"{PRIMARY}, {OUTPATIENT}: written")
    write_listing(ctx)
    write_sample(ctx)
    record_shift(ctx, ep, primary, outpatient)
    ctx.progress(f"{LISTING}, {SAMPLE}: written")
