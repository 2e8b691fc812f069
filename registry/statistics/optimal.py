"""The least withheld value that passes our whole audit (issue #25): an exact model, to measure `linked.protect`'s
heuristic against. Not used to publish: it is a yardstick for small tables (bench/bench_sdc.py, the tests).

The model is the classic one for cell suppression (Fischetti and Salazar-González), solved by constraint
generation. A master MIP (HiGHS) chooses which cells to withhold, y_i in {0, 1}, at least cost (each cell's value
in whole units, plus one thousandth so that, between patterns of equal value, fewer cells win), with every
sensitive cell withheld. Its pattern is audited (`linked.audit`: all levels together, outsiders and insiders); for
every finding a cut is added and the master solved again, until the audit is clean. The pattern is then optimal:
every cut only removes patterns that fail the audit too.

The cut for a withheld cell j short of its range, for an attacker who knows the published cells (and an insider's
own cells): the linear program that takes j towards the short end gives a dual certificate of that end, in which a
known cell i has the reduced cost d_i. Withholding a cell with d_i = 0 leaves the certificate as it is, so j stays
short while no known cell with d_i != 0 is withheld: sum of y_i over those cells >= 1 (for a complement j, which a
pattern may also publish instead: + (1 - y_j)). An insider's own cells are known whether withheld or not, so they
do not count; a one-person cell of the insider's person that is published now counts (withholding it could make j
the insider's own cell's container, which the audit does not test against them). A complement must not be a point,
so both of its ends must be short for it to fail: its cut counts the cells of both certificates.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from .disclosure import DOMINANCE, PRIMARY, PUBLISHED, SECONDARY, K, Table, primary
from .linked import LinkedSystem, _weights, audit, highs_model, linked_system, person_labels

TINY = 1e-3  # a withheld cell's cost beyond its value: fewer cells between patterns of equal value


@dataclass(frozen=True)
class Optimum:
    status: dict[str, dict[tuple[str, str], str]]  # level -> (row, column) -> published | primary | secondary
    value: float  # the withheld value of the pattern, all levels, in whole units (persons, counts or cents)
    optimal: bool  # False: stopped at the round or time limit (the last pattern need not pass the audit)
    rounds: int
    cuts: int
    seconds: float

    def withheld(self) -> dict[tuple[str, str, str], str]:
        """(level, row, column) -> primary | secondary for every cell the pattern withholds."""
        return {(level, row, column): why for level, cells in self.status.items()
                for (row, column), why in cells.items() if why != PUBLISHED}


def weighted_cost(system: LinkedSystem, levels: list[str], withheld) -> float:
    """The withheld value of `withheld` (keys), each cell's counted as many times over as `linked.protect`'s repair
    weighs it (a total twice, the grand total three times, a coarser period once more): what `optimal(weighted=True)`
    minimises, and what a pattern costs readers."""
    at, weights = system.index(), _weights(system, levels)
    return float(sum(system.units[at[key]] * weights[at[key]] for key in withheld))


class _Attacker:
    """The linear program of a reader over every cell: A x = 0, known cells fixed at their values, the rest >= 0."""

    def __init__(self, system: LinkedSystem):
        import highspy

        self.hs = highspy
        n, m = len(system.keys), system.equations.shape[0]
        self.solver = highs_model(sparse.csc_array(system.equations.astype(float)), np.zeros(n), np.zeros(n),
                                  np.full(n, highspy.kHighsInf), np.zeros(m))
        self.n, self.values = n, system.units.astype(float)

    def certificate(self, known: np.ndarray, cell: int, up: bool) -> np.ndarray | None:
        """The known cells whose reduced cost is not 0 in the optimum that takes `cell` up (or down); None when
        that end is not bounded (it cannot be short)."""
        n = self.n
        everything = np.arange(n, dtype=np.int32)
        lower = np.where(known, self.values, 0.0)
        upper = np.where(known, self.values, self.hs.kHighsInf)
        self.solver.changeColsBounds(n, everything, lower, upper)
        cost = np.zeros(n)
        cost[cell] = -1.0 if up else 1.0
        self.solver.changeColsCost(n, everything, cost)
        self.solver.run()
        status = self.solver.getModelStatus()
        if status != self.hs.HighsModelStatus.kOptimal:
            return None
        reduced = np.asarray(self.solver.getSolution().col_dual)
        return np.flatnonzero(known & (np.abs(reduced) > 1e-9))


class _Master:
    """min cost @ y over y in {0, 1}^n, sensitive cells fixed at 1, and the cuts added so far."""

    def __init__(self, cost: np.ndarray, forced: np.ndarray, allowed: np.ndarray):
        import highspy

        self.hs = highspy
        self.solver = highs_model(sparse.csc_array((0, cost.size)), cost, forced, allowed, np.zeros(0), integer=True,
                                  mip_rel_gap=0.0)
        self.cuts: set[tuple] = set()

    def cut(self, cells: np.ndarray, minus: int | None) -> bool:
        """sum(y[cells]) - y[minus] >= 0 when `minus` (a complement that may be published instead), else >= 1.
        False when the same cut is there already."""
        key = (tuple(sorted(set(cells.tolist()))), minus)
        if key in self.cuts:
            return False
        self.cuts.add(key)
        index = list(key[0]) + ([minus] if minus is not None else [])
        value = [1.0] * len(key[0]) + ([-1.0] if minus is not None else [])
        self.solver.addRow(0.0 if minus is not None else 1.0, self.hs.kHighsInf, len(index),
                           np.array(index, dtype=np.int32), np.array(value))
        return True

    def solve(self, time_limit: float) -> np.ndarray | None:
        self.solver.setOptionValue("time_limit", max(time_limit, 0.1))
        self.solver.run()
        if self.solver.getModelStatus() != self.hs.HighsModelStatus.kOptimal:
            return None
        return np.asarray(self.solver.getSolution().col_value) > 0.5


def optimal(levels: Mapping[str, Table], parent: Callable[[str, str], str], k: int = K,
            dominance: float = DOMINANCE, rounds: int = 500, seconds: float = 120.0, empty: bool = True,
            weighted: bool = False) -> Optimum:
    """The pattern of least withheld value for the tables of `levels` (as `linked.protect` takes them) that passes
    the whole audit; `optimal` False if `rounds` or `seconds` ran out first (or, without `empty`, no pattern
    passes). Without `empty`, no empty cell is withheld as a complement: it costs nothing, but a reader often
    knows that nobody was there (τ-ARGUS does not use empty cells either). With `weighted`, a cell's value counts
    as many times over as `linked.protect`'s repair weighs it (a total, a coarser period: what most readers read).
    `Optimum.value` is the withheld value all the same."""
    started = time.perf_counter()
    system = linked_system(levels, parent)
    at = system.index()
    n = len(system.keys)
    sensitive = np.zeros(n, dtype=bool)
    for level, table in levels.items():
        for row, column in primary(table, k, dominance):
            sensitive[at[level, row, column]] = True
    cost = system.units.astype(float) + TINY
    if weighted:
        cost = cost * _weights(system, list(levels))
    allowed = np.ones(n, dtype=bool) if empty else sensitive | (system.persons > 0)
    master, attacker = _Master(cost, sensitive, allowed), _Attacker(system)
    # The cuts every pattern needs, given from the start: a withheld cell alone in an equation is its other cells'
    # sum, a point, so each equation that holds one withheld cell holds another.
    equations = system.equations.tocsr()
    for e in range(equations.shape[0]):
        members = equations.indices[equations.indptr[e]:equations.indptr[e + 1]]
        for j in members:
            if sensitive[j] or allowed[j]:
                master.cut(members[members != j], None if sensitive[j] else int(j))
    labels = person_labels(system)
    single = system.persons == 1
    withheld = sensitive.copy()
    done = 0
    for done in range(1, rounds + 1):
        left = seconds - (time.perf_counter() - started)
        solution = master.solve(left)
        if solution is None:
            break
        withheld = solution | sensitive
        why = {system.keys[i]: PRIMARY if sensitive[i] else SECONDARY for i in np.flatnonzero(withheld)}
        findings = audit(system, why, dominance)
        if not findings:
            return _result(levels, system, withheld, sensitive, True, done, master, started)
        added = False
        for finding in findings:
            j = at[finding.key]
            known = ~withheld
            label_cells = np.zeros(n, dtype=bool)
            if finding.insider is not None:
                mine = single & (labels == labels[at[finding.insider]])
                known = known | (mine & withheld)
                label_cells = mine & ~withheld  # published cells of the same person: they count
            ends = []
            if finding.low > finding.need_low + 1e-9:
                ends.append(False)
            if finding.high < finding.need_high - 1e-9:
                ends.append(True)
            if sensitive[j]:
                ends = ends[:1]  # one end short is enough to fail
            if not ends:
                continue
            cells = [np.flatnonzero(label_cells)]
            for up in ends:
                found = attacker.certificate(known, j, up)
                if found is None:
                    break
                cells.append(found[~withheld[found]])  # an insider's own cells are known, withheld or not
            else:
                added |= master.cut(np.unique(np.concatenate(cells)), None if sensitive[j] else j)
        if not added or time.perf_counter() - started > seconds:
            break
    return _result(levels, system, withheld, sensitive, False, done, master, started)


def _result(levels, system: LinkedSystem, withheld: np.ndarray, sensitive: np.ndarray, optimal_: bool, rounds: int,
            master: _Master, started: float) -> Optimum:
    status = {level: {(row, column): (PRIMARY if sensitive[i] else SECONDARY) if withheld[i] else PUBLISHED
                      for i, (lvl, row, column) in enumerate(system.keys) if lvl == level}
              for level in levels}
    value = float(system.units[withheld].sum())
    return Optimum(status, value, optimal_, rounds, len(master.cuts), time.perf_counter() - started)

