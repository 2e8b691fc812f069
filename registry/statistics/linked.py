"""Linked tables and their audit: what a reader derives from everything published at once (REGISTER.md s. 5).

The time tables are published by month, by quarter and by year. They describe the same orders, so a reader
holding all three has one system of equations: in each table every row and column adds up to its total, a
quarter's cell is the sum of its months' cells, a year's the sum of its quarters'. `linked_system` builds that
system from the tables of each level; `audit` solves, for every withheld cell, the interval a reader derives
from all published cells together (one linear program per bound, HiGHS), and checks it against the cell's
protection range:

* at least 10 % below and above the true value (person counts at least 1 below and above);
* for a cell withheld by the dominance rule, an upper bound of at least its largest contribution / 0.85;
* the same again for every insider: a person who alone makes up a withheld cell knows its value, and with it
  fixed no other withheld cell may be narrowed below its range.

An interval merely wider than a point is not protection: the ranges are what τ-ARGUS's audit requires.
"""

from __future__ import annotations

import math
import queue
from collections.abc import Callable, Collection, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from .disclosure import (DOMINANCE, PRIMARY, PUBLISHED as PUBLISHED_STATUS, SECONDARY, TOTAL, K, Protected, Table,
                         input_cell)
from .disclosure import protect as protect_table

RANGE_SHARE = 0.10  # the interval must reach 10 % below and above the true value
COUNT_RANGE = 1  # and for a count at least one person below and above

LinkedKey = tuple[str, str, str]  # (level, row, column); row or column may be TOTAL
# Questions asked at once, each of its own copy of a model, in threads (HiGHS lets go of Python's lock while it
# solves). Fixed, not the machine's core count: which question goes to which copy can change a solution among
# equals, and every machine must publish the same; the audit's verdicts do not depend on it at all.
WORKERS = 2
# Solver noise allowed when deciding whether a value reaches a target or a cell moved: relative for small values,
# but never more than a hundredth of a unit, for a secondary cell's range is one unit (a cent) either side and a
# relative tolerance of a large sum (1e-6 of €800,000 is 80 cents) let such a cell through as a point.
UNIT_NOISE = 0.01


def _noise(values):
    """The tolerance around `values` (whole units): 1e-6 of them, at least 1e-6 and at most UNIT_NOISE."""
    return np.minimum(1e-6 * np.maximum(1.0, np.abs(values)), UNIT_NOISE)


@dataclass(frozen=True)
class LinkedSystem:
    """Every cell of every level as one vector, and the equations (A @ value = 0) that tie them together."""

    keys: tuple[LinkedKey, ...]
    units: np.ndarray  # int64 whole units (persons, counts or cents)
    persons: np.ndarray  # int64 distinct persons behind each cell
    top: np.ndarray  # int64 units: the largest single contribution (money), else 0
    equations: sparse.csr_array  # rows: equations; columns: keys; coefficients +1 / -1
    per_unit: int
    money: bool
    within: np.ndarray = None  # (n, 2) int: cell a's persons are among cell b's (a row's cell in its total, ...)

    def index(self) -> dict[LinkedKey, int]:
        return {key: i for i, key in enumerate(self.keys)}


def linked_system(levels: Mapping[str, Table], parent: Callable[[str, str], str]) -> LinkedSystem:
    """The system of the tables in `levels` (finest first, e.g. month, quarter, year), all with the same columns.

    `parent(level, row)` names the row of the next level that `row` of `level` falls in (2026-11 -> 2026-Q4).
    """
    names = list(levels)
    first = levels[names[0]]
    columns = (*first.columns, TOTAL)
    if any(tuple(t.columns) != tuple(first.columns) or t.money != first.money for t in levels.values()):
        raise ValueError("linked tables must have the same columns and measure")
    keys = [(level, row, column) for level, table in levels.items() for row in (*table.rows, TOTAL) for column in columns]
    at = {key: i for i, key in enumerate(keys)}
    cells = [input_cell(levels[level], (row, column)) for level, row, column in keys]
    per_unit = 100 if first.money else 1
    units = np.array([round(c.value * per_unit) for c in cells], dtype=np.int64)
    persons = np.array([c.persons for c in cells], dtype=np.int64)
    top = np.array([round(c.top * per_unit) for c in cells], dtype=np.int64)
    rows, cols, coefficients = [], [], []
    count = 0

    def equation(total: LinkedKey, parts: Sequence[LinkedKey]) -> None:
        """sum(parts) - total = 0, as equation number `count`."""
        nonlocal count
        rows.extend([count] * (len(parts) + 1))
        cols.extend([*(at[key] for key in parts), at[total]])
        coefficients.extend([1] * len(parts) + [-1])
        count += 1

    for level, table in levels.items():
        for row in (*table.rows, TOTAL):  # each row adds up to its total
            equation((level, row, TOTAL), [(level, row, c) for c in table.columns])
        for column in columns:  # each column adds up to its total
            equation((level, TOTAL, column), [(level, r, column) for r in table.rows])
    for finer, coarser in zip(names, names[1:], strict=False):  # a coarser cell is the sum of its finer cells
        children: dict[str, list[str]] = {}
        for row in levels[finer].rows:
            children.setdefault(parent(finer, row), []).append(row)
        for row in levels[coarser].rows:
            for column in columns:
                equation((coarser, row, column), [(finer, r, column) for r in children.get(row, [])])
    matrix = sparse.csr_array((coefficients, (rows, cols)), shape=(count, len(keys)))
    residual = matrix @ units
    if np.any(residual != 0):
        raise ValueError("the linked tables do not add up to each other")
    within = []
    coarser_of = dict(zip(names, names[1:], strict=False))
    for level, row, column in keys:
        inner = at[level, row, column]
        if column != TOTAL:
            within.append((inner, at[level, row, TOTAL]))
        if row != TOTAL:
            within.append((inner, at[level, TOTAL, column]))
        if (coarser := coarser_of.get(level)) is not None:  # its period's cell, or the same total again
            within.append((inner, at[coarser, TOTAL if row == TOTAL else parent(level, row), column]))
    return LinkedSystem(tuple(keys), units, persons, top, matrix, per_unit, first.money,
                        np.array(within, dtype=np.int64).reshape(-1, 2))


def withheld_keys(levels: Mapping[str, Protected]) -> dict[LinkedKey, str]:
    """(level, row, column) -> 'primary' | 'secondary' for every cell withheld in any level's pattern."""
    return {(level, row, column): why for level, protected in levels.items()
            for (row, column), why in protected.status.items() if why != "published"}


@dataclass(frozen=True)
class Finding:
    """A withheld cell whose derivable interval falls short of its protection range."""

    key: LinkedKey
    low: float  # what a reader derives (euros or counts); high may be math.inf
    high: float
    need_low: float  # the interval must reach down to this...
    need_high: float  # ...and up to this
    insider: LinkedKey | None  # the single contributor's own cell that narrowed it, if any


