"""SAMSA: patients ready for discharge (linked to Vega episodes) and coordinated individual plans."""

from __future__ import annotations

import numpy as np
import pandas as pd

from nara_vard.generator.context import Context, iso, month_end, month_index, month_start, period_index
from nara_vard.generator.numeric import adjust_to_total, largest_remainder, weighted_sample
from nara_vard.generator.vega import Episodes, patient_code

READY_SOURCE = "samsa_utskrivningsklara"
SIP_SOURCE = "samsa_sip"
MEAN_READY_DAYS = 3.4
SIP_SEASON = {1: 1.05, 2: 1.05, 3: 1.05, 4: 1.0, 5: 1.0, 6: 0.85, 7: 0.55, 8: 0.8, 9: 1.0,
              10: 1.05, 11: 1.05, 12: 0.9}


def _quarter_months(ctx: Context, q: pd.Period, delivered: pd.PeriodIndex) -> list[pd.Period]:
    return [m for m in pd.period_range(q.asfreq("M", "s"), q.asfreq("M", "e"), freq="M") if m in delivered]


def write_ready_for_discharge(ctx: Context, ep: Episodes) -> None:
    """Ready-for-discharge days per quarter are exact; each row is a real Vega episode."""
    rng = ctx.rng(READY_SOURCE)
    c = ep.c
    delivered = ctx.delivered_months(ctx.config.scenario.samsa_utskrivningsklara_lag)
    in_county = np.isin(c["kommun"], ctx.ref.municipalities["municipality_code"].to_numpy())
    los = (c["discharge"] - c["admission"]).astype(int)
    eligible = (~c["psych"]) & in_county & (los >= 2) & np.isin(c["out_type"], [0, 1])
    month_of = month_index(c["discharge"])
    chosen, days = [], []
    for q in sorted({m.asfreq("Q") for m in delivered}):
        months = _quarter_months(ctx, q, delivered)
        target = ctx.scaled(ctx.targets.quarter_or_baseline("utskrivningsklar_dagar", q) * len(months) / 3)
        pool = np.flatnonzero(eligible & np.isin(month_of, [period_index(m) for m in months]))
        weight = np.where(c["age"][pool] >= 80, 6.0, np.where(c["age"][pool] >= 65, 3.0, 0.3))
        n = min(len(pool), int(round(target / MEAN_READY_DAYS)))
        rows = weighted_sample(rng, pool, n, weight)
        d = np.minimum(rng.geometric(1 / MEAN_READY_DAYS, n), los[rows])
        if ctx.targets.quarter("utskrivningsklar_dagar", q) is not None and len(months) == 3:
            d = adjust_to_total(d, target, rng, lower=1, upper=los[rows])
        chosen.append(rows)
        days.append(d)
    if not chosen:
        ctx.notes.setdefault("not_delivered", {})[READY_SOURCE] = [str(m) for m in ctx.months]
        return
    rows = np.concatenate(chosen)
    d = np.concatenate(days)
    frame = pd.DataFrame({
        "vardtillfalle_id": c["episode_id"][rows], "patient_lopnr": c["patient_id"][rows],
        "kommun_kod": c["kommun"][rows],
        "utskrivningsklar_datum": iso(c["discharge"][rows] - d.astype("timedelta64[D]")),
        "utskrivningsdatum": iso(c["discharge"][rows]),
    })
    months_of_rows = month_of[rows]
    for m in delivered:
        part = frame[months_of_rows == period_index(m)].sort_values("vardtillfalle_id", kind="stable")
        ctx.write_csv(READY_SOURCE, f"{READY_SOURCE}_{m}.csv", part)
    ctx.notes.setdefault("not_delivered", {})[READY_SOURCE] = [
        str(m) for m in ctx.months if m not in set(delivered)]


def write_sip(ctx: Context, ep: Episodes) -> None:
    """Plans per quarter are exact; patients are mostly older people known from inpatient care."""
    rng = ctx.rng(SIP_SOURCE)
    c = ep.c
    delivered = ctx.delivered_months(ctx.config.scenario.samsa_sip_lag)
    codes = ctx.ref.municipalities["municipality_code"].to_numpy()
    known = np.flatnonzero(np.isin(c["kommun"], codes) & (c["age"] >= 65))
    pop65 = ctx.ref.population_65(ctx.first_month.year).reindex(codes).to_numpy(float)
    next_patient = int(c["patient"].max()) + 1
    frames = []
    serial = 0
    for q in sorted({m.asfreq("Q") for m in delivered}):
        months = _quarter_months(ctx, q, delivered)
        total = ctx.scaled(ctx.targets.quarter_or_baseline("sip_antal", q) * len(months) / 3)
        per_month = largest_remainder(total, np.array([SIP_SEASON[m.month] for m in months]))
        for m, n in zip(months, per_month):
            from_vega = rng.random(n) < 0.65
            rows = rng.choice(known, size=int(from_vega.sum()))
            patients = np.empty(n, dtype=object)
            kommun = np.empty(n, dtype=object)
            patients[from_vega] = c["patient_id"][rows]
            kommun[from_vega] = c["kommun"][rows]
            k_new = int((~from_vega).sum())
            patients[~from_vega] = patient_code(np.arange(next_patient, next_patient + k_new))
            kommun[~from_vega] = rng.choice(codes, size=k_new, p=pop65 / pop65.sum())
            next_patient += k_new
            day = month_start(m) + rng.integers(0, m.days_in_month, n).astype("timedelta64[D]")
            frames.append(pd.DataFrame({
                "sip_id": [f"SIP{serial + i + 1:08d}" for i in range(n)], "patient_lopnr": patients,
                "kommun_kod": kommun, "upprattad_datum": iso(day),
                "initierad_av": np.where(rng.random(n) < 0.6, "region", "kommun"),
                "status": np.where((rng.random(n) < 0.3) & (day < month_end(delivered[-1]) - 60),
                                   "avslutad", "upprattad"),
                "_month": str(m)}))
            serial += n
    ctx.notes.setdefault("not_delivered", {})[SIP_SOURCE] = [
        str(m) for m in ctx.months if m not in set(delivered)]
    if not frames:
        return
    frame = pd.concat(frames, ignore_index=True)
    dup = np.sort(rng.choice(len(frame), size=min(len(frame), 5), replace=False))
    for i in dup.tolist():
        ctx.defect(SIP_SOURCE, "duplicate_row", sip_id=frame.loc[i, "sip_id"],
                   file=f"{SIP_SOURCE}/{SIP_SOURCE}_{frame.loc[i, '_month']}.csv")
    frame = pd.concat([frame, frame.iloc[dup]], ignore_index=True)
    for m in delivered:
        part = frame[frame["_month"] == str(m)].drop(columns="_month").sort_values("sip_id", kind="stable")
        ctx.write_csv(SIP_SOURCE, f"{SIP_SOURCE}_{m}.csv", part)


def generate(ctx: Context, ep: Episodes) -> None:
    write_ready_for_discharge(ctx, ep)
    ctx.progress(f"{READY_SOURCE}: written")
    write_sip(ctx, ep)
    ctx.progress(f"{SIP_SOURCE}: written")
