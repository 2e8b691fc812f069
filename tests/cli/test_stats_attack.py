"""An attack on the published statistics files, as a reader with a linear-programming solver makes it.

`stats --out` writes each table by month, by quarter and by year (REGISTER.md sections 5 and 8). The reader here
sees only those CSV files: every published number, every `..`, and how the files add up (each row to its total,
each column to the totals row, a quarter's rows to the sum of its months', a year's to its quarters'). From those
equations alone, with its own linear programs (HiGHS, every withheld cell a non-negative unknown), it derives how
far down and up each withheld cell can be. Nothing of `registry.statistics.linked` (the register's own audit) is
used: the truth it is measured against (each cell's value, persons and largest contribution, and why it is
withheld) comes from the register's counting.

* An outsider: every cell withheld for its own sake reaches 10 % below and above its value (a count at least one
  below and above; a cell withheld by the dominance rule up to its largest contribution / 0.85), and no cell
  withheld to protect another is given away (a single value).
* An insider, a person who alone makes up withheld cells (a month, its quarter, its region's total...), knows their
  values: with them, each other withheld cell in the same lines as theirs (a row, a column, a quarter's months),
  that is not one of theirs or made of them, still meets the same ranges.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections import defaultdict
from datetime import date

import numpy as np
import pytest
from scipy import sparse

from registry.access import Actor
from registry.statistics.counting import statistics
from registry.statistics.disclosure import input_cell
from registry.store import db
from tests.cli.test_cli import ok
from tests.conftest import run_cli

TODAY = "2026-11-25"
PERIODS = ("month", "quarter", "year")
TOTAL = "total"
NOISE = 0.01  # of a unit (a cent, a person): what a solver's rounding may take off a bound


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """(files, truth) for a small register, where most cells are near k: files[(period, table)] is the CSV as rows,
    truth[(period, table, row, column)] = (units, persons, top units, why) of every withheld cell."""
    work = tmp_path_factory.mktemp("stats-attack")
    store = work / "registry.duckdb"
    ok(run_cli("demo", "--db", store, "--customers", 800, "--seed", 6, "--today", TODAY))
    files, truth = {}, {}
    for period in PERIODS:
        out = work / period
        ok(run_cli("stats", "--db", store, "--today", TODAY, "--out", out, "--period", period))
        index = json.loads((out / "tables.json").read_text(encoding="utf-8"))
        for entry in index:
            text = (out / entry["file"]).read_text(encoding="utf-8")
            files[period, table_name(entry["file"], period)] = list(csv.reader(io.StringIO(text)))
    with db.connect(store) as conn:
        for period in PERIODS:
            for stat in statistics(conn, Actor("check", "auditor"), date.fromisoformat(TODAY), period=period):
                per_unit = 100 if stat.table.money else 1
                for (row, column), why in stat.protected.status.items():
                    if why != "published":
                        cell = input_cell(stat.table, (row, column))
                        truth[period, table_name(stat.spec.file, period), row, column] = (
                            round(cell.value * per_unit), cell.persons, round(cell.top * per_unit), why)
    return files, truth


def table_name(file: str, period: str) -> str:
    """The table's name whatever its period: revenue_by_month_region.csv -> revenue_by_PERIOD_region."""
    return file.removesuffix(".csv").replace(f"_by_{period}", "_by_PERIOD")


def parent(label: str) -> str:
    """The quarter of a month (2015-06 -> 2015-Q2), the year of a quarter (2015-Q2 -> 2015)."""
    if "-Q" in label:
        return label.split("-")[0]
    year, month = label.split("-")
    return f"{year}-Q{(int(month) - 1) // 3 + 1}"


