"""Disclosure control across publications (issue 25): two publications together must tell a reader no more than
each alone.

The threat: publication 1 hides a small cell A and a complement Z (so A cannot be worked out from the total).
A correction changes another cell Y. Solved afresh, publication 2 may pick the now cheaper Y as A's complement
and show Z, and a reader who puts Z's value from publication 2 into publication 1's total gets A. The rule
(int_disclosure_cells, nara_vard.disclosure.protect): a cell hidden last time and unchanged stays hidden
(`is_kept_hidden`), and a cell shown last time and unchanged is never hidden to protect another
(`is_known_to_reader`: the reader has it).

The attacker here is written independently of the solver: one LP over both publications, where a cell whose
true value did not change is one unknown in both (the reader may guess as much).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import linprog

from nara_vard.disclosure import protect

THRESHOLD = 5
CHILDREN = ("A", "B", "C", "D", "E")


def _frames(values: dict[str, int], kept: set[str] = frozenset(), known: set[str] = frozenset()
            ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Region R = kommuner A..E, one month, totals only."""
    rows = []
    for geo, value in [("R", sum(values.values())), *values.items()]:
        region = geo == "R"
        rows.append({"cell_id": geo, "indicator_id": "x", "base_count_basis": "numerator",
                     "geo_level": "region" if region else "kommun", "geo_code": geo, "period_type": "month",
                     "period_start": "2023-05-01", "sex": "T", "numerator": float(value), "denominator": None,
                     "base_count": value, "shows_figures": True, "is_exempt": region,
                     "is_primary": not region and 1 <= value < THRESHOLD,
                     "is_kept_hidden": geo in kept, "is_known_to_reader": geo in known})
    members = [{"relation_id": "geo@0", "hierarchy_id": "geo", "cell_id": "R", "is_parent": True}]
    members += [{"relation_id": "geo@0", "hierarchy_id": "geo", "cell_id": g, "is_parent": False} for g in values]
    return pd.DataFrame(rows), pd.DataFrame(members)


def _hidden(values: dict[str, int], **flags: set[str]) -> set[str]:
    cells, members = _frames(values, **flags)
    result = protect(cells, members, threshold=THRESHOLD)
    assert not result.unprotectable
    return {c for c, s in zip(result.cells["cell_id"], result.cells["suppression"], strict=True) if s}


def _range_of_a(first: dict[str, int], hidden1: set[str], second: dict[str, int], hidden2: set[str]) -> float:
    """The attacker: the smallest and largest A consistent with both publications; returns max - min."""
    unknowns = sorted({f"{g}@1" for g in hidden1} | {f"{g}@2" for g in hidden2})

    def var(geo: str, version: int) -> str:  # an unchanged cell is the same unknown in both publications
        return f"{geo}@1" if first[geo] == second[geo] and f"{geo}@1" in unknowns else f"{geo}@{version}"

    rows, rhs = [], []
    for version, values, hidden in ((1, first, hidden1), (2, second, hidden2)):
        row = np.zeros(len(unknowns))
        known = sum(values.values())  # the region's total is published
        for geo in CHILDREN:
            if geo in hidden:
                row[unknowns.index(var(geo, version))] += 1
            else:
                known -= values[geo]
        rows.append(row)
        rhs.append(known)
    for geo in CHILDREN:  # unchanged, hidden in one publication and shown in the other: the reader has it
        if first[geo] == second[geo] and (geo in hidden1) != (geo in hidden2):
            row = np.zeros(len(unknowns))
            row[unknowns.index(var(geo, 1 if geo in hidden1 else 2))] = 1
            rows.append(row)
            rhs.append(first[geo])
    target = np.zeros(len(unknowns))
    target[unknowns.index("A@1")] = 1
    bounds = [(1, None)] * len(unknowns)
    low = linprog(target, A_eq=np.array(rows), b_eq=rhs, bounds=bounds, method="highs")
    high = linprog(-target, A_eq=np.array(rows), b_eq=rhs, bounds=bounds, method="highs")
    assert low.status == 0 and high.status == 0
    return float(-high.fun - low.fun)


def test_a_correction_elsewhere_does_not_give_back_a_hidden_cell() -> None:
    first = {"A": 3, "B": 80, "C": 70, "D": 40, "E": 90}
    hidden1 = _hidden(first)
    assert "A" in hidden1 and len(hidden1) >= 2
    complement = next(iter(hidden1 - {"A"}))
    # a correction makes another kommun small and so the cheapest complement
    changed = next(g for g in ("E", "C", "B") if g not in hidden1)
    second = {**first, changed: 6}

    naive = _hidden(second)  # solved afresh, as if nothing had been published before
    assert complement not in naive, "the scenario: a fresh solve moves the complement"
    assert _range_of_a(first, hidden1, second, naive) < 1, "and the two publications together pin A"

    unchanged = {g for g in CHILDREN if first[g] == second[g]}
    kept = (hidden1 & unchanged) - {"A"}
    known = unchanged - hidden1
    protected = _hidden(second, kept=kept, known=known)
    assert hidden1 & unchanged <= protected, "hidden before and unchanged: still hidden"
    assert not protected & known, "shown before and unchanged: never hidden to protect another"
    assert _range_of_a(first, hidden1, second, protected) >= 1


def test_nothing_changed_means_the_same_pattern() -> None:
    values = {"A": 2, "B": 30, "C": 31, "D": 45, "E": 60}
    hidden = _hidden(values)
    again = _hidden(values, kept=hidden - {"A"}, known=set(values) - hidden)
    assert again == hidden
