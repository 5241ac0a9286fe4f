"""Primary-care sources: waiting-time database, contacts, national patient survey, self-monitoring."""

from __future__ import annotations

import numpy as np
import pandas as pd

from nara_vard.generator.context import Context, iso, month_end, month_start
from nara_vard.generator.numeric import adjust_to_total, ratio_numerator
from nara_vard.generator.vega import patient_code

NPE_DIMENSIONS = {
    "helhetsintryck": 84.0, "emotionellt_stod": 80.5, "delaktighet_och_involvering": 79.4,
    "respekt_och_bemotande": 88.0, "kontinuitet_och_koordinering": 70.0,
    "information_och_kunskap": 77.0, "tillganglighet": 72.0,
}
SELF_MONITORING_PROGRAMMES = {"hjartsvikt": 0.4, "hypertoni": 0.35, "kol": 0.1, "njursvikt": 0.05,
                              "specialistmodravard": 0.1}


def _centre_sizes(ctx: Context, rng: np.random.Generator) -> np.ndarray:
    """Relative list size of each care centre (stable per seed)."""
    return rng.lognormal(0.0, 0.35, len(ctx.ref.centres))


def _binomial_calibrated(ctx: Context, rng: np.random.Generator, totals: np.ndarray,
                         target_percent: float | None, fallback: float) -> np.ndarray:
    """Per-centre successes around a share, made exact to the target when one is published."""
    share = np.clip(rng.normal((target_percent or fallback) / 100, 0.05, len(totals)), 0.3, 1.0)
    hits = rng.binomial(totals, share)
    if target_percent is not None:
        hits = adjust_to_total(hits, ratio_numerator(target_percent, int(totals.sum())), rng,
                               lower=0, upper=totals)
    return hits


def write_telephone(ctx: Context) -> None:
    """Measured in January each year."""
    rng = ctx.rng("vantetider_telefon")
    size = _centre_sizes(ctx, rng)
    codes = ctx.ref.centres["care_centre_code"].to_numpy()
    for m in [m for m in ctx.months if m.month == 1]:
        calls = rng.poisson(2600 * size * ctx.config.scale)
        target = ctx.targets.month("telefon_24h", m)
        reached = _binomial_calibrated(ctx, rng, calls, target, 90.0)
        frame = pd.DataFrame({"matmanad": str(m), "vardcentral_kod": codes,
                              "antal_samtal": calls.astype(str), "antal_kontakt_inom_24h": reached.astype(str)})
        ctx.write_csv("vantetider_telefon", f"vantetider_telefon_{m}.csv", frame)


def assessment_months(ctx: Context) -> list[pd.Period]:
    """Months of the 3-day assessment measurement: January and September, plus December from 2023."""
    lag = ctx.config.scenario.vantetider_bedomning_lag
    delivered = set(ctx.delivered_months(lag))
    return [m for m in ctx.months
            if m in delivered and (m.month in (1, 9) or (m.month == 12 and m.year >= 2023))]


def write_assessment(ctx: Context) -> None:
    rng = ctx.rng("vantetider_bedomning")
    size = _centre_sizes(ctx, rng)
    codes = ctx.ref.centres["care_centre_code"].to_numpy()
    for m in assessment_months(ctx):
        first = rng.poisson(420 * size * ctx.config.scale)
        target = ctx.targets.month("bedomning_3d", m)
        assessed = _binomial_calibrated(ctx, rng, first, target, 88.0)
        frame = pd.DataFrame({"manad": str(m), "vardcentral_kod": codes,
                              "antal_forsta_kontakter": first.astype(str),
                              "antal_bedomda_inom_3_dagar": assessed.astype(str)})
        ctx.write_csv("vantetider_bedomning", f"vantetider_bedomning_{m}.csv", frame)


def write_contacts(ctx: Context) -> dict[str, np.ndarray]:
    """Monthly contacts by type; the digital share grows slowly (about +6 % a year).

    Returns the counts as written: month (YYYY-MM) → (centres × [fysiskt, digitalt, telefon]).
    """
    rng = ctx.rng("primarvard_kontakter")
    size = _centre_sizes(ctx, rng)
    codes = ctx.ref.centres["care_centre_code"].to_numpy()
    digital_affinity = rng.lognormal(0.0, 0.4, len(codes))
    ctx.notes["primary_care_centre_size"] = size  # the patient-level extract lists patients by these sizes
    for m in ctx.months:
        years = (m - ctx.first_month).n / 12
        season = 0.8 if m.month == 7 else 1.0
        base = 2100 * size * season * ctx.config.scale
        digital_share = np.clip(0.075 * (1.06 ** years) * digital_affinity, 0.01, 0.4)
        physical = rng.poisson(base)
        digital = rng.poisson(base * digital_share / (1 - digital_share))
        phone = rng.poisson(base * 0.7)
        ctx.notes.setdefault("primary_care_counts", {})[str(m)] = np.column_stack([physical, digital, phone])
        frame = pd.DataFrame({
            "manad": str(m), "vardcentral_kod": np.repeat(codes, 3),
            "kontakttyp": np.tile(["fysiskt", "digitalt", "telefon"], len(codes)),
            "antal": np.column_stack([physical, digital, phone]).ravel().astype(str)})
        ctx.write_csv("primarvard_kontakter", f"primarvard_kontakter_{m}.csv", frame)
    counts: dict[str, np.ndarray] = ctx.notes["primary_care_counts"]
    return counts