def range_in_units(value: int, top: int, money: bool, why: str, dominance: float = DOMINANCE) -> tuple[int, int]:
    """The interval (in whole units) a withheld cell's derivable interval must reach: [need_low, need_high].

    A primary cell (sensitive in itself) must reach both ends: 10 % below and above its value (a count at
    least one below and above, a sum at least a cent), and for money the largest contribution / dominance
    above. A secondary cell could have been published (it is withheld to protect others), so it must only not
    be given away: one unit away on either side."""
    if why != "primary":
        return max(0, value - 1), value + 1
    margin = max(math.ceil(RANGE_SHARE * value), 1 if money else COUNT_RANGE)
    need_high = value + margin
    if money and top > 0:
        need_high = max(need_high, math.ceil(top / dominance))
    return max(0, value - margin), need_high


def required_range(system: LinkedSystem, i: int, why: str, dominance: float = DOMINANCE) -> tuple[int, int]:
    """`range_in_units` of cell i of the system."""
    return range_in_units(int(system.units[i]), int(system.top[i]), system.money, why, dominance)


def _components(matrix: sparse.csr_array, variables: np.ndarray) -> list[np.ndarray]:
    """Withheld cells that share an equation, transitively: each group is solved on its own."""
    sub = matrix[:, variables]
    incidence = (sub != 0).astype(np.int8)
    links = (incidence.T @ incidence).tocsr()
    count, labels = connected_components(links, directed=False)
    return [variables[labels == n] for n in range(count)]


def highs_model(columns: sparse.csc_array, cost: np.ndarray, lower: np.ndarray, upper: np.ndarray,
                rhs: np.ndarray, integer: bool = False, **options):
    """A quiet HiGHS solver holding: minimise cost @ x, columns @ x = rhs, lower <= x <= upper (inf: no bound),
    every x whole with `integer`; `options` are HiGHS's (simplex_strategy=4, ...)."""
    import highspy

    lp = highspy.HighsLp()
    lp.num_row_, lp.num_col_ = columns.shape
    lp.col_cost_ = np.asarray(cost, dtype=float)
    lp.col_lower_, lp.col_upper_ = np.asarray(lower, dtype=float), np.asarray(upper, dtype=float)
    lp.row_lower_ = lp.row_upper_ = np.asarray(rhs, dtype=float)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_ = columns.indptr, columns.indices, columns.data
    if integer:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * columns.shape[1]
    solver = highspy.Highs()
    solver.setOptionValue("output_flag", False)
    for name, value in options.items():
        solver.setOptionValue(name, value)
    solver.passModel(lp)
    return solver


def _group_equations(system: LinkedSystem, withheld: np.ndarray, group: np.ndarray) -> tuple[sparse.csc_array,
                                                                                             np.ndarray]:
    """The equations a group of withheld cells is in, as (their columns for the group's cells, the right-hand
    side once the published cells are moved there)."""
    matrix = system.equations
    rows = matrix[np.flatnonzero(np.abs(matrix[:, group]).sum(axis=1) > 0)]
    published = ~withheld
    rhs = -(rows[:, np.flatnonzero(published)] @ system.units[published]).astype(float)
    return sparse.csc_array(rows[:, group].astype(float)), rhs