class Reader:
    """The published files as equations over their cells, and an LP over the withheld ones."""

    def __init__(self, files: dict, table: str):
        import highspy

        self.hs = highspy
        timed = "_by_PERIOD" in table
        self.levels = PERIODS if timed else ("month",)  # a table without periods is the same file thrice
        self.money, cells = False, {}
        for period in self.levels:
            rows = files[period, table]
            header = rows[0][1:]
            for line in rows[1:]:
                for column, text in zip(header, line[1:], strict=True):
                    key = (period, line[0], column)
                    cells[key] = text
                    if text != "..":
                        self.money |= "." in text
        per_unit = 100 if self.money else 1
        known = {key: round(float(text) * per_unit) for key, text in cells.items() if text != ".."}
        self.unknown = sorted(key for key, text in cells.items() if text == "..")
        self.at = {key: n for n, key in enumerate(self.unknown)}
        equations = []  # each: {key: coefficient}, summing to 0
        for period in self.levels:
            rows = files[period, table]
            header, labels = rows[0][1:], [line[0] for line in rows[1:]]
            for row in labels:
                equations.append({(period, row, TOTAL): 1, **{(period, row, c): -1 for c in header if c != TOTAL}})
            for column in header:
                equations.append({(period, TOTAL, column): 1,
                                  **{(period, r, column): -1 for r in labels if r != TOTAL}})
        if timed:
            for finer, coarser in (("month", "quarter"), ("quarter", "year")):
                fine_rows = [line[0] for line in files[finer, table][1:] if line[0] != TOTAL]
                for column in files[coarser, table][0][1:]:
                    for row in [line[0] for line in files[coarser, table][1:]]:
                        parts = [TOTAL] if row == TOTAL else [r for r in fine_rows if parent(r) == row]
                        equations.append({(coarser, row, column): 1, **{(finer, r, column): -1 for r in parts}})
        self.equations = equations
        matrix, rhs = sparse.lil_array((len(equations), len(self.unknown))), np.zeros(len(equations))
        for e, terms in enumerate(equations):
            for key, coefficient in terms.items():
                if key in self.at:
                    matrix[e, self.at[key]] = coefficient
                else:
                    rhs[e] -= coefficient * known.get(key, 0)  # a month with no row: nothing happened in it
        self.solver = self._model(matrix.tocsc(), rhs)

    def _model(self, matrix, rhs):
        hs = self.hs
        solver = hs.Highs()
        solver.setOptionValue("output_flag", False)
        solver.setOptionValue("presolve", "off")  # one LP asked many questions: warm from the last basis
        solver.setOptionValue("simplex_strategy", 4)  # a new objective leaves the last basis feasible: primal
        model = hs.HighsLp()
        n = matrix.shape[1]
        model.num_col_, model.num_row_ = n, matrix.shape[0]
        model.col_cost_, model.col_lower_ = np.zeros(n), np.zeros(n)
        model.col_upper_ = np.full(n, hs.kHighsInf)
        model.row_lower_ = model.row_upper_ = rhs
        model.a_matrix_.format_ = hs.MatrixFormat.kColwise
        model.a_matrix_.start_, model.a_matrix_.index_, model.a_matrix_.value_ = \
            matrix.indptr, matrix.indices, matrix.data.astype(float)
        solver.passModel(model)
        return solver

    def bound(self, key, up: bool) -> float:
        """How far up (or down) a reader can take the withheld cell `key`, in units."""
        solver, column = self.solver, self.at[key]
        n = len(self.unknown)
        cost = np.zeros(n)
        cost[column] = -1.0 if up else 1.0
        solver.changeColsCost(n, np.arange(n, dtype=np.int32), cost)
        solver.run()
        status = solver.getModelStatus()
        if status in (self.hs.HighsModelStatus.kUnbounded, self.hs.HighsModelStatus.kUnboundedOrInfeasible):
            return math.inf if up else 0.0
        assert status == self.hs.HighsModelStatus.kOptimal, solver.modelStatusToString(status)
        return float(solver.getSolution().col_value[column])

    def reaches(self, keys, targets, up: bool) -> np.ndarray:
        """Whether a reader can take each withheld cell of `keys` to its target (up: at least to it; else at most).
        First joint questions, each cell capped at its target and all pushed towards it: a cell the solution takes
        there does get there (the solution is one of the reader's); then one question per cell left."""
        columns = np.array([self.at[key] for key in keys], dtype=np.int32)
        targets = np.asarray(targets, dtype=float)
        reached = np.zeros(len(keys), dtype=bool)
        n, inf = len(self.unknown), self.hs.kHighsInf
        while not reached.all():
            open_ = np.flatnonzero(~reached)
            where = columns[open_]
            lower = np.zeros(where.size) if up else targets[open_]
            upper = targets[open_] if up else np.full(where.size, inf)
            self.solver.changeColsBounds(where.size, where, lower, upper)
            cost = np.zeros(n)
            cost[where] = -1.0 if up else 1.0
            self.solver.changeColsCost(n, np.arange(n, dtype=np.int32), cost)
            self.solver.run()
            assert self.solver.getModelStatus() == self.hs.HighsModelStatus.kOptimal  # the true values are one
            x = np.asarray(self.solver.getSolution().col_value)[where]
            self.solver.changeColsBounds(where.size, where, np.zeros(where.size), np.full(where.size, inf))
            newly = x >= targets[open_] - NOISE if up else x <= targets[open_] + NOISE
            if not newly.any():
                break
            reached[open_[newly]] = True
        for n_ in np.flatnonzero(~reached):
            bound = self.bound(keys[n_], up)
            reached[n_] = bound >= targets[n_] - NOISE if up else bound <= targets[n_] + NOISE
        return reached

    def know(self, keys, values) -> None:
        """An insider's cells: fixed at their values (or, with values None, free again)."""
        for key, value in zip(keys, values, strict=True):
            low, high = (0.0, self.hs.kHighsInf) if value is None else (float(value), float(value))
            self.solver.changeColBounds(self.at[key], low, high)

    def lines_of(self, keys) -> set:
        """The withheld cells that share an equation with any of `keys`."""
        keys = set(keys)
        return {key for terms in self.equations if keys & terms.keys() for key in terms if key in self.at}