def survey_years(ctx: Context) -> list[int]:
    """A survey year's results are delivered from February of the following year."""
    years = sorted({m.year for m in ctx.months})
    return [y for y in years if ctx.last_month >= pd.Period(f"{y + 1}-02", "M")]


def write_patient_survey(ctx: Context) -> None:
    rng = ctx.rng("npe_primarvard")
    codes = ctx.ref.centres["care_centre_code"].to_numpy()
    for year in survey_years(ctx):
        answers = np.maximum(20, rng.poisson(130 * _centre_sizes(ctx, rng) * ctx.config.scale))
        rows = []
        for dimension, level in NPE_DIMENSIONS.items():
            target = ctx.targets.quarter("npe_delaktighet", pd.Period(f"{year}Q4", "Q")) \
                if dimension == "delaktighet_och_involvering" else None
            hundredths = np.clip(np.round(rng.normal(target or level, 4.0, len(codes)) * 100), 3000, 10000)
            if target is not None:
                hundredths = _calibrate_weighted_share(rng, hundredths.astype(np.int64), answers, target)
            rows.append(pd.DataFrame({
                "ar": str(year), "vardcentral_kod": codes, "dimension": dimension,
                "antal_svar": answers.astype(str),
                "andel_positiva": [f"{h // 100},{h % 100:02d}" for h in hundredths.astype(int).tolist()]}))
        frame = pd.concat(rows, ignore_index=True)
        # pandas quotes the decimal-comma values itself, as the survey export does ("79,40").
        ctx.write_csv("npe_primarvard", f"npe_primarvard_{year}.csv", frame)
    ctx.notes.setdefault("not_delivered", {})["npe_primarvard"] = [
        str(y) for y in sorted({m.year for m in ctx.months}) if y not in survey_years(ctx)]


def _calibrate_weighted_share(rng: np.random.Generator, hundredths: np.ndarray, weights: np.ndarray,
                              target: float) -> np.ndarray:
    """Adjust per-unit shares (in hundredths of a percent) until the weighted mean rounds to target."""
    goal = round(target * 100) * int(weights.sum())
    residual = goal - int((hundredths * weights).sum())
    order = rng.permutation(len(hundredths))
    i = 0
    while abs(residual) * 2 >= weights.sum():
        k = order[i % len(order)]
        step = int(np.clip(round(residual / weights[k]), -60, 60))
        if step == 0:
            step = 1 if residual > 0 else -1
        hundredths[k] += step
        residual -= step * int(weights[k])
        i += 1
    return hundredths


def write_self_monitoring(ctx: Context) -> None:
    """Only when the scenario delivers it (the default landing has no such folder)."""
    if not ctx.config.scenario.deliver_egenmonitorering:
        ctx.notes.setdefault("not_delivered", {})["egenmonitorering"] = [str(m) for m in ctx.months]
        return
    rng = ctx.rng("egenmonitorering")
    next_patient = 5_000_000
    for i, m in enumerate(ctx.months):
        n = ctx.scaled(25 + 1.5 * i)
        start = month_start(m) + rng.integers(0, m.days_in_month, n).astype("timedelta64[D]")
        ends = rng.random(n) < 0.3
        end = start + rng.integers(30, 400, n).astype("timedelta64[D]")
        frame = pd.DataFrame({
            "patient_lopnr": patient_code(np.arange(next_patient, next_patient + n)),
            "program": rng.choice(list(SELF_MONITORING_PROGRAMMES), size=n,
                                  p=list(SELF_MONITORING_PROGRAMMES.values())),
            "startdatum": iso(start),
            "slutdatum": np.where(ends & (end <= month_end(ctx.last_month)), iso(end), "")})
        next_patient += n
        ctx.write_csv("egenmonitorering", f"egenmonitorering_{m}.csv", frame)


def generate(ctx: Context) -> dict[str, np.ndarray]:
    """Write the primary-care sources; returns the contacts per month and care centre (`write_contacts`)."""
    write_telephone(ctx)
    write_assessment(ctx)
    counts = write_contacts(ctx)
    write_patient_survey(ctx)
    write_self_monitoring(ctx)
    ctx.progress("primary-care sources: written")
    return counts
