"""Statistical disclosure control for two-way tables with margins: which cells a published table withholds.

A cell with fewer than k persons, or one where a single person supplies most of the money, says too much about
identifiable persons, so it is withheld (primary suppression). That alone is not enough: the row and column
totals let a reader subtract it back out, so complementary cells are withheld too (secondary suppression), and an
audit works out what a reader can still deduce from everything that is published.

The extended table has R+1 rows and C+1 columns; index R (row) and C (column) is the margin TOTAL. Each of its
rows and columns is a *line*: the cells of a line add up to the line's margin cell. With one node per line and
one arc per cell, the extended table is a circulation: interior cells and the grand total flow from their row to
their column, the other margin cells flow back. So the interval a reader can derive for a withheld cell is a
maximum-flow value over the withheld cells (published cells fix the node balances). `audit` has those maximum
flows computed by `registry.statistics.flows`, exactly, in whole units (persons or cents); `audit_lp` solves the same bounds
as one linear program per bound (HiGHS). Both give the same intervals; the flow version is used because it is
some seventy times faster (a 100 x 25 table: ~0.1 s instead of ~7 s), and the linear programs remain the
reference the tests compare against and the fallback for amounts beyond `flows.FLOW_MAX` whole cents.

This module is the rules: primary suppression, complementary suppression, `protect` (both, until the audit
finds nothing recoverable) and `audit`; the graph algorithms are in `registry.statistics.flows`.
"""

from __future__ import annotations

import heapq
import math
import warnings
from collections.abc import Collection, Iterable
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from ..errors import BadInput
from .flows import FLOW_MAX, bridges, components, flow_bounds, net_of, strong_labels

from .cells import (DOMINANCE, EMPTY, PRIMARY, PUBLISHED, SECONDARY, TOTAL, Cell, Interval, K, Key,  # noqa: F401
                    Protected, Table, input_cell)

_EPS = 1e-6  # float noise allowed around whole units when deciding whether an interval pins a value


# --- the table as arrays --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Grid:
    """The extended table as (R+1) x (C+1) arrays: the rules vectorise, and the audit needs whole units."""

    keys: tuple[tuple[Key, ...], ...]
    units: np.ndarray  # int64: persons/counts, or cents
    persons: np.ndarray  # int64
    top: np.ndarray  # float, euros
    values: np.ndarray  # float, as given
    per_unit: int  # 1 for counts, 100 (cents per euro) for money
    money: bool


def _labels(labels: tuple[str, ...], what: str) -> tuple[str, ...]:
    if not labels:
        raise BadInput(f"The table has no {what}s; give at least one {what} label.")
    if TOTAL in labels:
        raise BadInput(f"{what.capitalize()} label {TOTAL!r} is reserved for the margin; rename that {what}.")
    if len(set(labels)) != len(labels):
        raise BadInput(f"{what.capitalize()} labels repeat; give each {what} a distinct label.")
    return tuple(labels)


def _grid(table: Table) -> _Grid:
    rows, columns = _labels(table.rows, "row"), _labels(table.columns, "column")
    if set(table.row_totals) != set(rows) or set(table.column_totals) != set(columns):
        raise BadInput("Row and column totals must have exactly one entry per row and per column label.")
    unknown = [key for key in table.cells if key[0] not in rows or key[1] not in columns]
    if unknown:
        raise BadInput(f"Cell {unknown[0]!r} is not in the table's rows and columns; list its labels there.")
    keys = tuple(tuple((r, c) for c in (*columns, TOTAL)) for r in (*rows, TOTAL))
    cells = [[input_cell(table, key) for key in line] for line in keys]
    values = np.array([[cell.value for cell in line] for line in cells], dtype=float)
    persons = np.array([[cell.persons for cell in line] for line in cells], dtype=np.int64)
    top = np.array([[cell.top for cell in line] for line in cells], dtype=float)
    per_unit = 100 if table.money else 1
    units = _whole_units(values, per_unit)
    _check_cells(units, persons)
    _check_sums(units)
    return _Grid(keys, units, persons, top, values, per_unit, table.money)