class _Model:
    """One HiGHS model of a group of withheld cells: the equations they are in, published cells moved to the
    right-hand side, each cell >= 0. Questions change only bounds and objective, so the simplex restarts from
    the last basis: a few iterations a question instead of a solve from scratch."""

    def __init__(self, system: LinkedSystem, withheld: np.ndarray, group: np.ndarray):
        import highspy

        self.hs = highspy
        self.made_from = (system, withheld, group)
        columns, rhs = _group_equations(system, withheld, group)
        # The primal simplex: a new question changes only the objective, which keeps the last basis primal
        # feasible (10 % faster than the dual simplex on the audit of the 3,000-person demo's revenue).
        self.solver = highs_model(columns, np.zeros(group.size), np.zeros(group.size),
                                  np.full(group.size, highspy.kHighsInf), rhs, simplex_strategy=4)
        self.size = int(group.size)
        self.cost = np.zeros(group.size)  # the objective HiGHS holds now
        self.true = system.units[group].astype(float)
        self.fixed = np.zeros(group.size, dtype=bool)
        self.lower, self.upper = np.zeros(group.size), np.full(group.size, math.inf)
        # Solutions known to meet the model as it stands (found with as many cells fixed or more): `reach`
        # settles every cell one of them takes to its target without a question. `seen`, when a list, collects
        # the solutions found meanwhile, to be hints where fewer cells are fixed.
        self.hints: list[np.ndarray] = []
        self.seen: list[np.ndarray] | None = None

    def _bounds(self, cells: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> None:
        if cells.size:
            inf = self.hs.kHighsInf
            self.solver.changeColsBounds(int(cells.size), cells.astype(np.int32), lower.astype(float),
                                         np.where(np.isinf(upper), inf, upper).astype(float))

    def fix(self, cells: np.ndarray) -> None:
        """What an insider knows: these cells at their true values."""
        self.fixed[cells] = True
        self._bounds(cells, self.true[cells], self.true[cells])

    def free(self, cells: np.ndarray) -> None:
        self.fixed[cells] = False
        self._bounds(cells, np.zeros(cells.size), np.full(cells.size, math.inf))

    def _solve(self, cost: np.ndarray, joint: bool = False) -> tuple[str, np.ndarray | None]:
        """Minimise cost @ x: ("optimal", x) or ("unbounded", None); ("infeasible", None) only for a `joint`
        question, whose caps can exclude every solution when the true values are not one."""
        hs = self.hs
        self._cost(cost)
        self.solver.run()
        status = self.solver.getModelStatus()
        if status not in (hs.HighsModelStatus.kOptimal, hs.HighsModelStatus.kUnbounded,
                          hs.HighsModelStatus.kUnboundedOrInfeasible):
            self.solver.clearSolver()  # a warm start can end undecided ("Unknown"): solve afresh
            self.solver.run()
            status = self.solver.getModelStatus()
        if status == hs.HighsModelStatus.kOptimal:
            x = np.asarray(self.solver.getSolution().col_value)
            if self.seen is not None:
                self.seen.append(x)
            return "optimal", x
        if joint and status in (hs.HighsModelStatus.kInfeasible, hs.HighsModelStatus.kUnboundedOrInfeasible):
            return "infeasible", None
        if status in (hs.HighsModelStatus.kUnbounded, hs.HighsModelStatus.kUnboundedOrInfeasible):
            return "unbounded", None
        raise RuntimeError(f"HiGHS could not bound a withheld cell: {self.solver.modelStatusToString(status)}")

    def reach(self, cells: np.ndarray, target: np.ndarray, up: bool) -> np.ndarray:
        """For each of `cells` (none fixed): how far towards `target` (above its value when `up`, else below) a
        reader can take it: the bound itself where the target is out of reach, the target (or beyond) where a
        solution reaches it.

        First a few joint questions: take all unsettled cells towards their targets at once, each capped at its
        target, so that one solution settles many; then one question per cell left, each solution again
        settling any other cell it happens to reach. The true values are a solution too: they settle any cell
        whose target they meet."""
        best = self.true[cells].copy()
        sign = 1.0 if up else -1.0
        tolerance = _noise(np.where(np.isfinite(target), target, 0.0))
        settled = sign * (best - target) >= -tolerance
        finite = np.isfinite(target)
        scale = 1.0 / np.maximum(1.0, np.abs(np.where(finite, target, 0.0) - best))
        for x in self.hints:
            hit = ~settled & (sign * (x[cells] - target) >= -tolerance)
            best[hit] = target[hit]
            settled |= hit
        while not (settled | ~finite).all():
            open_ = np.flatnonzero(~settled & finite)
            where = cells[open_]
            if up:
                self._bounds(where, np.zeros(where.size), target[open_])
            else:
                self._bounds(where, target[open_], np.full(where.size, math.inf))
            cost = np.zeros(self.size)
            # A cell asked alone has weight 1: HiGHS takes a cost under its tolerance (1e-7) for none, and
            # 1 / distance is that small for a sum of millions in cents (it then answered the cell's own value as
            # its bound, below). Several cells keep their weights: one too small to count is not reached and
            # asked alone after (weighing them all up to 1 made the audit a third slower).
            cost[where] = -sign * (scale[open_] if open_.size > 1 else 1.0)
            status, x = self._solve(cost, joint=True)
            self._bounds(where, np.zeros(where.size), np.full(where.size, math.inf))
            if status != "optimal":  # caps that exclude every solution ("unbounded or infeasible" to presolve)
                break
            reached = ~settled & (sign * (x[cells] - target) >= -tolerance)
            if open_.size == 1 and not reached.any():
                # One cell asked alone, its cap not met: its value is as far as it goes, the bound itself.
                best[open_] = x[where]
                settled[open_] = True
                break
            if not reached.any():
                break
            best = np.where(reached, target, best)
            settled |= reached
        for n in np.flatnonzero(~settled):
            if settled[n]:
                continue
            cost = np.zeros(self.size)
            cost[cells[n]] = -sign
            status, x = self._solve(cost)
            settled[n] = True
            if status == "unbounded":
                best[n] = sign * math.inf
                continue
            best[n] = x[cells[n]]
            reached = ~settled & (sign * (x[cells] - target) >= -tolerance)
            best = np.where(reached, target, best)
            settled |= reached
        self._cost(np.zeros(self.size))
        return best

    def bound_ranges_meet(self, cells: np.ndarray, need_low: np.ndarray, need_high: np.ndarray,
                          either: np.ndarray) -> np.ndarray:
        """For fixed `cells`: whether some solution is known to take each to its range, the other fixed cells
        as they are. HiGHS's bound ranging, for a basis feasible now (solved with no objective, so any feasible
        basis is optimal), gives how far a fixed cell's value can move either way with that basis still
        feasible: a solution for every value in between. Only a sufficient test: False says nothing."""
        met = np.zeros(cells.size, dtype=bool)
        if not cells.size:
            return met
        status, _ = self._solve(np.zeros(self.size), joint=True)
        if status != "optimal":
            return met
        ranged, ranging = self.solver.getRanging()
        if ranged != self.hs.HighsStatus.kOk or not ranging.valid:
            return met
        high = np.asarray(ranging.col_bound_up.value_)[cells]
        low = np.asarray(ranging.col_bound_dn.value_)[cells]
        tolerance = _noise(need_high)
        low_met, high_met = low <= need_low + tolerance, high >= need_high - tolerance
        return self.fixed[cells] & np.where(either, low_met | high_met, low_met & high_met)

    def copy(self, fixed: np.ndarray) -> _Model:
        """The same model afresh, with `fixed` fixed."""
        other = _Model(*self.made_from)
        other.fix(fixed)
        return other

    def _cost(self, cost: np.ndarray) -> None:
        """Set the objective, passing HiGHS only the coefficients that change (a question names a few cells)."""
        changed = np.flatnonzero(cost != self.cost).astype(np.int32)
        if changed.size:
            self.solver.changeColsCost(int(changed.size), changed, cost[changed].astype(float))
            self.cost = cost.astype(float)

    def short(self, cells: np.ndarray, need_low: np.ndarray, need_high: np.ndarray, either: np.ndarray):
        """(low, high, failing) for `cells`: how far down and up a reader can take each towards its range, and
        whether it falls short of it (of either end; for a cell marked `either`, of both). A cell marked
        `either` whose lower end reaches its range cannot fail: its upper end is not asked (high is inf), as
        nothing reads the ends of a cell that does not fail."""
        tolerance = _noise(need_high)
        low = self.reach(cells, need_low.astype(float), up=False)
        low_short = low > need_low + tolerance
        high = np.full(cells.size, math.inf)
        asked = ~either | low_short
        if asked.any():
            high[asked] = self.reach(cells[asked], need_high[asked].astype(float), up=True)
        high_short = high < need_high - tolerance
        return low, high, np.where(either, low_short & high_short, low_short | high_short)

    def interval(self, cells: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The exact [low, high] of each of `cells`."""
        low = self.reach(cells, np.full(cells.size, -math.inf), up=False)
        high = self.reach(cells, np.full(cells.size, math.inf), up=True)
        return low, high


class _Copies:
    """A model and its copies, one per thread: `run` asks each task (a function of a model) of some copy,
    several at once, and gives back their answers in the order of the tasks. A task leaves its copy as it found
    it (what it fixes it frees)."""

    def __init__(self, model: _Model):
        self.first = model
        self.fixed = np.flatnonzero(model.fixed)  # as each task leaves its copy (the first is in use meanwhile)
        self.idle: queue.SimpleQueue[_Model] = queue.SimpleQueue()
        self.idle.put(model)

    def _call(self, task):
        try:
            model = self.idle.get_nowait()
        except queue.Empty:
            model = self.first.copy(self.fixed)
        try:
            return task(model)
        finally:
            self.idle.put(model)

    def run(self, tasks: Sequence[Callable[[_Model], object]]) -> list:
        if len(tasks) < 2 or WORKERS < 2:
            return [task(self.first) for task in tasks]
        with ThreadPoolExecutor(WORKERS) as pool:
            return list(pool.map(self._call, tasks))


def _mask(system: LinkedSystem, withheld) -> np.ndarray:
    at = system.index()
    mask = np.zeros(len(system.keys), dtype=bool)
    for key in withheld:
        mask[at[key]] = True
    return mask


def intervals(system: LinkedSystem, withheld, levels: Collection[str] | None = None) -> dict[LinkedKey, tuple[float, float]]:
    """For each withheld key (of `levels`, default all), the [low, high] (euros or counts; high may be inf) a
    reader derives from every published cell of every level together."""
    mask = _mask(system, withheld)
    out: dict[LinkedKey, tuple[float, float]] = {}
    variables = np.flatnonzero(mask)
    if variables.size == 0:
        return out
    for group in _components(system.equations, variables):
        wanted = np.array([levels is None or system.keys[g][0] in levels for g in group], dtype=bool)
        if not wanted.any():
            continue
        cells = np.flatnonzero(wanted)
        low, high = _Model(system, mask, group).interval(cells)
        low, high = _snap(low), _snap(high)
        for n, g in enumerate(group[cells]):
            out[system.keys[g]] = (float(low[n]) / system.per_unit, float(high[n]) / system.per_unit)
    return out


def _snap(units: np.ndarray) -> np.ndarray:
    """Solver noise off whole units (the bounds are whole units wherever the equations allow)."""
    finite = np.where(np.isfinite(units), units, 0.0)
    whole = np.round(finite)
    return np.where(np.isfinite(units) & (np.abs(finite - whole) <= 1e-6 * np.maximum(1.0, np.abs(finite))),
                    whole, units)


HINTS = 8  # solutions handed from the test with every insider known to the groups: the latest


class _Nearest:
    """The model of a group with each insider's cell's move from its true value priced: the solution that takes a
    cell to an end of its range moving insiders' cells the least. An insider it leaves unmoved cannot exclude it,
    so every such insider is cleared for that end at once."""

    def __init__(self, model: _Model, insider_cells: np.ndarray):
        import highspy

        self.hs = highspy
        columns, rhs = _group_equations(*model.made_from)
        size, k = model.size, insider_cells.size
        self.size, self.cells, self.true = size, insider_cells, model.true
        pick = sparse.csr_array((np.ones(k), (np.arange(k), insider_cells)), shape=(k, size))
        identity = sparse.identity(k, format="csr")
        block = sparse.vstack([sparse.hstack([columns, sparse.csr_array((columns.shape[0], 2 * k))]),
                               sparse.hstack([pick, -identity, identity])]).tocsc()
        scale = 1.0 / np.maximum(1.0, self.true[insider_cells])  # a move weighed against the cell's value
        self.price = np.concatenate([scale, scale])
        self.solver = highs_model(block, np.concatenate([np.zeros(size), self.price]), np.zeros(size + 2 * k),
                                  np.full(size + 2 * k, highspy.kHighsInf), np.concatenate([rhs, self.true[insider_cells]]))
        self.slot = np.full(size, -1, dtype=np.int64)
        self.slot[insider_cells] = np.arange(k)

    def moved(self, cell: int, target: float, up: bool, free: np.ndarray) -> np.ndarray | None:
        """The insiders' cells a solution taking `cell` to `target` moves, those of `free` moved at no price;
        None where no solution reaches the target."""
        k = self.cells.size
        slots = self.slot[free]
        slots = slots[slots >= 0]
        columns = np.concatenate([self.size + slots, self.size + k + slots]).astype(np.int32)
        if columns.size:
            self.solver.changeColsCost(columns.size, columns, np.zeros(columns.size))
        inf = self.hs.kHighsInf
        self.solver.changeColsBounds(1, np.array([cell], dtype=np.int32), np.array([target if up else 0.0]),
                                     np.array([inf if up else target]))
        self.solver.run()
        status = self.solver.getModelStatus()
        x = np.asarray(self.solver.getSolution().col_value) if status == self.hs.HighsModelStatus.kOptimal else None
        self.solver.changeColsBounds(1, np.array([cell], dtype=np.int32), np.zeros(1), np.array([inf]))
        if columns.size:
            self.solver.changeColsCost(columns.size, columns, self.price[np.concatenate([slots, k + slots])])
        if x is None:
            return None
        move = x[self.size:self.size + k] + x[self.size + k:]
        return self.cells[move > _noise(self.true[self.cells])]


def _insider_search(copies: _Copies, classes: Sequence[np.ndarray], covering: Sequence[np.ndarray],
                    suspects: np.ndarray, need_low: np.ndarray, need_high: np.ndarray,
                    either: np.ndarray) -> list[tuple[int, int, float, float]]:
    """(cell, insider class, low, high) for every suspect cell that some insider on their own narrows below its
    range, in the order of the insiders, then of the suspects. An insider's own cells are not tested against
    them (they know those), nor the cells their own cells lie in (`covering`: a total they contribute to, which
    they can bound below by their own share; the dominance rule's upper end is what protects such a cell from
    its largest contributor).

    Each suspect end by end. First the solution that takes the cell to the end moving insiders' cells the least
    (`_Nearest`): every insider it leaves unmoved is cleared at once. The few it moves are then tested together,
    their cells all known: knowing more only narrows, so a set that still lets the cell reach its end clears
    all its insiders, and only a set that does not is split in two. A cell of a dominance rule (`either`) fails
    for an insider only when both ends do, so its upper end is asked only of those its lower end failed for.
    The suspects are shared among WORKERS threads, each with its own copy of the models; the verdicts are the
    linear programs' optima, whatever a copy solved before."""
    if not classes or not suspects.size:
        return []
    owner = np.full(copies.first.size, -1, dtype=np.int64)
    for c, cells in enumerate(classes):
        owner[cells] = c
    exempt: dict[int, set[int]] = {}
    for c in range(len(classes)):
        for j in np.concatenate([classes[c], covering[c]]).tolist():
            exempt.setdefault(j, set()).add(c)

    def blocked(model: _Model, nearest: _Nearest, j: int, target: float, up: bool,
                candidates: list[int]) -> dict[int, float]:
        """Those of `candidates` whose cells known keep cell j short of `target`, with how far j then goes (None:
        not asked, as no solution reaches the target whoever knows what)."""
        others = set(range(len(classes))) - set(candidates)
        free = np.concatenate([np.zeros(0, dtype=np.int64), *(classes[c] for c in sorted(others))])
        moved = nearest.moved(j, target, up, free)
        if moved is None:
            return dict.fromkeys(candidates)
        pending = set(candidates) & set(owner[moved].tolist())  # only the insiders it moves are in doubt
        stack = [sorted(pending)] if pending else []
        tolerance = float(_noise(target))
        out: dict[int, float] = {}
        while stack:
            group = [c for c in stack.pop() if c in pending]
            if not group:
                continue
            known = np.concatenate([classes[c] for c in group])
            model.fix(known)
            model.seen = seen = []
            value = float(model.reach(np.array([j]), np.array([target]), up)[0])
            model.seen = None
            model.free(known)
            if (value >= target - tolerance) if up else (value <= target + tolerance):
                pending -= set(group)
                if seen:  # the solution reached also clears every insider it leaves unmoved
                    moves = np.abs(seen[-1] - model.true) > _noise(model.true)
                    pending = {c for c in pending if moves[classes[c]].any()}
            elif len(group) == 1:
                out[group[0]] = value
                pending.discard(group[0])
            else:
                middle = len(group) // 2
                stack.extend([group[middle:], group[:middle]])
        return out

    def one(model: _Model, nearest: _Nearest, j: int) -> list[tuple[int, int, float, float]]:
        candidates = [c for c in range(len(classes)) if c not in exempt.get(j, ())]
        if not candidates:
            return []
        low = blocked(model, nearest, j, float(need_low[j]), False, candidates)
        if either[j]:
            high = blocked(model, nearest, j, float(need_high[j]), True, sorted(low)) if low else {}
            pairs = {c: (low[c], high[c]) for c in high}
        else:
            high = blocked(model, nearest, j, float(need_high[j]), True, candidates)
            pairs = {c: (low.get(c, float(need_low[j])), high.get(c, math.inf)) for c in {*low, *high}}
        for c, (low_c, high_c) in list(pairs.items()):
            if low_c is None or high_c is None:  # an end nobody reaches: how far it goes with this insider's known
                model.fix(classes[c])
                ends = [model.reach(np.array([j]), np.array([float(need)]), up)[0] if known is None else known
                        for known, need, up in ((low_c, need_low[j], False), (high_c, need_high[j], True))]
                model.free(classes[c])
                pairs[c] = (float(ends[0]), float(ends[1]))
        return [(j, c, low_c, high_c) for c, (low_c, high_c) in pairs.items()]

    def lane(model: _Model, mine: list[int]) -> list[tuple[int, int, float, float]]:
        nearest = _Nearest(model, np.flatnonzero(owner >= 0))
        return [finding for j in mine for finding in one(model, nearest, j)]

    order = suspects.tolist()
    parts = copies.run([partial(lane, mine=order[n::WORKERS]) for n in range(WORKERS)])
    rank = {j: n for n, j in enumerate(order)}
    return sorted((finding for part in parts for finding in part), key=lambda f: (f[1], rank[f[0]]))


def person_labels(system: LinkedSystem) -> np.ndarray:
    """A label per cell: one-person cells inside one another (a month's inside its row total, its quarter's, ...)
    are the same person and share it."""
    single = system.persons == 1
    n = len(system.keys)
    pairs = system.within[single[system.within[:, 0]] & single[system.within[:, 1]]]
    graph = sparse.coo_array((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
    return connected_components(graph, directed=False)[1]


def insider_classes(system: LinkedSystem, cells: np.ndarray) -> list[np.ndarray]:
    """The one-person cells among `cells`, grouped by person: a one-person cell inside another one-person cell
    (a month's inside its row total, its quarter's, ...) is the same person, who knows both."""
    single = system.persons == 1
    label = person_labels(system)
    mine = cells[single[cells]]
    groups: dict[int, list[int]] = {}
    for n in np.argsort(mine, kind="stable"):
        groups.setdefault(int(label[mine[n]]), []).append(int(n))
    return [np.flatnonzero(np.isin(cells, mine[members])) for members in groups.values()]


def _covering(system: LinkedSystem, group: np.ndarray, classes: Sequence[np.ndarray]) -> list[np.ndarray]:
    """For each insider class (local indices into group), the cells of group its cells lie in, transitively."""
    containers: dict[int, list[int]] = {}
    for inner, outer in system.within.tolist():
        containers.setdefault(inner, []).append(outer)
    out = []
    for members in classes:
        seen: set[int] = set()
        frontier = [int(group[m]) for m in members]
        while frontier:
            frontier = [o for c in frontier for o in containers.get(c, []) if o not in seen]
            seen.update(frontier)
        out.append(np.flatnonzero(np.isin(group, list(seen))))
    return out


def _needs(system: LinkedSystem, why: Mapping[int, str], cells: np.ndarray, dominance: float):
    pairs = [required_range(system, int(g), why[int(g)], dominance) for g in cells]
    return np.array([p[0] for p in pairs], dtype=float), np.array([p[1] for p in pairs], dtype=float)


def _others_known(model: _Model, known: np.ndarray, chunk: Sequence[tuple[np.ndarray, np.ndarray]],
                  ends: tuple[np.ndarray, np.ndarray, np.ndarray], hints: list[np.ndarray]) -> list[np.ndarray]:
    """For each (cells, their insiders' cells) of `chunk`: the cells that fall short of their range when every
    insider's cells but their own insiders' are known (`known`: every insider's cells). `hints`: solutions
    with every insider's cells known."""
    need_low, need_high, either = ends
    model.fix(known)
    model.hints = hints
    out = []
    for cells, mine in chunk:
        model.free(mine)
        out.append(cells[model.short(cells, need_low[cells], need_high[cells], either[cells])[2]])
        model.fix(mine)
    model.hints = []
    model.free(known)
    return out


def audit(system: LinkedSystem, withheld: Mapping[LinkedKey, str], dominance: float = DOMINANCE,
          insiders: bool = True, tested: np.ndarray | None = None, recheck: np.ndarray | None = None,
          skipped: list | None = None, outsiders_met: bool = False) -> list[Finding]:
    """Every withheld cell whose interval, from everything published in all levels together (and, with
    `insiders`, also from what a cell's single contributor knows), falls short of its protection range.

    The insiders are checked in two steps. First as if every one-person cell were known at once (a point
    that keeps them all at their values while taking another cell to its range serves every insider alike);
    only a cell that falls short then is checked again for each insider on their own, which is the rule.

    `tested` (indices into `system.keys`): only these withheld cells are tested, the others taken to pass.
    `protect` uses it for an outsider's audit after withholding more: published values become unknowns, so an
    outsider can only derive wider intervals, a cell that met its range meets it still, and only the cells
    withheld since and those found short need testing again.

    For insiders the same holds with one exception, which `recheck` and `skipped` cover. An insider knows the
    published cells and their own; withholding more takes published cells away and adds to an insider's own
    only cells that were published, so what any insider knows only shrinks, and a new insider (a newly withheld
    one-person cell) knows no more than everybody knew before. But an insider one of whose own cells falls short
    for an outsider is not searched at all (their cell is a finding already); once it no longer falls short, that
    insider is searched for the first time, and may narrow a cell that met its range before. So `skipped`
    (a list) receives the cells of every insider passed over this way, and a later call given them as `recheck`
    searches each component holding one of those insiders in whole. (tests/unit/test_linked.py checks the
    restricted verdicts against the whole audit's, insiders included.)

    `outsiders_met`: an outsiders' audit of this very pattern found nothing, so only the insiders are searched."""
    mask = _mask(system, withheld)
    at = system.index()
    why = {at[key]: reason for key, reason in withheld.items()}
    findings: list[Finding] = []
    variables = np.flatnonzero(mask)
    per_unit = system.per_unit

    def found(model_cells, group, low, high, need_low, need_high, failing, insider):
        for n in np.flatnonzero(failing):
            g = group[model_cells[n]]
            findings.append(Finding(system.keys[g], float(low[n]) / per_unit, float(high[n]) / per_unit,
                                    float(need_low[n]) / per_unit, float(need_high[n]) / per_unit, insider))

    for group in _components(system.equations, variables) if variables.size else []:
        whole = tested is None or (insiders and recheck is not None and bool(np.isin(group, recheck).any()))
        local = np.arange(group.size) if whole else np.flatnonzero(np.isin(group, tested))
        if not local.size:
            continue
        model = _Model(system, mask, group)
        need_low, need_high = _needs(system, why, group, dominance)
        either = np.array([why[int(g)] != "primary" for g in group], dtype=bool)
        if outsiders_met:
            short = np.zeros(local.size, dtype=bool)
        else:
            low, high, short = model.short(local, need_low[local], need_high[local], either[local])
            found(local, group, low, high, need_low[local], need_high[local], short, None)
        failing = np.zeros(group.size, dtype=bool)
        failing[local[short]] = True
        untested = np.ones(group.size, dtype=bool)
        untested[local] = False
        every_class = insider_classes(system, group) if insiders else []
        classes = [members for members in every_class if not failing[members].any()]
        if skipped is not None:
            skipped.extend(int(group[m]) for members in every_class if failing[members].any() for m in members)
        if not insiders or not classes:
            continue
        # First every insider's cells known at once; a cell that meets its range then (an insider's own cell:
        # with every other insider's known) meets it for each insider alone, and only the others are searched.
        covering = _covering(system, group, classes)
        related: dict[int, list[int]] = {}  # cell -> the insiders it is one of, or lies in the cells of
        for c, cells in enumerate(classes):
            for j in np.concatenate([cells, covering[c]]).tolist():
                related.setdefault(j, []).append(c)
        known = np.concatenate(classes)
        model.fix(known)
        # A cell that is no insider's own (a total some insiders' cells lie in) is tested with every insider's
        # cells known, theirs too: if it meets its range then, it meets it for each insider alone.
        own = np.zeros(group.size, dtype=bool)
        own[known] = True
        related_cells = np.array(sorted(related), dtype=np.int64)
        rest = np.setdiff1d(local[~short], related_cells[own[related_cells]])
        model.seen = hints = []  # solutions with every insider's cells known: they meet every model below
        short_now = rest[model.short(rest, need_low[rest], need_high[rest], either[rest])[2]]
        model.seen = None
        suspects = [np.setdiff1d(short_now, related_cells)]
        passed_known = np.zeros(group.size, dtype=bool)
        passed_known[np.setdiff1d(rest, short_now)] = True
        # An insider's own cell whose value the simplex basis of this model (every insider known) takes to its
        # range with every other cell known as it is: met with everybody else's cells known, so met for each.
        own_cells = np.flatnonzero(own & ~failing & ~untested)
        passed_known[own_cells[model.bound_ranges_meet(own_cells, need_low[own_cells], need_high[own_cells],
                                                      either[own_cells])]] = True
        # An insider's own cell, and a total that fell short above, is tested with every other insider's cells
        # known: if it meets its range then, no single insider narrows it (and its own insiders are exempt,
        # see _insider_search).
        by_insiders: dict[tuple[int, ...], list[int]] = {}
        for j, cs in related.items():
            if not failing[j] and not untested[j] and not passed_known[j]:
                by_insiders.setdefault(tuple(sorted(set(cs))), []).append(j)
        model.free(known)
        groups = sorted(by_insiders.items())
        copies = _Copies(model)
        ends = (need_low, need_high, either)
        chunks = [[(np.array(sorted(cells), dtype=np.int64), np.concatenate([classes[c] for c in cs]))
                   for cs, cells in groups[n::WORKERS]] for n in range(WORKERS)]  # each thread every other group
        for found_here in copies.run([partial(_others_known, known=known, chunk=chunk, ends=ends,
                                              hints=hints[-HINTS:]) for chunk in chunks]):
            suspects.extend(found_here)
        suspects = np.unique(np.concatenate(suspects))
        for j, c, low_j, high_j in _insider_search(copies, classes, covering, suspects, need_low, need_high, either):
            findings.append(Finding(system.keys[group[j]], low_j / per_unit, high_j / per_unit,
                                    need_low[j] / per_unit, need_high[j] / per_unit,
                                    system.keys[group[classes[c][0]]]))
    return findings


def from_pattern(levels: Mapping[str, Table], parent: Callable[[str, str], str],
                 statuses: Mapping[str, Mapping[tuple[str, str], str]]) -> dict[str, Protected]:
    """The result `protect` gave for these tables, rebuilt from its statuses (a pattern kept in the store):
    the same statuses, the intervals worked out again when first read."""
    system = linked_system(levels, parent)
    final = {(level, row, column): why for level, status in statuses.items()
             for (row, column), why in status.items() if why != PUBLISHED_STATUS}
    return {level: Protected(table, dict(statuses[level]), _LazyIntervals(system, final, level))
            for level, table in levels.items()}


# --- protection ------------------------------------------------------------------------------------------------------

MARGIN_COST, LEVEL_COST = 1, 1  # a total costs readers more than a cell, and a coarser period more than a finer one


def _reading_cost(system: LinkedSystem, levels: Sequence[str]) -> np.ndarray:
    """What losing a cell costs readers, beyond its size: 0 for a finest-level inner cell, more for each total
    it is (row, column) and each level coarser (they are what most readers read)."""
    level_of = {level: n for n, level in enumerate(levels)}
    margin = np.array([(row == TOTAL) + (column == TOTAL) for _, row, column in system.keys])
    level = np.array([level_of[key[0]] for key in system.keys])
    return MARGIN_COST * margin + LEVEL_COST * level


def _rank(system: LinkedSystem, levels: Sequence[str]) -> np.ndarray:
    """Dense cost rank of withholding each cell (0 cheapest): non-empty before empty (a withheld zero protects
    little: a reader often knows a month had nobody), cells before totals, months before quarters before years,
    small before large; ties by position, so that the choice is deterministic."""
    empty = system.persons == 0
    order = np.lexsort((np.arange(len(system.keys)), system.units, _reading_cost(system, levels), empty))
    rank = np.empty(order.size, dtype=np.int64)
    rank[order] = np.arange(order.size)
    return rank


def _weights(system: LinkedSystem, levels: Sequence[str]) -> np.ndarray:
    """What losing a cell's value costs readers, per unit: totals and coarser periods more (they are what most
    readers read). The exact model (optimal.py) weighs a withheld cell's value by it."""
    return 1.0 + _reading_cost(system, levels)


def _move_costs(system: LinkedSystem, levels: Sequence[str]) -> np.ndarray:
    """What moving a published cell by one unit costs in the repair: `_weights`, times the square root of the
    cell's value against a typical cell's (plus one typical cell, so that empty and tiny cells are not free). A
    solution moves the cells of a cycle by about the same amount, so a cycle through large cells costs more: the
    repair no longer takes a region's total over all years (three copies, one per period) where a few months will
    do. (Moves weighed alike whatever the value withheld five times the value at 20,000 persons once insiders'
    secondary cells were held to their range. In proportion to the value rather than its square root: the same
    patterns at 3,000 and 20,000 persons, and 11 % more value by quarter at 1,000,000.)"""
    units = system.units.astype(float)
    filled = units[units > 0]
    typical = float(np.median(filled)) if filled.size else 1.0
    return _weights(system, levels) * np.sqrt((units + typical) / typical)


def _published_point(system: LinkedSystem, finding: Finding, cell: int, stay: np.ndarray,
                     pointless: np.ndarray) -> bool:
    """Whether a finding is of a cell that the published cells alone pin to its true value (not an insider's
    finding, not a cell of `stay`, not published as a point before)."""
    if finding.insider is not None or stay[cell] or pointless[cell]:
        return False
    value = float(system.units[cell])
    low, high = finding.low * system.per_unit, finding.high * system.per_unit
    return bool(abs(low - value) <= _noise(value) and abs(high - value) <= _noise(value))


def _complete(rows: sparse.csr_array, rank: np.ndarray, withheld: np.ndarray,
              avoid: np.ndarray | None = None) -> None:
    """Withhold the cheapest other cell of every equation that holds exactly one withheld cell (it would equal
    the published rest), until none does; a cell of `avoid` only where the equation has no other."""
    while True:
        counts = rows @ withheld.astype(np.int64)
        lonely = np.flatnonzero(counts == 1)
        if lonely.size == 0:
            return
        for e in lonely:
            members = rows.indices[rows.indptr[e]:rows.indptr[e + 1]]
            if withheld[members].sum() != 1:
                continue  # an earlier pick this pass already completed it
            free = members[~withheld[members]]
            if avoid is not None and (~avoid[free]).any():
                free = free[~avoid[free]]
            withheld[free[np.argmin(rank[free])]] = True


class _LazyIntervals(Mapping):
    """A level's withheld cells -> [low, high], worked out when first read (a page's protection audit, `stats
    --json`): the linear programs cost more than the protection itself, and writing the files needs none."""

    def __init__(self, system: LinkedSystem, withheld: Mapping[LinkedKey, str], level: str):
        self._system, self._withheld, self._level = system, withheld, level
        self._keys = [(row, column) for lvl, row, column in withheld if lvl == level]
        self._found: dict | None = None

    def _all(self) -> dict:
        if self._found is None:
            bounds = intervals(self._system, self._withheld, [self._level])
            self._found = {(row, column): bounds[self._level, row, column] for row, column in self._keys}
        return self._found

    def __getitem__(self, key):
        return self._all()[key]

    def __iter__(self):
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


class _Repair:
    """Which published cells to withhold so that one cell gains the room it lacks: the cells that a cheapest
    solution of all the equations moves, when published cells may move at a cost and the cell is taken to its
    target (the attacker's problem with the published values let go; τ-ARGUS's optimal method solves the same
    question for all cells at once). Withholding the moved cells makes that solution one a reader cannot
    exclude, so the cell then reaches its target.

    The unknowns are each cell's move up and down from its true value (the true values meet the equations, so
    the moves must too); a move down is at most the value, as no cell goes below zero. (Asking a cell's own
    year first, the other years held, was tried: no faster once the question was this small, and it withheld
    more where a year can only be balanced by another.)"""

    def __init__(self, system: LinkedSystem, weights: np.ndarray):
        import highspy

        self.hs = highspy
        n = len(system.keys)
        self.n, self.true = n, system.units.astype(float)
        moves = sparse.hstack([system.equations, -system.equations]).astype(float).tocsc()
        # No presolve: the moves all at zero are a solution to start from, and presolving the whole system
        # first cost more than it saved (the repair at 3,000 persons 0.43 s -> 0.32 s without it).
        self.solver = highs_model(moves, np.concatenate([weights, weights]), np.zeros(2 * n),
                                  np.concatenate([np.full(n, highspy.kHighsInf), self.true]), np.zeros(moves.shape[0]),
                                  presolve="off")
        self.free = np.zeros(n, dtype=bool)

    def _set(self, columns, lower, upper) -> None:
        columns = np.asarray(columns, dtype=np.int32)
        upper = np.where(np.isinf(upper), self.hs.kHighsInf, upper)
        self.solver.changeColsBounds(columns.size, columns, np.asarray(lower, float), np.asarray(upper, float))

    def withhold(self, withheld: np.ndarray) -> None:
        """Withheld cells (a mask over the system's cells) move at no cost."""
        new = np.flatnonzero(withheld & ~self.free)
        if new.size:
            self.free[new] = True
            both = np.concatenate([new, self.n + new]).astype(np.int32)
            self.solver.changeColsCost(both.size, both, np.zeros(both.size))

    def cells(self, cell: int, target: float, up: bool, known: np.ndarray) -> np.ndarray | None:
        """Published cells to withhold so that `cell` can reach `target`, an insider knowing `known`; None where no
        solution reaches it."""
        n = self.n
        if known.size:  # what the insider knows does not move
            self._set(np.concatenate([known, n + known]), np.zeros(2 * known.size), np.zeros(2 * known.size))
        if up:  # at least this far up, and not down
            self._set([cell, n + cell], [max(0.0, target - self.true[cell]), 0.0], [math.inf, 0.0])
        else:  # at least this far down, and not up
            self._set([cell, n + cell], [0.0, max(0.0, self.true[cell] - target)], [0.0, self.true[cell]])
        self.solver.run()
        status = self.solver.getModelStatus()
        solution = np.asarray(self.solver.getSolution().col_value) if status == self.hs.HighsModelStatus.kOptimal \
            else None
        self._set([cell, n + cell], [0.0, 0.0], [math.inf, self.true[cell]])
        if known.size:
            self._set(np.concatenate([known, n + known]), np.zeros(2 * known.size),
                      np.concatenate([np.full(known.size, math.inf), self.true[known]]))
        if solution is None:
            return None
        moved = solution[:n] + solution[n:]
        return np.flatnonzero(~self.free & (moved > 1e-7))  # a unit's move may be spread in fractions


def _repair_lane(repair: _Repair, questions: Sequence[tuple[int, float, bool, np.ndarray]],
                 withheld: np.ndarray) -> np.ndarray:
    """The published cells one repair model adds for its lane of findings, in order: (cell, target, up, known)
    each. Cells added for a finding are free for the lane's later ones: one cell withheld serves several."""
    repair.withhold(withheld)
    added = np.zeros(withheld.size, dtype=bool)
    for cell, target, up, known in questions:
        moved = repair.cells(cell, target, up, known)
        if moved is not None:
            added[moved] = True
            repair.withhold(added)
    return np.flatnonzero(added)


def protect(levels: Mapping[str, Table], parent: Callable[[str, str], str], k: int = K,
            dominance: float = DOMINANCE, insiders: bool = True,
            anchor: Collection[LinkedKey] = ()) -> dict[str, Protected]:
    """One pattern for the tables of `levels` (finest first), published together: each table's own pattern
    (`disclosure.protect`'s lines, its own audit left to this one), then further cells withheld until `audit` of
    all of them together finds no withheld cell short of its range, for an outsider and for every insider.
    Deterministic. (A secondary cell found pinned by the published cells alone is published instead: a reader
    has its value already.)

    A table whose own pattern already meets the standard is left as it was. The base audit (cheap) runs after
    every change; the insiders' (dearer) only once it is clean. The intervals a reader derives are worked out
    when first read (`_LazyIntervals`).

    `anchor`: cells withheld from the start besides each table's own pattern (an earlier day's cells of periods
    now past, see counting.LAST_SQL; keys not in these tables are ignored). They are secondary unless today's
    own pattern makes them primary, and the audit tests them as every other: an anchor can withhold more, never
    let a cell through short of its range."""
    names = list(levels)
    own = {level: protect_table(table, k=k, dominance=dominance, audited=False) for level, table in levels.items()}
    system = linked_system(levels, parent)
    at = system.index()
    first = np.zeros(len(system.keys), dtype=bool)
    withheld = np.zeros(len(system.keys), dtype=bool)
    for level, protected in own.items():
        for (row, column), why in protected.status.items():
            withheld[at[level, row, column]] = why != PUBLISHED_STATUS
            first[at[level, row, column]] = why == PRIMARY
    kept = np.zeros(len(system.keys), dtype=bool)  # the anchor's cells stay withheld, even as a point
    for key in anchor:
        if (i := at.get(key)) is not None:
            withheld[i] = kept[i] = True
    rows = system.equations.astype(bool).astype(np.int8).tocsr()
    rank = _rank(system, names)
    costs = _move_costs(system, names)
    repairs = [_Repair(system, costs)]  # one per lane of questions (threads), made when first needed
    check_insiders = outsiders_met = False
    passed = np.zeros(len(system.keys), dtype=bool)  # met its range in an earlier round (outsiders, then insiders)
    pointless = np.zeros(len(system.keys), dtype=bool)  # published as a point (see below): not chosen again
    skipped: list[int] = []  # the cells of insiders the last insiders' audit passed over (see `audit`)
    while True:
        _complete(rows, rank, withheld, pointless)
        why = {system.keys[i]: (PRIMARY if first[i] else SECONDARY) for i in np.flatnonzero(withheld)}
        # Each audit tests only the cells withheld since and those found short (see `audit`, `tested`); the
        # first insiders' audit tests every cell, later ones also the components of insiders passed over.
        tested = np.flatnonzero(withheld & ~passed)
        recheck, skipped = np.array(skipped, dtype=np.int64), []
        findings = audit(system, why, dominance, insiders=check_insiders, tested=tested, recheck=recheck,
                         skipped=skipped, outsiders_met=outsiders_met)
        outsiders_met = False
        passed[tested] = True
        passed[[at[f.key] for f in findings]] = False
        if not findings:
            if check_insiders or not insiders:
                break
            check_insiders = outsiders_met = True  # as the outsiders' audit just found: insiders only
            passed[:] = False  # the first insiders' audit tests every cell
            continue
        # A secondary cell that everything published pins to its value protects nothing: a reader has it
        # already, so publishing it changes no interval (for an insider either, who knows more). It is published
        # (once: a later repair may withhold it again, and then it stays), instead of withholding more around it;
        # not a cell of the anchor, whose files of past periods keep it withheld.
        points = [f for f in findings if _published_point(system, f, at[f.key], first | kept, pointless)]
        for finding in points:
            withheld[at[finding.key]] = False
            pointless[at[finding.key]] = True
        findings = [f for f in findings if withheld[at[f.key]]]  # those not just published
        if not findings:
            continue
        now = np.flatnonzero(withheld)
        classes = {system.keys[m]: now[members] for members in insider_classes(system, now) for m in now[members]}
        by_reader: dict = {}  # an insider's findings stay in one lane: cells added for one serve the others
        for finding in sorted(findings, key=lambda f: at[f.key]):
            up = finding.high < finding.need_high - 1e-9  # else its lower end is short
            target = (finding.need_high if up else finding.need_low) * system.per_unit
            known = classes.get(finding.insider, np.zeros(0, dtype=np.int64))  # an outsider's (None) knows none
            by_reader.setdefault(finding.insider or at[finding.key], []).append((at[finding.key], target, up, known))
        lanes: list[list] = [[] for _ in range(min(WORKERS, len(by_reader)))]
        for questions in sorted(by_reader.values(), key=lambda q: (-len(q), q[0][0])):
            min(lanes, key=len).extend(questions)
        if len(repairs) < len(lanes):
            repairs.extend(_Repair(system, costs) for _ in range(len(lanes) - len(repairs)))
        with ThreadPoolExecutor(len(lanes)) as pool:
            answers = list(pool.map(partial(_repair_lane, withheld=withheld), repairs[:len(lanes)], lanes))
        added = np.zeros(len(system.keys), dtype=bool)
        for moved in answers:
            added[moved] = True
        if not added.any():
            raise RuntimeError("no published cell left to withhold, yet the audit finds a cell short of its range")
        withheld |= added
    final = {system.keys[i]: (PRIMARY if first[i] else SECONDARY) for i in np.flatnonzero(withheld)}
    out = {}
    for level, table in levels.items():
        status = {(row, column): final.get((level, row, column), PUBLISHED_STATUS)
                  for (row, column) in own[level].status}
        out[level] = Protected(table, status, _LazyIntervals(system, final, level))
    return out
