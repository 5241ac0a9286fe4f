"""The suppression solver (nara_vard.disclosure) on tables small enough to work out by hand, and on
random tables checked by an LP attacker written here, independently of the solver's own LPs.

The rule: with every published cell and every additive relation, a reader solving LPs must not
get a largest value below the threshold for any hidden cell (in the column that counts persons),
nor a single integer for any hidden cell in any published column; zeros and the region's totals
stay shown.
"""

from __future__ import annotations

import itertools
import random

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linprog

from nara_vard.disclosure import protect

THRESHOLD = 5


class Table:
    """A tiny table: cells keyed by (geo, period, sex) and relations as (parent, children)."""

    def __init__(self, indicator: str = "x", basis: str = "numerator") -> None:
        self.indicator = indicator
        self.basis = basis
        self.cells: dict[tuple[str, str, str], dict] = {}
        self.relations: list[tuple[str, tuple, list[tuple]]] = []

    def cell(self, geo: str, period: str, value: float, sex: str = "T", denominator: float | None = None,
             level: str | None = None, shows: bool = True) -> tuple:
        key = (geo, period, sex)
        base = value if self.basis == "numerator" else denominator
        self.cells[key] = {
            "geo_level": level or ("region" if geo == "R" else "kommunalforbund" if geo.startswith("KF") else "kommun"),
            "geo_code": geo, "period_type": "quarter" if period.startswith("Q") else "month",
            "period_start": {"Q": "2022-01-01", "m1": "2022-01-01", "m2": "2022-02-01", "m3": "2022-03-01"}[period[0] if period.startswith("Q") else period],
            "sex": sex, "numerator": value, "denominator": denominator, "base_count": int(base or 0),
            "shows_figures": shows,
        }
        return key

    def relation(self, hierarchy: str, parent: tuple, children: list[tuple]) -> None:
        self.relations.append((hierarchy, parent, children))

    def frames(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        rows = []
        for key, c in sorted(self.cells.items()):
            exempt = c["geo_level"] == "region" and c["sex"] == "T"
            rows.append({"cell_id": self.id(key), "indicator_id": self.indicator, "base_count_basis": self.basis,
                         "is_exempt": exempt,
                         "is_primary": c["shows_figures"] and not exempt and 1 <= c["base_count"] < THRESHOLD,
                         **c})
        members = []
        for n, (hierarchy, parent, children) in enumerate(self.relations):
            rid = f"{hierarchy}@{n}"
            members.append({"relation_id": rid, "hierarchy_id": hierarchy, "cell_id": self.id(parent), "is_parent": True})
            members += [{"relation_id": rid, "hierarchy_id": hierarchy, "cell_id": self.id(k), "is_parent": False}
                        for k in children]
        return pd.DataFrame(rows), pd.DataFrame(members)

    def id(self, key: tuple) -> str:
        c = self.cells[key]
        return "|".join([self.indicator, c["geo_level"], c["geo_code"], c["period_type"], c["period_start"], c["sex"]])

    def solve(self) -> dict[tuple, str | None]:
        cells, members = self.frames()
        result = protect(cells, members, threshold=THRESHOLD)
        state = dict(zip(result.cells["cell_id"], result.cells["suppression"]))
        self.unprotectable = result.unprotectable
        return {key: state.get(self.id(key)) for key in self.cells}


def _kf_of_three(a: float, b: float, c: float) -> tuple[Table, tuple, tuple, tuple]:
    """Region R = kommunalförbund KF1 = kommun A + B + C, one month, totals only."""
    t = Table()
    ka, kb, kc = t.cell("A", "m1", a), t.cell("B", "m1", b), t.cell("C", "m1", c)
    kf = t.cell("KF1", "m1", a + b + c)
    region = t.cell("R", "m1", a + b + c)
    t.relation("kf_kommun", kf, [ka, kb, kc])
    t.relation("region_kf", region, [kf])
    return t, ka, kb, kc


def test_a_small_cell_gets_a_partner_that_can_carry_it() -> None:
    # A = 2 is primary. A reader has A + B + C = 24 (the kommunalförbund, published). To keep A's
    # largest value at 5 or more, a hidden partner must be able to give up 3 and stay at 1 or more:
    # B = 10 does (A can be 2 .. 11). The cheaper partner is the smaller one, B.
    t, a, b, c = _kf_of_three(2, 10, 12)
    state = t.solve()
    assert state[a] == "primary" and state[b] == "secondary" and state[c] is None


def test_two_small_cells_are_not_enough_for_each_other() -> None:
    # A = 2 and B = 3 are both primary: with C published, A + B = 5 and B >= 1, so A <= 4: the reader
    # learns A holds 1-4. C must be hidden too (then A can be 2 .. 15).
    t, a, b, c = _kf_of_three(2, 3, 12)
    state = t.solve()
    assert (state[a], state[b], state[c]) == ("primary", "primary", "secondary")


def test_zeros_stay_shown_and_a_larger_cell_is_hidden_instead() -> None:
    # A = 2, B = 0, C = 20: hiding the zero would not help (a hidden cell is known to hold 1 or more,
    # and a zero cannot give anything up), so C is hidden.
    t, a, b, c = _kf_of_three(2, 0, 20)
    state = t.solve()
    assert (state[a], state[b], state[c]) == ("primary", None, "secondary")


def test_a_cell_alone_under_the_region_cannot_be_protected_and_is_reported() -> None:
    # The region's totals are never hidden: a region whose only municipality holds 3 gives it away.
    t = Table()
    a = t.cell("A", "m1", 3)
    region = t.cell("R", "m1", 3)
    t.relation("region_kommun", region, [a])
    state = t.solve()
    assert state[a] == "primary"
    assert t.unprotectable == [t.id(a)]


def test_a_ratio_is_protected_in_its_numerator_too() -> None:
    # A rate: the denominator counts persons (A = 3 is primary), the numerator is published as well.
    # Denominators: A 3, B 10, C 10 (kf 23); numerators: A 0, B 0, C 5 (kf 5). Hiding B protects A's
    # denominator (A can be 3 .. 12), but in the numerator A + B = 5 - 5 = 0, so both are pinned at 0
    # (the reader learns that none of A's 1-4 was readmitted). C must be hidden too: then A + B + C = 5
    # in the numerator and A can be 0 .. 5.
    t = Table(basis="denominator")
    a = t.cell("A", "m1", 0, denominator=3)
    b = t.cell("B", "m1", 0, denominator=10)
    c = t.cell("C", "m1", 5, denominator=10)
    kf = t.cell("KF1", "m1", 5, denominator=23)
    region = t.cell("R", "m1", 5, denominator=23)
    t.relation("kf_kommun", kf, [a, b, c])
    t.relation("region_kf", region, [kf])
    state = t.solve()
    assert (state[a], state[b], state[c]) == ("primary", "secondary", "secondary")


def test_unknown_sex_absorbs_and_is_protected() -> None:
    # T = K + M + U in municipality A (U: unknown sex, never published). K = 2 is primary; T = 9,
    # M = 4 (primary), U = 3. U can be worked out when T, K and M are shown; here K and M are hidden,
    # so T - K - M = U >= 1 leaves K <= 9 - 1 - 1 = 7: K and M protect each other through U ... but U
    # itself (3, a small count of persons) must not be bounded below 5 either: U <= 9 - 1 - 1 = 7 is fine.
    # A kommunalförbund of A and B (T 20, K 8, M 9, no U) keeps the sums: T kf = 29, K kf = 10, M kf = 13.
    t = Table()
    cells = {}
    for geo, (tt, k, m) in {"A": (9, 2, 4), "B": (20, 8, 12)}.items():
        cells[geo, "T"], cells[geo, "K"], cells[geo, "M"] = (t.cell(geo, "m1", v, sex=s) for v, s in ((tt, "T"), (k, "K"), (m, "M")))
    cells["A", "U"] = t.cell("A", "m1", 3, sex="U")
    for s, v in (("T", 29), ("K", 10), ("M", 16)):
        cells["KF1", s] = t.cell("KF1", "m1", v, sex=s)
        cells["R", s] = t.cell("R", "m1", v, sex=s)
        t.relation("kf_kommun", cells["KF1", s], [cells["A", s], cells["B", s]])
        t.relation("region_kf", cells["R", s], [cells["KF1", s]])
    t.cell("KF1", "m1", 3, sex="U")
    t.cell("R", "m1", 3, sex="U")
    for geo in ("A", "B", "KF1", "R"):
        children = [cells[geo, "K"], cells[geo, "M"]] + ([(geo, "m1", "U")] if (geo, "m1", "U") in t.cells else [])
        t.relation("totalt_kon", cells[geo, "T"], children)
    t.relation("kf_kommun", ("KF1", "m1", "U"), [cells["A", "U"]])
    t.relation("region_kf", ("R", "m1", "U"), [("KF1", "m1", "U")])
    cell_frame, members = t.frames()
    result = protect(cell_frame, members, threshold=THRESHOLD)
    assert not result.unprotectable
    _attack(cell_frame, members, result.cells)


def test_same_input_in_any_order_gives_the_same_pattern() -> None:
    t = _random_table(random.Random(7))
    cells, members = t.frames()
    first = protect(cells, members, threshold=THRESHOLD).cells.sort_values("cell_id").reset_index(drop=True)
    shuffled = protect(cells.sample(frac=1, random_state=3), members.sample(frac=1, random_state=4),
                       threshold=THRESHOLD).cells.sort_values("cell_id").reset_index(drop=True)
    pd.testing.assert_frame_equal(first, shuffled)


@pytest.mark.parametrize("seed", range(12))
def test_random_tables_withstand_an_lp_attacker(seed: int) -> None:
    """Region × 2 kommunalförbund × 3-4 municipalities, 3 months and their quarter, T/K/M(/U): the
    solver's pattern must hold against scipy's HiGHS run over every relation."""
    t = _random_table(random.Random(seed))
    cells, members = t.frames()
    result = protect(cells, members, threshold=THRESHOLD)
    assert not result.unprotectable, result.unprotectable
    _attack(cells, members, result.cells)


def _random_table(rng: random.Random) -> Table:
    t = Table()
    kommuner = {"KF1": ["A", "B", "C"], "KF2": ["D", "E", "F", "G"][: rng.choice([3, 4])]}
    months = ["m1", "m2", "m3"]
    value: dict[tuple, int] = {}
    for ks in kommuner.values():
        for k, m in itertools.product(ks, months):
            small = rng.random() < 0.4
            kk = rng.choice([0, 1, 2, 3]) if small else rng.randint(3, 40)
            mm = rng.choice([0, 1, 2, 4]) if small else rng.randint(3, 40)
            uu = rng.choice([0, 0, 0, 1, 2, 6])
            value[k, m, "K"], value[k, m, "M"], value[k, m, "U"] = kk, mm, uu
            value[k, m, "T"] = kk + mm + uu
    geos = {g: [g] for ks in kommuner.values() for g in ks}
    geos.update(kommuner)
    geos["R"] = [k for ks in kommuner.values() for k in ks]
    periods = {"m1": ["m1"], "m2": ["m2"], "m3": ["m3"], "Q1": months}
    for g, ks in geos.items():
        for p, ms in periods.items():
            for s in ("T", "K", "M", "U"):
                v = sum(value[k, m, s] for k in ks for m in ms)
                if s == "U" and v == 0:
                    continue  # U exists only where some sex is unknown
                t.cell(g, p, v, sex=s)
    for g, ks in geos.items():
        for p in periods:
            for s in ("T", "K", "M", "U"):
                if (g, p, s) not in t.cells:
                    continue
                if g == "R":
                    t.relation("region_kf", (g, p, s), [(kf, p, s) for kf in kommuner if (kf, p, s) in t.cells])
                elif g in kommuner:
                    t.relation("kf_kommun", (g, p, s), [(k, p, s) for k in ks if (k, p, s) in t.cells])
            t.relation("totalt_kon", (g, p, "T"), [(g, p, s) for s in ("K", "M", "U") if (g, p, s) in t.cells])
        for s in ("T", "K", "M", "U"):
            if (g, "Q1", s) in t.cells:
                t.relation("quarter_month", (g, "Q1", s), [(g, m, s) for m in months if (g, m, s) in t.cells])
    return t


def _attack(cells: pd.DataFrame, members: pd.DataFrame, pattern: pd.DataFrame) -> None:
    """An LP attacker written for this test: every published cell is known, every hidden cell and
    every U cell is an unknown (hidden cells >= 1, U >= 1 where it exists), every relation holds.
    Each hidden cell's largest value must be >= THRESHOLD and its interval must hold two integers;
    a U cell with 1-4 must not be bounded below THRESHOLD."""
    hidden = set(pattern.loc[pattern["suppression"].notna(), "cell_id"])
    cells = cells.set_index("cell_id")
    unknown = sorted(hidden | set(cells.index[cells["sex"] == "U"]))
    col = {c: i for i, c in enumerate(unknown)}
    rows, rhs = [], []
    for _, rel in members.groupby("relation_id"):
        coefs = np.zeros(len(unknown))
        const = 0.0
        for cid, parent in zip(rel["cell_id"], rel["is_parent"]):
            sign = -1.0 if parent else 1.0
            if cid in col:
                coefs[col[cid]] += sign
            else:
                const += sign * cells.at[cid, "numerator"]
        if coefs.any():
            rows.append(coefs)
            rhs.append(-const)
    a_eq, b_eq = np.array(rows), np.array(rhs)
    bounds = [(1, None) for _ in unknown]
    for cid in unknown:
        i = col[cid]
        objective = np.zeros(len(unknown))
        objective[i] = -1
        high = -linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs").fun
        objective[i] = 1
        low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs").fun
        true = cells.at[cid, "numerator"]
        assert low - 1e-6 <= true <= high + 1e-6, f"{cid}: the true value {true} lies outside [{low}, {high}]"
        if cid in hidden or true < THRESHOLD:
            assert np.floor(high + 1e-6) >= THRESHOLD, f"{cid} (true {true}) is bounded by {high}"
        if cid in hidden:
            assert np.floor(high + 1e-6) > np.ceil(low - 1e-6), f"{cid} (true {true}) is pinned to [{low}, {high}]"


def _whole_and_parts(values: dict[str, tuple[float, float, float]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Indicators `w` = `p1` + `p2` (helt_i_primarvarden and its diagnosis groups, in small), each a
    kommunalförbund of three municipalities under the region; cell by cell w is the sum of its parts."""
    frames = []
    for indicator, (a, b, c) in values.items():
        t, *_ = _kf_of_three(a, b, c)
        t.indicator = indicator
        cells, members = t.frames()
        cells["indicator_id"] = indicator
        cells["cell_id"] = cells["cell_id"].str.replace("x|", f"{indicator}|", regex=False)
        members["cell_id"] = members["cell_id"].str.replace("x|", f"{indicator}|", regex=False)
        members["relation_id"] = indicator + ":" + members["relation_id"]
        frames.append((cells, members))
    cells = pd.concat([f[0] for f in frames], ignore_index=True)
    cells["disclosure_family"] = "w"
    members = pd.concat([f[1] for f in frames], ignore_index=True)
    parts = []
    for cell_id in cells.loc[cells["indicator_id"] == "w", "cell_id"]:
        rid = f"indicator_parts@{cell_id}"
        parts.append({"relation_id": rid, "hierarchy_id": "indicator_parts", "cell_id": cell_id, "is_parent": True})
        parts += [{"relation_id": rid, "hierarchy_id": "indicator_parts", "cell_id": cell_id.replace("w|", f"{p}|", 1),
                   "is_parent": False} for p in ("p1", "p2")]
    return cells, pd.concat([members, pd.DataFrame(parts)], ignore_index=True)


def test_a_part_is_protected_against_its_whole_minus_the_other_parts() -> None:
    # p1's A = 2 is primary. Within p1 alone hiding B = 10 protects it. But w's A (10) and p2's A (8) are
    # published, and w = p1 + p2: A of p1 = 10 - 8 = 2. The solver, given the parts relation, must hide
    # more (w's or p2's A, and what protects that); the attacker, who knows every relation, learns nothing.
    cells, members = _whole_and_parts({"w": (10, 19, 23), "p1": (2, 10, 12), "p2": (8, 9, 11)})
    result = protect(cells, members, threshold=THRESHOLD)
    assert not result.unprotectable
    _attack(cells, members, result.cells)
    hidden = set(result.cells.loc[result.cells["suppression"].notna(), "cell_id"])
    assert hidden & {"w|kommun|A|month|2022-01-01|T", "p2|kommun|A|month|2022-01-01|T"}
    # the twin: a pattern solved without the parts relation falls to the same attacker
    alone = protect(cells, members[members["hierarchy_id"] != "indicator_parts"], threshold=THRESHOLD)
    with pytest.raises(AssertionError, match="p1"):
        _attack(cells, members, alone.cells)