def _whole_units(values: np.ndarray, per_unit: int) -> np.ndarray:
    """Values in whole units, so that the audit's arithmetic is exact (and its bounds are whole units too)."""
    scaled = values * per_unit
    units = np.rint(scaled)
    if not np.all(np.isfinite(scaled)) or np.any(np.abs(scaled - units) > 1e-6 * np.maximum(1.0, np.abs(scaled))):
        raise BadInput("Cell values must be whole counts (or whole cents in a money table); round them first.")
    return units.astype(np.int64)


def _check_cells(units: np.ndarray, persons: np.ndarray) -> None:
    if np.any(units < 0) or np.any(persons < 0):
        raise BadInput("Cell values and person counts must not be negative.")
    if np.any((persons == 0) & (units != 0)):
        raise BadInput("A cell with no persons must have the value 0; check how the table was aggregated.")


def _check_sums(units: np.ndarray) -> None:
    """Every line must add up, or the audit would reason about a table that cannot exist."""
    rows_add_up = np.array_equal(units[:, :-1].sum(axis=1), units[:, -1])
    columns_add_up = np.array_equal(units[:-1, :].sum(axis=0), units[-1, :])
    if not (rows_add_up and columns_add_up):
        raise BadInput("The cells do not add up to the row and column totals; recompute the totals from the cells.")


def _cells(grid: _Grid, keys: Iterable[Key]) -> np.ndarray:
    """Positions (i, j) of keys, in row-major order (the order every array below uses)."""
    at = {key: (i, j) for i, line in enumerate(grid.keys) for j, key in enumerate(line)}
    try:
        positions = sorted({at[key] for key in keys})
    except KeyError as err:
        raise BadInput(f"Key {err.args[0]!r} is not a cell of the table.") from None
    return np.array(positions, dtype=np.int64).reshape(-1, 2)


# --- primary suppression ---------------------------------------------------------------------------------------


def _check_rule(k: int, dominance: float) -> None:
    if k < 1 or not 0 < dominance <= 1:
        raise BadInput("k must be at least 1 and dominance must be in (0, 1].")


def _sensitive(grid: _Grid, k: int, dominance: float) -> np.ndarray:
    """Few persons identify them; a dominant contributor can subtract the others' share and learn it."""
    _check_rule(k, dominance)
    sensitive = (grid.persons > 0) & (grid.persons < k)
    if grid.money:
        sensitive |= (grid.units > 0) & (grid.top > dominance * grid.values)
    return sensitive


def primary(table: Table, k: int = K, dominance: float = DOMINANCE) -> set[Key]:
    """Keys (interior and margin) that are sensitive in themselves; empty cells never are."""
    grid = _grid(table)
    return {grid.keys[i][j] for i, j in np.argwhere(_sensitive(grid, k, dominance))}


# --- secondary suppression ---------------------------------------------------------------------------------------


def _cost_rank(grid: _Grid) -> np.ndarray:
    """Dense rank of what withholding a cell costs: (class, value), cheapest 0; equal ranks go by position.

    Class 0 is a non-empty interior cell, 1 a non-empty margin (a lost total hurts readers more than a small cell),
    2 an empty interior cell and 3 an empty margin: a withheld zero protects little, since a reader often knows
    that a month or region had nobody, so zeros come last. The number of persons does not break ties: the
    statistics count a large cell's persons only as far as the rule needs (counting._order_tables), and the
    pattern must not depend on how far that was.
    """
    margin = np.zeros(grid.units.shape, dtype=np.int64)
    margin[-1, :] = margin[:, -1] = 1
    classes = margin + 2 * (grid.persons == 0)
    criteria = np.stack([classes.ravel(), grid.units.ravel()])
    order = np.lexsort(criteria[::-1])
    ordered = criteria[:, order]
    new = np.concatenate([[True], np.any(ordered[:, 1:] != ordered[:, :-1], axis=0)])
    rank = np.empty(order.size, dtype=np.int64)
    rank[order] = np.cumsum(new) - 1
    return rank.reshape(grid.units.shape)


