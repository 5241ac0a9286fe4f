"""SAMSA: patients ready for discharge (linked to Vega episodes) and coordinated individual plans."""

from __future__ import annotations

from collections.abc import Callable

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


#: new SIP patients (not known from Vega) are numbered from here, far above any Vega patient number
SIP_PATIENT_BASE = 3_000_000_000
#: a plan's patient known from inpatient care had a stay discharged in the last this many months
SIP_KNOWN_MONTHS = 12


def _month_share(total: int, month: pd.Period, weight_of: Callable[[pd.Period], float]) -> int:
    """A month's part of its quarter's total, split over the quarter's three months by weight.

    Always split over the whole quarter, so a month's part is the same whether or not the rest of
    its quarter is delivered yet, and a complete quarter sums exactly to its total.
    """
    q = month.asfreq("Q")
    months = list(pd.period_range(q.asfreq("M", "start"), q.asfreq("M", "end"), freq="M"))
    parts = largest_remainder(total, np.array([weight_of(m) for m in months], dtype=float))
    return int(parts[months.index(month)])


def write_ready_for_discharge(ctx: Context, ep: Episodes) -> None:
    """Ready-for-discharge days per quarter are exact; each row is a real Vega episode.

    Each discharge month has its own stream and its own part of the quarter's days.
    """
    c = ep.c
    delivered = ctx.delivered_months(ctx.config.scenario.samsa_utskrivningsklara_lag)
    in_county = np.isin(c["kommun"], ctx.ref.municipalities["municipality_code"].to_numpy())
    los = (c["discharge"] - c["admission"]).astype(int)
    eligible = (~c["psych"]) & in_county & (los >= 2) & np.isin(c["out_type"], [0, 1])
    month_of = month_index(c["discharge"])
    for m in delivered:
        rng = ctx.rng(f"{READY_SOURCE}:{m}")
        q = m.asfreq("Q")
        goal = _month_share(ctx.scaled(ctx.targets.quarter_or_baseline("utskrivningsklar_dagar", q)), m,
                            lambda x: x.days_in_month)
        pool = np.flatnonzero(eligible & (month_of == period_index(m)))
        weight = np.where(c["age"][pool] >= 80, 6.0, np.where(c["age"][pool] >= 65, 3.0, 0.3))
        n = min(len(pool), round(goal / MEAN_READY_DAYS))
        rows = weighted_sample(rng, pool, n, weight)
        d = np.minimum(rng.geometric(1 / MEAN_READY_DAYS, n), los[rows])
        if ctx.targets.quarter("utskrivningsklar_dagar", q) is not None and n:
            d = adjust_to_total(d, goal, rng, lower=1, upper=los[rows])
        frame = pd.DataFrame({
            "vardtillfalle_id": c["episode_id"][rows], "patient_lopnr": c["patient_id"][rows],
            "kommun_kod": c["kommun"][rows],
            "utskrivningsklar_datum": iso(c["discharge"][rows] - d.astype("timedelta64[D]")),
            "utskrivningsdatum": iso(c["discharge"][rows]),
        }).sort_values("vardtillfalle_id", kind="stable")
        ctx.write_csv(READY_SOURCE, f"{READY_SOURCE}_{m}.csv", frame)
    ctx.notes.setdefault("not_delivered", {})[READY_SOURCE] = [
        str(m) for m in ctx.months if m not in set(delivered)]


def write_sip(ctx: Context, ep: Episodes) -> None:
    """Plans per quarter are exact; patients are mostly older people known from inpatient care.

    Each month has its own stream; plan ids and new patients are numbered on from the months before.
    A plan's status is as known when its month is first delivered (`samsa_sip_lag` months later).
    """
    c = ep.c
    lag = ctx.config.scenario.samsa_sip_lag
    delivered = ctx.delivered_months(lag)
    codes = ctx.ref.municipalities["municipality_code"].to_numpy()
    known_kind = np.isin(c["kommun"], codes) & (c["age"] >= 65)
    month_of = month_index(c["discharge"])
    pop65 = ctx.ref.population_65(ctx.first_month.year).reindex(codes).to_numpy(float)
    next_patient = SIP_PATIENT_BASE
    serial = 0
    for m in delivered:
        rng = ctx.rng(f"{SIP_SOURCE}:{m}")
        key = period_index(m)
        n = _month_share(ctx.scaled(ctx.targets.quarter_or_baseline("sip_antal", m.asfreq("Q"))), m,
                         lambda x: SIP_SEASON[x.month])
        known = np.flatnonzero(known_kind & (month_of <= key) & (month_of > key - SIP_KNOWN_MONTHS))
        from_vega = (rng.random(n) < 0.65) & (len(known) > 0)
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
        frame = pd.DataFrame({
            "sip_id": [f"SIP{serial + i + 1:08d}" for i in range(n)], "patient_lopnr": patients,
            "kommun_kod": kommun, "upprattad_datum": iso(day),
            "initierad_av": np.where(rng.random(n) < 0.6, "region", "kommun"),
            "status": np.where((rng.random(n) < 0.3) & (day < month_end(m + lag) - 60), "avslutad", "upprattad")})
        serial += n
        if n and rng.random() < 0.25:  # now and then a plan is exported twice
            i = int(rng.integers(0, n))
            ctx.defect(SIP_SOURCE, "duplicate_row", sip_id=frame.loc[i, "sip_id"],
                       file=f"{SIP_SOURCE}/{SIP_SOURCE}_{m}.csv")
            frame = pd.concat([frame, frame.iloc[[i]]], ignore_index=True)
        ctx.write_csv(SIP_SOURCE, f"{SIP_SOURCE}_{m}.csv", frame.sort_values("sip_id", kind="stable"))
    ctx.notes.setdefault("not_delivered", {})[SIP_SOURCE] = [
        str(m) for m in ctx.months if m not in set(delivered)]


def generate(ctx: Context, ep: Episodes) -> None:
    write_ready_for_discharge(ctx, ep)
    ctx.progress(f"{READY_SOURCE}: written")
    write_sip(ctx, ep)
    ctx.progress(f"{SIP_SOURCE}: written")
