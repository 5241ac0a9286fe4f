"""Secondary cell suppression that holds against a reader with a linear-programming solver.

The rule (README, "Disclosure control / Röjandekontroll"): a cell of a person-based indicator with
1 .. threshold-1 persons, episodes, plans or respondents behind it is hidden (primary), and enough
other cells are hidden (secondary) that a reader who writes down every additive relation of the
published tables and solves linear programs for the smallest and largest value of each hidden cell
- cannot bring the largest value of any hidden cell below the threshold, in the column that counts
  persons (so "1-4 stand behind it" can never be proved), and
- cannot pin any hidden cell to one integer, in any published additive column.

How (the cell-suppression model of Fischetti and Salazar, as tau-argus and sdcTable use it):
a hidden cell is protected when an alternative table exists that the reader cannot tell from the
true one - every relation holds, every published cell keeps its value, every hidden cell stays at or
above what the reader knows (1 person: zeros are always shown) - and in which the cell is large
enough (or merely different, for pinning). Such an alternative is a *witness*. For each hidden cell
not yet covered by a witness, one LP finds the cheapest witness: it may move already hidden cells
for free and published cells at a cost (a moved published cell must then be hidden too; the costs
prefer municipal and monthly cells with few persons behind them and keep kommunalförbund,
delregional nämnd and region figures visible). Hiding more never un-protects a cell (the reader's
feasible set only grows), so one pass over the cells suffices, and every witness found is kept to
cover other cells at no cost (a witness scaled down is still one, also for the other columns).

The relations come from the dbt model int_disclosure_relation_members (geography, period, sex). A
relation that does not add up exactly (the region also counts unknown municipalities; distinct
counts) gets a remainder the reader does not know, with the sign it has. Cells of unknown sex (`U`,
T - K - M) are never published but can be worked out: they are unknowns of the reader's system and
protected like hidden cells when they hold 1 .. threshold-1.

Relations never cross a year (period relations stay inside one year; geography and sex relations
inside one period), so every indicator × year is solved on its own; an indicator split into parts
(`disclosure_family`: helt_i_primarvarden and its diagnosis groups, whose cells add up across the
indicators) is solved with its parts, one family × year. HiGHS (through highspy) solves
the LPs; the model of a block is built once and only bounds and costs change between solves, so
each solve starts from the previous basis. Same input, same output: cells, relations and targets are
processed in sorted order, and the single-threaded simplex is deterministic.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse

#: numerical tolerance on LP solutions (the values are counts and sums of days)
TOL = 1e-6
#: a deviation bound that never binds but keeps every LP bounded
BIG = 1e7

#: what hiding a published cell costs, by level: municipal and unit cells are cheap, the
#: kommunalförbund's, delregional nämnd's and the region's own figures expensive, totals of longer
#: periods dearer than months, the total (T) dearer than a sex
GEO_COST = {"region": 200.0, "kommunalforbund": 30.0, "delregional_namnd": 30.0}
PERIOD_COST = {"month": 1.0, "quarter": 1.6, "year": 2.5}
SEX_COST = {"T": 1.3}

#: the order hidden cells are protected in: longer periods first (their witnesses reach into the
#: months, which later targets reuse), then the smallest counts, then by cell id
PERIOD_ORDER = {"year": 0, "quarter": 1, "month": 2}
#: every so many protected cells, one LP checks which of the rest the pattern already protects
BATCH_EVERY = 50


@dataclass
class ProtectionResult:
    """The protected pattern and what it took."""

    cells: pd.DataFrame  #: cell_id, suppression (primary / secondary / NULL), protection_lp (LP number or NULL)
    blocks: int = 0
    lps: int = 0
    seconds: float = 0.0
    unprotectable: list[str] = field(default_factory=list)  #: cells no witness exists for (U cells too)

    def pattern(self, cells: pd.DataFrame) -> pd.DataFrame:
        """The answer as the dbt models hold it: one row per cell with its suppression (NULL for a U
        cell: never published, always unknown), the LP that hid a secondary cell, whether no witness
        could be found, and the figures that were protected (so that a pattern can be checked
        against the cells it was made for)."""
        figures = cells[["cell_id", "base_count", "numerator", "denominator"]]
        out = figures.merge(self.cells, on="cell_id", how="left", validate="one_to_one")
        return pd.DataFrame({
            "cell_id": out["cell_id"].astype(str),
            "suppression": out["suppression"].astype(object).where(out["suppression"].notna(), None),
            "protection_lp": out["protection_lp"].astype("Int64"),
            "is_unprotectable": out["is_unprotectable"].fillna(False).astype(bool),
            "base_count": out["base_count"].astype("Int64"),
            "numerator": out["numerator"].astype("Float64"),
            "denominator": out["denominator"].astype("Float64"),
        }).sort_values("cell_id", kind="stable").reset_index(drop=True)

    def summary(self) -> str:
        s = self.cells["suppression"].value_counts()
        return (f"disclosure: {int(s.get('primary', 0))} primary, {int(s.get('secondary', 0))} secondary "
                f"cells; {self.lps} LPs over {self.blocks} indicator-years in {self.seconds:.1f} s; "
                f"{len(self.unprotectable)} unprotectable")


@dataclass
class _Block:
    """One indicator × year: its cells and relations."""

    cell_ids: np.ndarray
    values: dict[str, np.ndarray]  # published additive column -> value per cell
    threshold_column: str
    lower: dict[str, np.ndarray]  # what the reader knows a hidden cell is at least
    is_primary: np.ndarray
    is_kept: np.ndarray  # hidden in the last publication and unchanged: hidden from the start, like a primary
    is_virtual: np.ndarray  # U cells: never published, always an unknown of the reader
    can_hide: np.ndarray
    is_sensitive: np.ndarray
    cost: np.ndarray
    quarter: np.ndarray  # 1-4 for a month or quarter cell, 0 for the year
    is_month: np.ndarray
    order: np.ndarray  # the order cells are protected in
    relations: sparse.csr_matrix  # relation × cell: +1 child, -1 parent
    remainders: dict[str, np.ndarray]  # column -> parent minus children, per relation
    labels_bound_above: bool  # a leaked "primary" label would bound the threshold column by threshold - 1


def _room(block: _Block, column: str, threshold: int, labelled: bool) -> tuple[np.ndarray, np.ndarray]:
    """How far each cell may fall and rise in an alternative table the reader cannot rule out, in
    `column`: down to what the reader knows of a hidden cell (1 in the persons column), up without
    limit. `labelled`: as if the reader also knew which hidden cells are primary (1 .. threshold - 1)
    and which secondary (threshold or more): not published, but the pattern holds even then."""
    values = block.values[column]
    down = np.maximum(values - block.lower[column], 0.0)
    up = np.full(len(values), BIG)
    if labelled and column == block.threshold_column:
        named = ~block.is_virtual
        if block.labels_bound_above:
            up = np.where(block.is_primary & named, np.maximum(threshold - 1 - values, 0.0), up)
        secondary = block.can_hide & ~block.is_primary
        down = np.where(secondary, np.maximum(values - threshold, 0.0), down)
    return down, up


def _cost(geo_level: str, period_type: str, sex: str, value: float) -> float:
    """Cost of hiding one published cell: by level, and a little more the more it holds."""
    return (GEO_COST.get(geo_level, 1.0) * PERIOD_COST.get(period_type, 1.0) * SEX_COST.get(sex, 1.0)
            * (1.0 + math.log1p(max(value, 0.0)) / 8.0))


def _threshold_column(base_count_basis: str) -> str:
    """The published column that counts persons; a sum over records (days as ready for discharge)
    counts at least one per record, so it protects the number of records too."""
    return "denominator" if base_count_basis == "denominator" else "numerator"


def _blocks(cells: pd.DataFrame, members: pd.DataFrame, threshold: int) -> list[_Block]:
    """Split the cells and relations into family × year blocks (no relation crosses one): a family is an
    indicator with its parts (`disclosure_family`), else the indicator alone."""
    cells = cells.sort_values("cell_id", kind="stable").reset_index(drop=True)
    start = pd.to_datetime(cells["period_start"])
    cells["year"] = start.dt.year
    family = cells["disclosure_family"] if "disclosure_family" in cells else cells["indicator_id"]
    cells["family"] = family.fillna(cells["indicator_id"])
    cells["quarter"] = np.where(cells["period_type"] == "year", 0, start.dt.quarter)
    members = members[members["hierarchy_id"] != "self"]
    position = pd.Series(np.arange(len(cells)), index=cells["cell_id"])
    member_pos = members["cell_id"].map(position)
    if member_pos.isna().any():
        missing = members.loc[member_pos.isna(), "cell_id"].iloc[0]
        raise ValueError(f"relation member {missing} is not a cell of int_disclosure_cells")
    members = members.assign(pos=member_pos.astype(np.int64))
    members = members.assign(block=cells["family"].to_numpy()[members["pos"]] + "|"
                             + cells["year"].astype(str).to_numpy()[members["pos"]])
    # not dict(groupby): dict() calls a GroupBy's `.keys` attribute (the column name) instead of iterating it
    by_block = {k: g for k, g in members.groupby("block", sort=True)}  # noqa: C416
    blocks = []
    for (block_family, year), group in cells.groupby(["family", "year"], sort=True):
        blocks.append(_make_block(group, by_block.get(f"{block_family}|{year}"), threshold))
    return blocks


def _make_block(cells: pd.DataFrame, members: pd.DataFrame | None, threshold: int) -> _Block:
    n = len(cells)
    local = pd.Series(np.arange(n), index=cells.index)
    basis = str(cells["base_count_basis"].iloc[0])
    threshold_column = _threshold_column(basis)
    columns = [c for c in ("numerator", "denominator") if cells[c].notna().any()]
    if threshold_column not in columns:
        columns.insert(0, threshold_column)
    values = {c: cells[c].fillna(0.0).to_numpy(dtype=float) for c in columns}
    base = cells["base_count"].fillna(0).to_numpy(dtype=float)
    is_virtual = (cells["sex"] == "U").to_numpy()
    shows = cells["shows_figures"].to_numpy(dtype=bool)
    exempt = cells["is_exempt"].to_numpy(dtype=bool)
    # zeros are always shown (a hidden cell is known to hold at least one person), region totals too
    can_hide = shows & ~exempt & (base > 0) & ~is_virtual
    if "is_known_to_reader" in cells:  # shown in the last publication, unchanged: hiding it protects nothing
        can_hide &= ~cells["is_known_to_reader"].fillna(False).to_numpy(dtype=bool)
    is_primary = cells["is_primary"].to_numpy(dtype=bool) & (can_hide | is_virtual)
    is_kept = (cells["is_kept_hidden"].fillna(False).to_numpy(dtype=bool) if "is_kept_hidden" in cells
               else np.zeros(n, dtype=bool)) & can_hide & ~is_primary
    is_sensitive = (base >= 1) & (base < threshold) & ~exempt & shows
    lower = {c: np.where(base > 0, 1.0, 0.0) if c == threshold_column else np.zeros(n) for c in columns}
    cost = np.array([_cost(g, p, s, v) for g, p, s, v in zip(
        cells["geo_level"], cells["period_type"], cells["sex"], values[threshold_column], strict=True)])
    keys = pd.DataFrame({"p": cells["period_type"].map(PERIOD_ORDER).fillna(3).to_numpy(),
                         "v": values[threshold_column], "id": cells["cell_id"].to_numpy()})
    order = keys.sort_values(["p", "v", "id"], kind="stable").index.to_numpy()
    if members is None or members.empty:
        relations = sparse.csr_matrix((0, n))
    else:
        rel_index, _ = pd.factorize(members["relation_id"], sort=True)
        sign = np.where(members["is_parent"].to_numpy(dtype=bool), -1.0, 1.0)
        relations = sparse.csr_matrix(
            (sign, (rel_index, local.reindex(members["pos"]).to_numpy())),
            shape=(int(rel_index.max()) + 1, n))
    # remainder = parent - sum of children: what a relation leaves unexplained
    remainders = {c: -(relations @ values[c]) for c in columns}
    return _Block(
        cell_ids=cells["cell_id"].to_numpy(), values=values, threshold_column=threshold_column,
        lower=lower, is_primary=is_primary, is_kept=is_kept, is_virtual=is_virtual, can_hide=can_hide,
        is_sensitive=is_sensitive, cost=cost, quarter=cells["quarter"].to_numpy(dtype=np.int64),
        is_month=(cells["period_type"] == "month").to_numpy(), order=order,
        relations=relations, remainders=remainders,
        # a sum over records (days) is not bounded by the number of records behind it
        labels_bound_above=basis != "records",
    )


def _remainder_caps(rest: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """How far each remainder may fall and rise: to zero, never across it. Where a relation adds up
    exactly in a column it is an equality there (a reader may have verified it)."""
    exact = np.abs(rest) <= TOL
    down = np.where(exact, 0.0, np.where(rest > 0, rest, BIG))
    up = np.where(exact, 0.0, np.where(rest > 0, BIG, -rest))
    return down, up


class _Solver:
    """The deviation LP of a block (or of the cells of one quarter and the year in it), kept in one
    HiGHS instance between solves so that each solve starts from the last basis.

    Variables: for every cell that is or may be hidden, and every U cell, a pair (up, down) >= 0 of
    deviations from its true value; for every relation that does not add up exactly, the same pair
    for its remainder. Rows: each relation's deviations add up to zero. Cells outside `subset`
    keep their values (a witness found on a subset is a witness of the whole block).
    """

    def __init__(self, block: _Block, subset: np.ndarray | None = None) -> None:
        import highspy

        self.block = block
        n = len(block.cell_ids)
        movable = block.can_hide | block.is_virtual | block.is_primary
        if subset is not None:
            movable = movable & subset
        self.cells_of_var = np.flatnonzero(movable)
        self.n_cells = len(self.cells_of_var)
        self.cell_var = np.full(n, -1, dtype=np.int64)
        self.cell_var[self.cells_of_var] = np.arange(self.n_cells)
        moving = block.relations[:, self.cells_of_var].tocsr()
        rows = np.flatnonzero(np.diff(moving.indptr) > 0)  # relations with something that may move
        moving = moving[rows]
        inexact = np.zeros(len(rows), dtype=bool)
        for rest in block.remainders.values():
            inexact |= np.abs(rest[rows]) > TOL
        self.rest_relation = rows[inexact]
        rest_block = sparse.csr_matrix(
            (np.ones(int(inexact.sum())), (np.flatnonzero(inexact), np.arange(int(inexact.sum())))),
            shape=(len(rows), int(inexact.sum())))
        deviations = sparse.hstack([moving, rest_block], format="csc")
        self.n_dev = deviations.shape[1]
        a = sparse.hstack([deviations, -deviations], format="csc")  # up deviations, then down deviations
        h = highspy.Highs()
        h.silent()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("threads", 1)
        h.setOptionValue("random_seed", 0)
        lp = highspy.HighsLp()
        lp.num_col_ = 2 * self.n_dev
        lp.num_row_ = len(rows)
        lp.col_cost_ = np.zeros(2 * self.n_dev)
        lp.col_lower_ = np.zeros(2 * self.n_dev)
        lp.col_upper_ = np.full(2 * self.n_dev, BIG)
        lp.row_lower_ = np.zeros(len(rows))
        lp.row_upper_ = np.zeros(len(rows))
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = a.indptr.astype(np.int32)
        lp.a_matrix_.index_ = a.indices.astype(np.int32)
        lp.a_matrix_.value_ = a.data.astype(float)
        h.passModel(lp)
        self.h = h
        self.all_cols = np.arange(2 * self.n_dev, dtype=np.int32)
        self.lps = 0

    def set_column(self, column: str, hidden: np.ndarray, room: tuple[np.ndarray, np.ndarray]) -> None:
        """Bounds for one published column: how far each cell may fall and rise (`room`, from
        _room), a remainder never across zero."""
        b = self.block
        cells = self.cells_of_var
        self.up_cap = np.full(self.n_dev, BIG)
        self.down_cap = np.empty(self.n_dev)
        self.down_cap[: self.n_cells] = room[0][cells]
        self.up_cap[: self.n_cells] = room[1][cells]
        self.down_cap[self.n_cells:], self.up_cap[self.n_cells:] = _remainder_caps(
            b.remainders[column][self.rest_relation])
        self.h.changeColsBounds(len(self.all_cols), self.all_cols, np.zeros(2 * self.n_dev),
                                np.concatenate([self.up_cap, self.down_cap]))
        self.set_hidden(hidden)

    def set_hidden(self, hidden: np.ndarray) -> None:
        """Moving a hidden cell, a U cell or a remainder costs nothing; a published cell its price."""
        b = self.block
        cells = self.cells_of_var
        cost = np.zeros(self.n_dev)
        cost[: self.n_cells] = np.where(hidden[cells] | b.is_virtual[cells], 0.0, b.cost[cells])
        self.h.changeColsCost(len(self.all_cols), self.all_cols, np.concatenate([cost, cost]))

    def _solution(self) -> tuple[np.ndarray, np.ndarray]:
        x = np.asarray(self.h.getSolution().col_value)
        dev = x[: self.n_dev] - x[self.n_dev:]
        cells = np.zeros(len(self.block.cell_ids))
        cells[self.cells_of_var] = dev[: self.n_cells]
        rest = np.zeros(self.block.relations.shape[0])
        rest[self.rest_relation] = dev[self.n_cells:]
        return cells, rest

    def witness(self, cell: int, rise: float = 0.0, fall: float = 0.0) -> tuple[np.ndarray, np.ndarray] | None:
        """The cheapest alternative table in which `cell` is `rise` higher (or `fall` lower): the
        deviation per cell (0 for cells that may not move) and per relation remainder, or None."""
        import highspy

        var = int(self.cell_var[cell])
        up, down = var, self.n_dev + var
        # the net deviation must reach `need`: the opposite half is shut (moving a hidden cell is free,
        # so otherwise up and down could cancel)
        col, need, cap, other = (up, rise, self.up_cap[var], down) if rise > 0 else (down, fall, self.down_cap[var], up)
        if need > cap + TOL:
            return None
        other_cap = self.down_cap[var] if rise > 0 else self.up_cap[var]
        self.h.changeColBounds(col, need, cap)
        self.h.changeColBounds(other, 0.0, 0.0)
        self.h.run()
        self.lps += 1
        ok = self.h.getModelStatus() == highspy.HighsModelStatus.kOptimal
        found = self._solution() if ok else None
        self.h.changeColBounds(col, 0.0, cap)
        self.h.changeColBounds(other, 0.0, other_cap)
        return found

    def lift_many(self, targets: np.ndarray, need: np.ndarray, hidden: np.ndarray,
                  sign: float = 1.0) -> tuple[np.ndarray, np.ndarray] | None:
        """One alternative table that lifts (sign -1: lowers) as many `targets` as it can by up to
        `need` each, moving only hidden cells, U cells and remainders: a witness for every target it
        moves far enough."""
        import highspy

        cells = self.cells_of_var
        fixed = ~(hidden[cells] | self.block.is_virtual[cells])
        up, down = self.up_cap.copy(), self.down_cap.copy()
        up[: self.n_cells][fixed] = 0.0
        down[: self.n_cells][fixed] = 0.0
        var = self.cell_var[targets]
        toward, away = (up, down) if sign > 0 else (down, up)
        toward[var] = np.minimum(toward[var], need)
        away[var] = 0.0  # a target's move is its net deviation
        cost = np.zeros(2 * self.n_dev)
        cost[var if sign > 0 else self.n_dev + var] = -1.0
        self.h.changeColsBounds(len(self.all_cols), self.all_cols, np.zeros(2 * self.n_dev),
                                np.concatenate([up, down]))
        self.h.changeColsCost(len(self.all_cols), self.all_cols, cost)
        self.h.run()
        self.lps += 1
        ok = self.h.getModelStatus() == highspy.HighsModelStatus.kOptimal
        found = self._solution() if ok else None
        self.h.changeColsBounds(len(self.all_cols), self.all_cols, np.zeros(2 * self.n_dev),
                                np.concatenate([self.up_cap, self.down_cap]))
        self.set_hidden(hidden)
        return found


def _reach(block: _Block, column: str, room: tuple[np.ndarray, np.ndarray], cells: np.ndarray,
           rest: np.ndarray) -> float:
    """How far the alternative `true + t·deviation` can go (the largest t) before a cell leaves its
    room (`room`: how far each cell may fall and rise) or a remainder crosses zero, in `column`."""
    t = BIG
    down, up = room
    falling = cells < -TOL
    if falling.any():
        t = min(t, float(np.min(down[falling] / -cells[falling])))
    rising = cells > TOL
    if rising.any():
        t = min(t, float(np.min(up[rising] / cells[rising])))
    moving = np.abs(rest) > TOL
    if moving.any():
        rest_down, rest_up = _remainder_caps(block.remainders[column][moving])
        r = rest[moving]
        with np.errstate(divide="ignore", invalid="ignore"):
            limit = np.where(r < 0, rest_down / -r, rest_up / r)
        t = min(t, float(np.min(limit)))
    return max(t, 0.0)


def protect(cells: pd.DataFrame, members: pd.DataFrame, *, threshold: int = 5) -> ProtectionResult:
    """Hide the primary cells and as many more as the rule needs; see the module docstring.

    `cells`: cell_id, indicator_id, geo_level, period_type, period_start, sex, base_count,
    numerator, denominator, base_count_basis, shows_figures, is_exempt, is_primary (the dbt model
    int_disclosure_cells), and optionally is_kept_hidden (hidden in the last publication and unchanged:
    hidden from the start and protected like a secondary cell) and is_known_to_reader (shown in the last
    publication and unchanged: never hidden to protect another cell, since the reader has it).
    `members`: relation_id, hierarchy_id, cell_id, is_parent (int_disclosure_relation_members).
    """
    started = time.perf_counter()
    blocks = _blocks(cells.copy(), members, threshold)
    frames = []
    lps = 0
    unprotectable: list[str] = []
    for block in blocks:
        hidden, lp_of, n_lps, lost = _protect_block(block, threshold)
        lps += n_lps
        unprotectable += lost
        state = np.where(block.is_primary & ~block.is_virtual, "primary",
                         np.where(hidden & ~block.is_virtual, "secondary", ""))
        frames.append(pd.DataFrame({"cell_id": block.cell_ids, "suppression": state, "protection_lp": lp_of,
                                    "is_unprotectable": np.isin(block.cell_ids, lost)}))
    result = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        {"cell_id": pd.Series(dtype=object), "suppression": pd.Series(dtype=object),
         "protection_lp": pd.Series(dtype=float), "is_unprotectable": pd.Series(dtype=bool)})
    suppression = result["suppression"].astype(object)
    result["suppression"] = suppression.where(suppression != "", None)
    return ProtectionResult(cells=result, blocks=len(blocks), lps=lps, seconds=time.perf_counter() - started,
                            unprotectable=sorted(set(unprotectable)))


def _protect_block(block: _Block, threshold: int) -> tuple[np.ndarray, np.ndarray, int, list[str]]:
    """Protect one block: hidden flags, the LP that hid each secondary cell, LPs solved, failures."""
    n = len(block.cell_ids)
    hidden = block.is_primary | block.is_kept
    lp_of = np.full(n, np.nan)
    if not hidden.any():
        return hidden, lp_of, 0, []
    full = _Solver(block)
    # a month's witness is first sought among the cells of its quarter and year (a third of the LP)
    by_quarter = {q: _Solver(block, (block.quarter == q) | (block.quarter == 0))
                  for q in sorted(set(block.quarter[block.is_month].tolist()))}
    solvers = [full, *by_quarter.values()]
    columns = list(block.values)
    tcol = block.threshold_column
    rooms = {(c, labelled): _room(block, c, threshold, labelled) for c in columns for labelled in (False, True)}
    # covered so far: the cells some witness lifts to the threshold; per column, the cells some witness
    # moves by one or more, without and with the labels
    upper_ok = block.values[tcol] >= threshold - TOL
    moved_ok = {(c, labelled): np.zeros(n, dtype=bool) for c in columns for labelled in (False, True)}
    lost: list[str] = []

    def cover(found: tuple[np.ndarray, np.ndarray]) -> None:
        """Credit a witness (and its mirror image) to every cell it covers, in every column and mode."""
        dev, rest = found
        for (c, labelled), room in rooms.items():
            for d, r in ((dev, rest), (-dev, -rest)):
                t = _reach(block, c, room, d, r)
                if t <= TOL:
                    continue
                moved_ok[c, labelled] |= t * np.abs(d) >= 1 - TOL
                if c == tcol and not labelled:
                    upper_ok[:] |= (d > TOL) & (block.values[c] + t * d >= threshold - TOL)

    def protect_cell(i: int, **move: float) -> bool:
        order = [by_quarter[block.quarter[i]], full] if block.is_month[i] else [full]
        found = None
        for solver in order:
            found = solver.witness(i, **move)
            if found is not None:
                break
        if found is None:
            return False
        new = (np.abs(found[0]) > TOL) & ~hidden & block.can_hide
        if new.any():
            hidden[new] = True
            lp_of[new] = sum(s.lps for s in solvers)
            for s in solvers:
                s.set_hidden(hidden)
        cover(found)
        return True

    def must_cover() -> np.ndarray:
        return (hidden & ~block.is_virtual) | (block.is_virtual & block.is_sensitive)

    def use(column: str, labelled: bool) -> None:
        for s in solvers:
            s.set_column(column, hidden, rooms[column, labelled])

    # 1. no hidden cell (nor a U cell with 1 .. threshold-1) may be bounded below the threshold
    use(tcol, False)
    queue = [i for i in block.order if must_cover()[i] and not upper_ok[i]]
    for k, i in enumerate(queue):
        if k % BATCH_EVERY == 0:
            # one LP lifting every target it can with what is hidden so far covers many at once
            left = np.array([j for j in queue[k:] if not upper_ok[j]], dtype=np.int64)
            if len(left) > 1:
                found = full.lift_many(left, threshold - block.values[tcol][left], hidden)
                if found is not None:
                    cover(found)
        if not upper_ok[i] and not protect_cell(i, rise=threshold - block.values[tcol][i]):
            lost.append(str(block.cell_ids[i]))
            upper_ok[i] = True  # reported once
    # 2. no such cell may be pinned, in any column, and a hidden cell not even by a reader who knew
    # which hidden cells are primary and which secondary; a cell hidden for one column must be
    # covered in every column, so repeat until nothing more is hidden
    while True:
        hidden_before = int(hidden.sum())
        for labelled in (False, True):
            for c in columns:
                use(c, labelled)
                # one LP moving every uncovered cell it can by one covers most of them at once
                left = np.array([i for i in block.order if not moved_ok[c, labelled][i] and must_cover()[i]
                                 and not (labelled and block.is_virtual[i])], dtype=np.int64)
                if len(left) > 1:
                    for sign in (1.0, -1.0):
                        found = full.lift_many(left, np.ones(len(left)), hidden, sign=sign)
                        if found is not None:
                            cover(found)
                for i in block.order:
                    if moved_ok[c, labelled][i] or not must_cover()[i] or (labelled and block.is_virtual[i]):
                        continue
                    if protect_cell(i, rise=1.0) or protect_cell(i, fall=1.0):
                        continue
                    if not labelled:
                        lost.append(str(block.cell_ids[i]))
                    moved_ok[c, labelled][i] = True  # reported once (with labels: best effort)
        if int(hidden.sum()) == hidden_before:
            break
    return hidden, lp_of, sum(s.lps for s in solvers), lost