def _other_line_rank(counts: np.ndarray) -> np.ndarray:
    """0 if the cell's other line needs a complement too (one cell fixes two lines), 1 if it already holds
    withheld cells, 2 if withholding the cell would make that line need a complement of its own."""
    return np.select([counts == 1, counts >= 2], [0, 1], 2)


def _cheapest_in_line(rank: np.ndarray, withheld: np.ndarray, row: int | None, column: int | None) -> tuple[int, int]:
    """The published cell of one line (a row, or a column) that is cheapest to withhold; ties by position."""
    if row is not None:
        costs = rank[row] * 3 + _other_line_rank(withheld.sum(axis=0))
        taken = withheld[row]
    else:
        costs = rank[:, column] * 3 + _other_line_rank(withheld.sum(axis=1))
        taken = withheld[:, column]
    position = int(np.argmin(np.where(taken, np.iinfo(np.int64).max, costs)))
    return (row, position) if row is not None else (position, column)


def _complete_lines(rank: np.ndarray, withheld: np.ndarray) -> None:
    """Withhold complements until no line holds exactly one withheld cell (it would equal its line's sum)."""
    in_row, in_column = withheld.sum(axis=1), withheld.sum(axis=0)
    needy = [(0, int(i)) for i in np.flatnonzero(in_row == 1)] + [(1, int(j)) for j in np.flatnonzero(in_column == 1)]
    heapq.heapify(needy)
    while needy:
        kind, line = heapq.heappop(needy)
        if (in_row if kind == 0 else in_column)[line] != 1:
            continue
        i, j = _cheapest_in_line(rank, withheld, line if kind == 0 else None, line if kind == 1 else None)
        withheld[i, j] = True
        in_row[i] += 1
        in_column[j] += 1
        if in_row[i] == 1:
            heapq.heappush(needy, (0, i))
        if in_column[j] == 1:
            heapq.heappush(needy, (1, j))


def _complement_near(rank: np.ndarray, withheld: np.ndarray, cell: tuple[int, int]) -> tuple[int, int]:
    """The cheapest published cell on the row or column of a cell the audit can pin down.

    If both lines are fully withheld, the cheapest published cell anywhere (there is one: a fully withheld
    table pins nothing, since every cell lies on a cycle with the grand total and can grow without bound).
    """
    i, j = cell
    in_row, in_column = withheld.sum(axis=1), withheld.sum(axis=0)
    along_row = [(rank[i, c] * 3 + _other_line_rank(in_column[c]), i, c) for c in np.flatnonzero(~withheld[i])]
    along_column = [(rank[r, j] * 3 + _other_line_rank(in_row[r]), r, j) for r in np.flatnonzero(~withheld[:, j])]
    candidates = along_row + along_column or [(rank[r, c] * 3, r, c) for r, c in np.argwhere(~withheld)]
    _, r, c = min(candidates)
    return int(r), int(c)


# --- the table as a network ---------------------------------------------------------------------------------------


