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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from .disclosure import TOTAL, Protected, Table, input_cell

RANGE_SHARE = 0.10  # the interval must reach 10 % below and above the true value
COUNT_RANGE = 1  # and for a count at least one person below and above
DOMINANCE = 0.85

LinkedKey = tuple[str, str, str]  # (level, row, column); row or column may be TOTAL


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
    return LinkedSystem(tuple(keys), units, persons, top, matrix, per_unit, first.money)


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


def required_range(system: LinkedSystem, i: int, why: str, dominance: float = DOMINANCE) -> tuple[int, int]:
    """The interval (in units) a withheld cell's derivable interval must reach: [need_low, need_high]."""
    value = int(system.units[i])
    margin = math.ceil(RANGE_SHARE * value)
    if not system.money:
        margin = max(margin, COUNT_RANGE)
    else:
        margin = max(margin, 1)  # at least a cent: a point is not protection
    need_high = value + margin
    if system.money and why == "primary" and system.top[i] > 0:
        need_high = max(need_high, math.ceil(system.top[i] / dominance))
    return max(0, value - margin), need_high


def _components(matrix: sparse.csr_array, variables: np.ndarray) -> list[np.ndarray]:
    """Withheld cells that share an equation, transitively: each group is solved on its own."""
    sub = matrix[:, variables]
    incidence = (sub != 0).astype(np.int8)
    links = (incidence.T @ incidence).tocsr()
    count, labels = connected_components(links, directed=False)
    return [variables[labels == n] for n in range(count)]


def _bounds(system: LinkedSystem, withheld: np.ndarray, group: np.ndarray,
            views: Sequence[Mapping[int, int]]) -> list[tuple[np.ndarray, np.ndarray]]:
    """[low, high] in units for each cell of `group` (withheld cells), once per view: from the published cells
    and, for an insider, their own cell's value (a view maps a cell to the value it is fixed at).

    One HiGHS model per group; each bound changes only the objective, so the simplex restarts from the last
    basis (a few iterations instead of a solve from scratch: some forty times faster than one linprog each)."""
    import highspy

    matrix = system.equations
    involved = np.flatnonzero(np.abs(matrix[:, group]).sum(axis=1) > 0)
    rows = matrix[involved]
    published = ~withheld
    rhs = -(rows[:, np.flatnonzero(published)] @ system.units[published]).astype(float)
    columns = sparse.csc_array(rows[:, group].astype(float))
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = int(group.size), int(involved.size)
    lp.col_cost_ = np.zeros(group.size)
    lp.col_lower_, lp.col_upper_ = np.zeros(group.size), np.full(group.size, highspy.kHighsInf)
    lp.row_lower_ = lp.row_upper_ = rhs
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_, lp.a_matrix_.index_ = columns.indptr, columns.indices
    lp.a_matrix_.value_ = columns.data
    solver = highspy.Highs()
    solver.setOptionValue("output_flag", False)
    solver.passModel(lp)
    position = {int(g): n for n, g in enumerate(group)}
    decided = (highspy.HighsModelStatus.kOptimal, highspy.HighsModelStatus.kUnbounded,
               highspy.HighsModelStatus.kUnboundedOrInfeasible)
    out = []
    for fixed in views:
        for g, value in fixed.items():
            solver.changeColBounds(position[g], float(value), float(value))
        low, high = np.zeros(group.size), np.zeros(group.size)
        for n in range(group.size):
            for sense, bound in ((1.0, low), (-1.0, high)):
                solver.changeColCost(n, sense)
                solver.run()
                status = solver.getModelStatus()
                if status not in decided:  # a warm start can end undecided ("Unknown"): solve afresh
                    solver.clearSolver()
                    solver.run()
                    status = solver.getModelStatus()
                if status == highspy.HighsModelStatus.kOptimal:
                    bound[n] = solver.getSolution().col_value[n]
                elif sense < 0 and status in (highspy.HighsModelStatus.kUnbounded,
                                              highspy.HighsModelStatus.kUnboundedOrInfeasible):
                    bound[n] = math.inf
                else:
                    raise RuntimeError(f"HiGHS could not bound a withheld cell: {solver.modelStatusToString(status)}")
                solver.changeColCost(n, 0.0)
        for g in fixed:
            solver.changeColBounds(position[g], 0.0, highspy.kHighsInf)
        out.append((low, high))
    return out


def _mask(system: LinkedSystem, withheld) -> np.ndarray:
    at = system.index()
    mask = np.zeros(len(system.keys), dtype=bool)
    for key in withheld:
        mask[at[key]] = True
    return mask


def intervals(system: LinkedSystem, withheld) -> dict[LinkedKey, tuple[float, float]]:
    """For each withheld key, the [low, high] (euros or counts; high may be inf) a reader derives from every
    published cell of every level together."""
    mask = _mask(system, withheld)
    out: dict[LinkedKey, tuple[float, float]] = {}
    variables = np.flatnonzero(mask)
    if variables.size == 0:
        return out
    for group in _components(system.equations, variables):
        ((low, high),) = _bounds(system, mask, group, [{}])
        for n, g in enumerate(group):
            out[system.keys[g]] = (float(low[n]) / system.per_unit, float(high[n]) / system.per_unit)
    return out


def audit(system: LinkedSystem, withheld: Mapping[LinkedKey, str], dominance: float = DOMINANCE,
          insiders: bool = True) -> list[Finding]:
    """Every withheld cell whose interval, from everything published in all levels together (and, with
    `insiders`, also from what a cell's single contributor knows), falls short of its protection range."""
    mask = _mask(system, withheld)
    at = system.index()
    why = {at[key]: reason for key, reason in withheld.items()}
    findings: list[Finding] = []
    variables = np.flatnonzero(mask)
    if variables.size == 0:
        return findings
    per_unit = system.per_unit
    for group in _components(system.equations, variables):
        views: list[tuple[LinkedKey | None, dict[int, int]]] = [(None, {})]
        if insiders:
            views += [(system.keys[g], {int(g): int(system.units[g])}) for g in group if system.persons[g] == 1]
        solved = _bounds(system, mask, group, [fixed for _, fixed in views])
        for (insider, fixed), (low, high) in zip(views, solved, strict=True):
            for n, g in enumerate(group):
                if int(g) in fixed:
                    continue
                need_low, need_high = required_range(system, int(g), why[int(g)], dominance)
                eps = 1e-6 * max(1.0, abs(need_high))
                if low[n] > need_low + eps or high[n] < need_high - eps:
                    findings.append(Finding(system.keys[g], low[n] / per_unit, high[n] / per_unit,
                                            need_low / per_unit, need_high / per_unit, insider))
    return findings
