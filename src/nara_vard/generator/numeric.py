"""Integer helpers that let the generator hit exact totals without visible artefacts."""

from __future__ import annotations

import zlib
from decimal import ROUND_HALF_UP, Decimal

import numpy as np


def source_rng(seed: int, name: str) -> np.random.Generator:
    """One independent random stream per source, so adding a source never changes another's files."""
    return np.random.default_rng([seed, zlib.crc32(name.encode("utf-8"))])


def largest_remainder(total: int, weights: np.ndarray) -> np.ndarray:
    """Split an integer total in proportion to non-negative weights; the parts sum exactly to total."""
    weights = np.asarray(weights, dtype=float)
    if total == 0 or weights.sum() == 0:
        return np.zeros(len(weights), dtype=np.int64)
    raw = total * weights / weights.sum()
    out = np.floor(raw).astype(np.int64)
    short = int(total - out.sum())
    if short:
        order = np.argsort(-(raw - out), kind="stable")
        out[order[:short]] += 1
    return out


def adjust_to_total(values: np.ndarray, target: int, rng: np.random.Generator,
                    lower: np.ndarray | int = 0, upper: np.ndarray | int | None = None,
                    eligible: np.ndarray | None = None) -> np.ndarray:
    """Move integer values by ±1 on randomly chosen entries until they sum to target.

    Respects per-entry bounds and an optional eligibility mask. Raises when the bounds make the
    target unreachable, so a calibration failure is loud rather than silently approximate.
    """
    values = np.asarray(values, dtype=np.int64).copy()
    n = len(values)
    lo = np.broadcast_to(np.asarray(lower, dtype=np.int64), (n,))
    hi = np.broadcast_to(np.asarray(np.iinfo(np.int64).max if upper is None else upper,
                                    dtype=np.int64), (n,))
    mask = np.ones(n, dtype=bool) if eligible is None else np.asarray(eligible, dtype=bool)
    diff = int(target - values.sum())
    while diff != 0:
        step = 1 if diff > 0 else -1
        room = mask & ((values < hi) if step > 0 else (values > lo))
        candidates = np.flatnonzero(room)
        if len(candidates) == 0:
            raise ValueError(f"cannot reach total {target}: {diff} left and no entry has room")
        take = rng.choice(candidates, size=min(abs(diff), len(candidates)), replace=False)
        values[take] += step
        diff -= step * len(take)
    return values


def round_half_up(value: float, decimals: int) -> Decimal:
    """Round as a published table does (half away from zero), not banker's rounding."""
    quantum = Decimal(1).scaleb(-decimals)
    return Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP)


def ratio_numerator(target_percent: float, denominator: int) -> int:
    """The integer numerator whose share of denominator is closest to the target percentage."""
    return int(round_half_up(target_percent / 100 * denominator, 0))


def weighted_sample(rng: np.random.Generator, pool: np.ndarray, k: int, weights: np.ndarray) -> np.ndarray:
    """k distinct items drawn with probability proportional to weight (Efraimidis–Spirakis keys).

    numpy's `choice(replace=False, p=…)` is quadratic-ish on large pools; this is one sort.
    """
    keys = np.log(rng.random(len(pool))) / np.asarray(weights, dtype=float)
    if k >= len(pool):
        return np.sort(pool)
    top = np.argpartition(-keys, k - 1)[:k]
    return np.sort(pool[top])