def _arcs(shape: tuple[int, int], cells: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Tail and head node of each cell's arc; node i is row line i, node R+1+j is column line j.

    Interior cells and the grand total run row -> column, the other margin cells column -> row: then every
    node's inflow equals its outflow exactly when every line adds up.
    """
    last_row, last_column = shape[0] - 1, shape[1] - 1
    rows, columns = cells[:, 0], shape[0] + cells[:, 1]
    back = (cells[:, 0] == last_row) != (cells[:, 1] == last_column)
    return np.where(back, columns, rows), np.where(back, rows, columns)


def _pinned_cells(grid: _Grid, withheld: np.ndarray) -> list[tuple[int, int]]:
    """Withheld cells whose value a reader can compute exactly, found without solving for the intervals.

    Around the true values, a withheld cell can move only along cycles of withheld cells. A cell at 0 that lies
    on no cycle of the residual network (every arc forward, arcs above 0 also backward) is stuck at 0; among the
    others, a cell that lies on no cycle at all (a bridge) is fixed by the sums. Both are pinned; nothing else is.
    """
    cells = np.argwhere(withheld)
    if cells.size == 0:
        return []
    size = sum(withheld.shape)
    tails, heads = _arcs(withheld.shape, cells)
    flows = grid.units[withheld]
    positive = flows > 0
    labels = strong_labels(size, np.concatenate([tails, heads[positive]]), np.concatenate([heads, tails[positive]]))
    pinned = (flows == 0) & (labels[tails] != labels[heads])
    movable = np.flatnonzero(~pinned)
    pinned[movable[bridges(size, tails[movable], heads[movable])]] = True
    return [(int(i), int(j)) for i, j in cells[pinned]]


# --- the audit -------------------------------------------------------------------------------------------------------


def _signs(shape: tuple[int, int]) -> np.ndarray:
    """+1 where a cell adds to its lines' sums, -1 for the margin cell a line's cells add up to."""
    signs = np.ones(shape)
    signs[-1, :] = signs[:, -1] = -1
    signs[-1, -1] = 1
    return signs


# HiGHS's defaults first; on tens of millions of euros in cents they can end in status 4 ("Solve error"),
# where presolve off, and then the primal simplex (which detects an unbounded maximum), decide it.
_LP_ATTEMPTS = ({}, {"presolve": False}, {"presolve": False, "simplex_strategy": 4})


def _linprog(objective: np.ndarray, equations: sparse.csr_array, rhs: np.ndarray):
    from scipy.optimize import OptimizeWarning, linprog  # 0.4 s to import, and only the fallback of `_bounds` needs it

    for options in _LP_ATTEMPTS:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", OptimizeWarning)  # simplex_strategy goes to HiGHS verbatim
            result = linprog(objective, A_eq=equations, b_eq=rhs, bounds=(0, None), method="highs", options=options)
        if result.status != 4:
            break
    return result


def _lp_bounds(grid: _Grid, cells: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """[low, high] in whole units by linear programming: what a reader with an LP solver derives.

    Variables are the withheld cells (>= 0); each line holding one is an equation, published cells moved to the
    right-hand side; each cell is minimised and maximised. Optima are whole units (the line equations form a
    network matrix, so vertices are integral in the data's unit), hence the rounding of solver noise.
    """
    signs = _signs(grid.units.shape)
    published = np.ones(grid.units.shape, dtype=bool)
    published[cells[:, 0], cells[:, 1]] = False
    known = np.where(published, signs * grid.units, 0)
    lines = [("row", i) for i in np.unique(cells[:, 0])] + [("column", j) for j in np.unique(cells[:, 1])]
    where = {line: n for n, line in enumerate(lines)}
    variable = np.arange(len(cells))
    rows = np.concatenate([[where["row", i] for i in cells[:, 0]], [where["column", j] for j in cells[:, 1]]])
    coefficients = np.tile(signs[cells[:, 0], cells[:, 1]], 2)
    equations = sparse.csr_array((coefficients, (rows, np.tile(variable, 2))), shape=(len(lines), len(cells)))
    rhs = np.array([-(known[i, :] if kind == "row" else known[:, i]).sum() for kind, i in lines], dtype=float)
    low, high = np.zeros(len(cells)), np.zeros(len(cells))
    for n in variable:
        for sense, out in ((1.0, low), (-1.0, high)):
            objective = np.zeros(len(cells))
            objective[n] = sense
            result = _linprog(objective, equations, rhs)
            if result.status == 3:
                out[n] = math.inf
            elif result.status != 0:
                raise RuntimeError(f"HiGHS could not bound a withheld cell: {result.message}")
            else:
                out[n] = round(result.x[n])
    return low, high


def _bounds(grid: _Grid, cells: np.ndarray, *, lp: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """[low, high] in whole units per cell, solved one connected component at a time."""
    low, high = np.zeros(len(cells)), np.zeros(len(cells))
    if len(cells) == 0:
        return low, high
    size = sum(grid.units.shape)
    tails, heads = _arcs(grid.units.shape, cells)
    flows = grid.units[cells[:, 0], cells[:, 1]]
    by_flow = []
    for members in components(size, tails, heads):
        if lp or int(flows[members].sum()) + 1 > FLOW_MAX:
            low[members], high[members] = _lp_bounds(grid, cells[members])
        else:
            by_flow.append(net_of(members, tails, heads, flows))
    for net, (net_low, net_high) in zip(by_flow, flow_bounds(by_flow), strict=True):
        low[net.members], high[net.members] = net_low, net_high
    return low, high


def _intervals(grid: _Grid, cells: np.ndarray, low: np.ndarray, high: np.ndarray) -> dict[Key, Interval]:
    return {
        grid.keys[i][j]: (float(lo) / grid.per_unit, float(hi) / grid.per_unit)
        for (i, j), lo, hi in zip(cells.tolist(), low, high, strict=True)
    }


def audit(table: Table, withheld: Collection[Key]) -> dict[Key, Interval]:
    """For each withheld key, the [low, high] a reader derives from the published cells and the line sums."""
    grid = _grid(table)
    cells = _cells(grid, withheld)
    return _intervals(grid, cells, *_bounds(grid, cells))


def audit_lp(table: Table, withheld: Collection[Key]) -> dict[Key, Interval]:
    """The same intervals as `audit`, by linear programming (HiGHS): slower, kept as the independent reference."""
    grid = _grid(table)
    cells = _cells(grid, withheld)
    return _intervals(grid, cells, *_bounds(grid, cells, lp=True))


def recoverable(interval: Interval, money: bool) -> bool:
    """Whether an interval gives the value away: narrower than a cent, or holding a single whole count.

    A one-cent-wide interval such as [1.14, 1.15] leaves two possible values; in floats its width can come out
    as 0.00999..., so the cent test allows for that noise.
    """
    low, high = interval
    if math.isinf(high):
        return False
    if money:
        return high - low < 0.01 - _EPS
    return math.floor(high + _EPS) == math.ceil(low - _EPS)


# --- protect ---------------------------------------------------------------------------------------------------------


def protect(table: Table, k: int = K, dominance: float = DOMINANCE, audited: bool = True) -> Protected:
    """Withhold the sensitive cells, then complements until every line has 0 or >= 2 withheld cells and the audit
    pins down no withheld cell. Deterministic: the same table always gives the same result.

    Without `audited`, only the lines and the pinned cells the table's structure shows (`_pinned_cells`): the
    start of `linked.protect`, whose audit of all levels together holds this table's equations too, so it finds
    whatever this table's own audit would (and the maximum flows were a sixth of the revenue's protection at
    3,000 persons). The intervals are then not worked out (empty)."""
    grid = _grid(table)
    first = _sensitive(grid, k, dominance)
    withheld = first.copy()
    rank = _cost_rank(grid)
    _complete_lines(rank, withheld)
    while True:
        pinned = _pinned_cells(grid, withheld)
        if not pinned and not audited:
            intervals = {}
            break
        if not pinned:
            cells = np.argwhere(withheld)
            intervals = _intervals(grid, cells, *_bounds(grid, cells))
            pinned = [(int(i), int(j)) for i, j in cells if recoverable(intervals[grid.keys[i][j]], grid.money)]
            if not pinned:
                break
        withheld[_complement_near(rank, withheld, pinned[0])] = True
        _complete_lines(rank, withheld)
    status = np.where(first, PRIMARY, np.where(withheld, SECONDARY, PUBLISHED))
    keys = {key: str(status[i, j]) for i, line in enumerate(grid.keys) for j, key in enumerate(line)}
    return Protected(table, keys, intervals)