def needed(money: bool, units: int, top: int, why: str) -> tuple[int, int, bool]:
    """(low, high, either): how far down and up a withheld cell's interval must reach (REGISTER.md section 5), and
    whether one end is enough: a cell withheld to protect another must only not be given away (a single value)."""
    if why == "secondary":
        return units - 1, units + 1, True
    margin = max(math.ceil(0.10 * units), 1)
    high = units + margin
    if money and top > 0.85 * units:  # withheld by the dominance rule
        high = max(high, math.ceil(top / 0.85))
    return max(0, units - margin), high, False


def findings(reader: Reader, keys: list, truth_of) -> list:
    """(cell, why, what the reader derives) of each of `keys` whose interval falls short; truth_of(key) gives
    (units, persons, top units, why)."""
    if not keys:
        return []
    needs = [needed(reader.money, units, top, why) for units, _, top, why in map(truth_of, keys)]
    down = reader.reaches(keys, [low for low, _, _ in needs], up=False)
    up = reader.reaches(keys, [high for _, high, _ in needs], up=True)
    short = []
    for n, key in enumerate(keys):
        low, high, either = needs[n]
        if not ((down[n] or up[n]) if either else (down[n] and up[n])):
            derived = (reader.bound(key, up=False), reader.bound(key, up=True))
            short.append((key, truth_of(key)[3], f"{derived} does not reach [{low}, {high}]"))
    return short


def tables_of(files):
    return sorted({table for _, table in files})


def contains(outer, inner) -> bool:
    """Whether cell `outer` is made of `inner`, among others (a total of it, its quarter, its year...)."""
    (p_out, r_out, c_out), (p_in, r_in, c_in) = outer, inner
    if outer == inner:
        return False
    if c_out not in (c_in, TOTAL):
        return False
    if r_out == TOTAL:
        return True
    order = {level: n for n, level in enumerate(PERIODS)}
    if r_in == TOTAL or order[p_out] < order[p_in]:
        return False
    row = r_in
    for _ in range(order[p_out] - order[p_in]):
        row = parent(row)
    return row == r_out


def test_an_outsider_with_every_file_derives_no_withheld_cell_within_its_range(published):
    files, truth = published
    short = []
    for table in tables_of(files):
        reader = Reader(files, table)
        short += findings(reader, reader.unknown, lambda key, table=table: truth[(key[0], table, *key[1:])])
    assert short == []
    assert sum(1 for key in truth if truth[key][3] == "primary") > 500  # the attack had much to try


def people(single) -> list[list]:
    """The one-person cells grouped by person: cells made of one another are the same person's."""
    person = {key: key for key in single}

    def find(key):
        while person[key] != key:
            key = person[key]
        return key

    for a in single:
        for b in single:
            if contains(a, b):
                person[find(b)] = find(a)
    cells_of = defaultdict(list)
    for key in single:
        cells_of[find(key)].append(key)
    return list(cells_of.values())


def test_an_insider_with_every_file_and_their_own_cells_derives_no_other_cell_within_its_range(published):
    files, truth = published
    short, insiders = [], 0
    for table in tables_of(files):
        reader = Reader(files, table)

        def truth_of(key, table=table):
            return truth[(key[0], table, *key[1:])]

        single = [key for key in reader.unknown if truth_of(key)[1] == 1]
        for own in people(single):
            insiders += 1
            reader.know(own, [truth_of(key)[0] for key in own])
            near = [key for key in sorted(reader.lines_of(own) - set(own))
                    if not any(contains(key, mine) for mine in own)]  # not made of their own: they know that part
            short += [(own, *finding) for finding in findings(reader, near, truth_of)]
            reader.know(own, [None] * len(own))
    assert short == []
    assert insiders > 100
