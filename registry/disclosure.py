"""Statistical disclosure control for two-way tables with margins: which cells a published table withholds.

A cell with fewer than k persons, or one where a single person supplies most of the money, says too much about
identifiable persons, so it is withheld (primary suppression). That alone is not enough: the row and column
totals let a reader subtract it back out, so complementary cells are withheld too (secondary suppression), and an
audit works out what a reader can still deduce from everything that is published.

The extended table has R+1 rows and C+1 columns; index R (row) and C (column) is the margin TOTAL. Each of its
rows and columns is a *line*: the cells of a line add up to the line's margin cell. With one node per line and
one arc per cell, the extended table is a circulation: interior cells and the grand total flow from their row to
their column, the other margin cells flow back. So the interval a reader can derive for a withheld cell is a
maximum-flow value over the withheld cells (published cells fix the node balances). `audit` computes those
maximum flows with `scipy.sparse.csgraph.maximum_flow`, exactly, in whole units (persons or cents); `audit_lp`
solves the same bounds as one linear program per bound (HiGHS). Both give the same intervals; the flow version is
used because it is some seventy times faster (a 100 x 25 table: ~0.1 s instead of ~7 s), and the linear
programs remain the reference the tests compare against and the fallback for amounts beyond 32-bit whole cents.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.optimize import linprog
from scipy.sparse.csgraph import connected_components, maximum_flow

from .errors import BadInput

TOTAL = "total"

Key = tuple[str, str]
Interval = tuple[float, float]

PUBLISHED, PRIMARY, SECONDARY = "published", "primary", "secondary"

# scipy's maximum_flow works in int32; larger capacities would silently wrap, so such components use the LP.
_INT32_MAX = 2**31 - 1
_FLOW_MAX = 2**40  # beyond this (11 billion euros in cents) a component goes to the LP; see _int64_max_flow
_EPS = 1e-6  # float noise allowed around whole units when deciding whether an interval pins a value


@dataclass(frozen=True)
class Cell:
    value: float  # count (int-valued) or euros (2 decimals)
    persons: int  # distinct persons contributing to the cell (0 for an empty cell)
    top: float = 0.0  # largest contribution of a single person to value (money tables only)


EMPTY = Cell(0, 0)


@dataclass(frozen=True)
class Table:
    rows: tuple[str, ...]  # row labels, in display order (no TOTAL)
    columns: tuple[str, ...]  # column labels, in display order (no TOTAL)
    cells: Mapping[Key, Cell]  # interior cells; a missing key is an empty cell
    row_totals: Mapping[str, Cell]  # persons = distinct persons in the row (may be < sum of cell persons)
    column_totals: Mapping[str, Cell]
    total: Cell
    money: bool = False  # euro tables: dominance rule applies and values are whole cents


@dataclass(frozen=True)
class Protected:
    table: Table
    status: Mapping[Key, str]  # every key incl. margins -> "published" | "primary" | "secondary"
    intervals: Mapping[Key, Interval]  # per withheld key: the reader's [low, high] (high may be math.inf)

    def withheld(self, key: Key) -> bool:
        return self.status[key] != PUBLISHED

    def value(self, key: Key) -> float | None:
        """The input value of a published cell; None when withheld, so a caller cannot show it by mistake."""
        if self.withheld(key):
            return None
        return float(_input_cell(self.table, key).value)


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


def _input_cell(table: Table, key: Key) -> Cell:
    row, column = key
    if row == TOTAL and column == TOTAL:
        return table.total
    if column == TOTAL:
        return table.row_totals[row]
    if row == TOTAL:
        return table.column_totals[column]
    return table.cells.get(key, EMPTY)


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
    cells = [[_input_cell(table, key) for key in line] for line in keys]
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


def primary(table: Table, k: int = 5, dominance: float = 0.85) -> set[Key]:
    """Keys (interior and margin) that are sensitive in themselves; empty cells never are."""
    grid = _grid(table)
    return {grid.keys[i][j] for i, j in np.argwhere(_sensitive(grid, k, dominance))}


# --- secondary suppression ---------------------------------------------------------------------------------------


def _cost_rank(grid: _Grid) -> np.ndarray:
    """Dense rank of what withholding a cell costs: (class, value, persons), cheapest 0.

    Class 0 is a non-empty interior cell, 1 a non-empty margin (a lost total hurts readers more than a small cell),
    2 an empty interior cell and 3 an empty margin: a withheld zero protects little, since a reader often knows
    that a month or region had nobody, so zeros come last.
    """
    margin = np.zeros(grid.units.shape, dtype=np.int64)
    margin[-1, :] = margin[:, -1] = 1
    classes = margin + 2 * (grid.persons == 0)
    criteria = np.stack([classes.ravel(), grid.units.ravel(), grid.persons.ravel()])
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


def _graph(size: int, tails: np.ndarray, heads: np.ndarray) -> sparse.csr_array:
    return sparse.csr_array((np.ones(tails.size, dtype=np.int8), (tails, heads)), shape=(size, size))


def _strong_labels(size: int, tails: np.ndarray, heads: np.ndarray) -> np.ndarray:
    return connected_components(_graph(size, tails, heads), directed=True, connection="strong")[1]


def _bridges(size: int, ends_a: np.ndarray, ends_b: np.ndarray) -> np.ndarray:
    """Which edges of an undirected simple graph lie on no cycle (Tarjan's low-link, iterative)."""
    neighbours: list[list[tuple[int, int]]] = [[] for _ in range(size)]
    for edge, (a, b) in enumerate(zip(ends_a.tolist(), ends_b.tolist(), strict=True)):
        neighbours[a].append((b, edge))
        neighbours[b].append((a, edge))
    order, low = [-1] * size, [0] * size
    bridge = np.zeros(len(ends_a), dtype=bool)
    counter = 0
    for root in range(size):
        if order[root] != -1 or not neighbours[root]:
            continue
        order[root] = low[root] = counter
        counter += 1
        stack = [(root, -1, iter(neighbours[root]))]
        while stack:
            node, via, pending = stack[-1]
            for nxt, edge in pending:
                if edge == via:
                    continue
                if order[nxt] == -1:
                    order[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append((nxt, edge, iter(neighbours[nxt])))
                    break
                low[node] = min(low[node], order[nxt])
            else:
                stack.pop()
                if stack:
                    parent = stack[-1][0]
                    low[parent] = min(low[parent], low[node])
                    bridge[via] = low[node] > order[parent]
    return bridge


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
    labels = _strong_labels(size, np.concatenate([tails, heads[positive]]), np.concatenate([heads, tails[positive]]))
    pinned = (flows == 0) & (labels[tails] != labels[heads])
    movable = np.flatnonzero(~pinned)
    pinned[movable[_bridges(size, tails[movable], heads[movable])]] = True
    return [(int(i), int(j)) for i, j in cells[pinned]]


# --- the audit -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Net:
    """One connected component of withheld cells, as arcs between local nodes with their true flows."""

    members: np.ndarray  # positions in the audited cell list
    tails: np.ndarray
    heads: np.ndarray
    flows: np.ndarray  # int64, whole units
    size: int

    @property
    def big(self) -> int:
        """Capacity standing in for 'unbounded': more than any cut of true flows can hold."""
        return int(self.flows.sum()) + 1


@dataclass(frozen=True)
class _Jobs:
    """Maximum flows to compute in copies of one net: from source to sink, optionally without one forward arc."""

    net: _Net
    arcs: np.ndarray  # the arc each copy is about
    sources: np.ndarray
    sinks: np.ndarray
    drop: np.ndarray  # forward arc removed in the copy, -1 for none
    limits: np.ndarray  # no answer above this is needed


def _components(size: int, tails: np.ndarray, heads: np.ndarray) -> list[np.ndarray]:
    """Withheld cells linked through shared lines; separate components are separate problems."""
    labels = connected_components(_graph(size, tails, heads), directed=False)[1][tails]
    order = np.argsort(labels, kind="stable")
    return np.split(order, np.flatnonzero(np.diff(labels[order])) + 1)


def _net(members: np.ndarray, tails: np.ndarray, heads: np.ndarray, flows: np.ndarray) -> _Net:
    nodes, local = np.unique(np.concatenate([tails[members], heads[members]]), return_inverse=True)
    count = members.size
    return _Net(members, local[:count], local[count:], flows[members], nodes.size)


def _block(net: _Net) -> tuple[sparse.csr_array, np.ndarray, np.ndarray, np.ndarray, int]:
    """The residual network of one net as a sorted CSR block, plus where its adjustable entries sit.

    Forward arcs have capacity `big` (a cell can grow), backward arcs the true flow (it can shrink to 0). Two
    extra local nodes s and x carry each copy's own source and sink: s -> every node and every node -> x exist
    with capacity 0 and are opened per copy, so all copies share one layout and the batch is built by tiling.
    Columns size+2 and size+3 stand for the global super source and super sink. Every entry's reverse is
    present too, so maximum_flow adds none and its flow matrix keeps this layout.
    """
    n, s, x = net.size, net.size, net.size + 1
    nodes = np.arange(n)
    rows = np.concatenate([net.tails, net.heads, np.full(n, s), nodes, nodes, np.full(n, x), [s, x]])
    cols = np.concatenate([net.heads, net.tails, nodes, np.full(n, s), np.full(n, x), nodes, [n + 2, n + 3]])
    data = np.concatenate([np.full(net.tails.size, net.big), net.flows, np.zeros(4 * n + 2, dtype=np.int64)])
    block = sparse.csr_array((data, (rows, cols)), shape=(n + 2, n + 4))
    block.sort_indices()
    keys = np.repeat(np.arange(n + 2), np.diff(block.indptr)) * (n + 4) + block.indices
    forward = np.searchsorted(keys, net.tails * (n + 4) + net.heads)
    opens_source = np.searchsorted(keys, s * (n + 4) + nodes)
    opens_sink = np.searchsorted(keys, nodes * (n + 4) + x)
    to_super_sink = int(np.searchsorted(keys, x * (n + 4) + n + 3))
    return block, forward, opens_source, opens_sink, to_super_sink


def _max_flows(batch: list[_Jobs]) -> tuple[list[np.ndarray], list[np.ndarray] | None]:
    """All jobs' maximum flows in one call to maximum_flow, on disjoint copies joined to a super source and sink.

    One call instead of one per bound: scipy's per-call overhead (~0.3 ms) dominates these small networks.
    Returns the flow values per job, and per job the net flow on every forward arc of each copy (None if
    scipy returned another layout).
    """
    blocks = [_block(jobs.net) for jobs in batch]
    copies = [jobs.arcs.size for jobs in batch]
    node_total = sum(k * (jobs.net.size + 2) for k, jobs in zip(copies, batch, strict=True))
    super_source, super_sink = node_total, node_total + 1
    indptr, indices, data, source_nodes, sink_nodes = [], [], [], [], []
    node_base = entry_base = 0
    for k, jobs, (block, forward, opens_source, opens_sink, to_super_sink) in zip(copies, batch, blocks, strict=True):
        width, entries = jobs.net.size + 2, block.indices.size
        nodes = node_base + width * np.arange(k)
        local = block.indices
        tiled = local[None, :] + nodes[:, None]
        tiled[:, local == width] = super_source
        tiled[:, local == width + 1] = super_sink
        capacities = np.tile(block.data, (k, 1))
        copy = np.arange(k)
        dropped = jobs.drop >= 0
        capacities[copy[dropped], forward[jobs.drop[dropped]]] = 0
        capacities[copy, opens_source[jobs.sources]] = jobs.limits
        capacities[copy, opens_sink[jobs.sinks]] = jobs.limits
        capacities[:, to_super_sink] = jobs.limits
        indptr.append((block.indptr[:-1][None, :] + (entry_base + entries * np.arange(k))[:, None]).ravel())
        indices.append(tiled.ravel())
        data.append(capacities.ravel())
        source_nodes.append(nodes + width - 2)
        sink_nodes.append(nodes + width - 1)
        node_base += k * width
        entry_base += k * entries
    source_nodes, sink_nodes = np.concatenate(source_nodes), np.concatenate(sink_nodes)
    limits = np.concatenate([jobs.limits for jobs in batch])
    total_copies = limits.size
    indptr.append(entry_base + np.array([0, total_copies, 2 * total_copies]))
    indices += [source_nodes, sink_nodes]
    data += [limits, np.zeros(total_copies, dtype=np.int64)]
    size = node_total + 2
    capacities = np.concatenate(data).astype(np.int64)
    indices, indptr = (np.concatenate(part).astype(np.int32) for part in (indices, indptr))
    per_copy = max(block.indices.size for block, *_rest in blocks)
    flows = _int64_max_flow(capacities, indices, indptr, size, super_source, super_sink, per_copy)
    if flows is None:  # scipy changed the layout; only the flow values are known
        if int(capacities.max(initial=0)) > _INT32_MAX:  # int32 would wrap silently: never answer wrongly
            raise RuntimeError("maximum_flow changed the graph's layout; capacities beyond int32 cannot be rerun")
        flow = maximum_flow(_csr(capacities, indices, indptr, size), super_source, super_sink).flow
        flows, indptr, indices = flow.data.astype(np.int64), flow.indptr, flow.indices
        laid_out = False
    else:
        laid_out = True
    out = slice(indptr[super_source], indptr[super_source + 1])
    by_copy = np.zeros(size, dtype=np.int64)
    by_copy[indices[out]] = flows[out]
    values = np.split(by_copy[source_nodes], np.cumsum(copies)[:-1])
    if not laid_out:
        return values, None
    pushed, entry_base = [], 0
    for k, (block, forward, *_rest) in zip(copies, blocks, strict=True):
        entries = block.indices.size
        pushed.append(flows[entry_base : entry_base + k * entries].reshape(k, entries)[:, forward])
        entry_base += k * entries
    return values, pushed


def _csr(data: np.ndarray, indices: np.ndarray, indptr: np.ndarray, size: int) -> sparse.csr_array:
    graph = sparse.csr_array((data.astype(np.int32), indices, indptr), shape=(size, size))
    graph.has_sorted_indices = True
    return graph


def _int64_max_flow(capacities: np.ndarray, indices: np.ndarray, indptr: np.ndarray, size: int, source: int,
                    sink: int, per_copy: int) -> np.ndarray | None:
    """The flow on every entry of a maximum flow, exact in int64 although scipy's maximum_flow is int32.

    Capacity scaling in two calls when capacities exceed int32 (sums of cents of a year's revenue do): first a
    maximum flow on the capacities shifted right by `shift` bits (scaled back, a feasible flow), then one on
    what is left. A scaled maximum flow leaves at most one unit of 2**shift per arc of a minimum cut
    unused, so no copy can carry more than per_copy * 2**shift more: capping the residual capacities there keeps
    the second call in int32 and its answer exact. None when scipy returns another layout (callers fall back).
    """
    top = int(capacities.max(initial=0))
    if top <= _INT32_MAX:
        flow = maximum_flow(_csr(capacities, indices, indptr, size), source, sink).flow
        if not (np.array_equal(flow.indptr, indptr) and np.array_equal(flow.indices, indices)):
            return None
        return flow.data.astype(np.int64)
    shift = max(0, top.bit_length() - 30)
    cap = per_copy << shift
    if cap > _INT32_MAX // 2:
        raise OverflowError("values too large for the flow audit")
    first = maximum_flow(_csr(capacities >> shift, indices, indptr, size), source, sink).flow
    if not (np.array_equal(first.indptr, indptr) and np.array_equal(first.indices, indices)):
        return None
    flows = first.data.astype(np.int64) << shift
    residual = np.minimum(capacities - flows, cap)
    second = maximum_flow(_csr(residual, indices, indptr, size), source, sink).flow
    if not (np.array_equal(second.indptr, indptr) and np.array_equal(second.indices, indices)):
        return None
    return flows + second.data.astype(np.int64)


def _maximise(net: _Net) -> _Jobs:
    """Copies that find each finite maximum: flow from the arc's head back to its tail."""
    labels = _strong_labels(net.size, net.tails, net.heads)
    arcs = np.flatnonzero(labels[net.tails] != labels[net.heads])
    return _Jobs(net, arcs, net.heads[arcs], net.tails[arcs], np.full(arcs.size, -1), np.full(arcs.size, net.big - 1))


def _minimise(net: _Net, arcs: np.ndarray) -> _Jobs:
    """Copies that find how much of each arc's true flow can be rerouted from its tail to its head without it."""
    return _Jobs(net, arcs, net.tails[arcs], net.heads[arcs], arcs, net.flows[arcs])


def _flow_bounds(nets: list[_Net]) -> list[tuple[np.ndarray, np.ndarray]]:
    """Exact [low, high] in whole units for every arc of every net, by maximum flows around the true values.

    high: infinite when the arc lies on a directed cycle of withheld cells (push any amount round it); else the
    maximum flow from its head back to its tail (with the backward arcs of the true flows, the arc's own too).
    low: 0 when a known feasible table has the cell at 0 (the true one, or one found while maximising); else
    the true value minus the most that can be rerouted from its tail to its head around it.
    """
    highs = [np.full(net.flows.size, math.inf) for net in nets]
    reaches_zero = [net.flows == 0 for net in nets]
    maximise = [(n, _maximise(net)) for n, net in enumerate(nets)]
    maximise = [(n, jobs) for n, jobs in maximise if jobs.arcs.size]
    if maximise:
        values, pushed = _max_flows([jobs for _, jobs in maximise])
        for index, (n, jobs) in enumerate(maximise):
            highs[n][jobs.arcs] = values[index]
            if pushed is not None:
                tables = jobs.net.flows[None, :] + pushed[index]
                tables[np.arange(jobs.arcs.size), jobs.arcs] += values[index]
                reaches_zero[n] |= np.any(tables == 0, axis=0)
    lows = [np.zeros(net.flows.size) for net in nets]
    minimise = [(n, _minimise(net, np.flatnonzero(~zero))) for n, (net, zero) in enumerate(zip(nets, reaches_zero, strict=True))]
    minimise = [(n, jobs) for n, jobs in minimise if jobs.arcs.size]
    if minimise:
        values, _ = _max_flows([jobs for _, jobs in minimise])
        for (n, jobs), rerouted in zip(minimise, values, strict=True):
            lows[n][jobs.arcs] = jobs.net.flows[jobs.arcs] - rerouted
    return list(zip(lows, highs, strict=True))


def _signs(shape: tuple[int, int]) -> np.ndarray:
    """+1 where a cell adds to its lines' sums, -1 for the margin cell a line's cells add up to."""
    signs = np.ones(shape)
    signs[-1, :] = signs[:, -1] = -1
    signs[-1, -1] = 1
    return signs


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
            result = linprog(objective, A_eq=equations, b_eq=rhs, bounds=(0, None), method="highs")
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
    for members in _components(size, tails, heads):
        if lp or int(flows[members].sum()) + 1 > _FLOW_MAX:
            low[members], high[members] = _lp_bounds(grid, cells[members])
        else:
            by_flow.append(_net(members, tails, heads, flows))
    for net, (net_low, net_high) in zip(by_flow, _flow_bounds(by_flow), strict=True):
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


def protect(table: Table, k: int = 5, dominance: float = 0.85) -> Protected:
    """Withhold the sensitive cells, then complements until every line has 0 or >= 2 withheld cells and the audit
    pins down no withheld cell. Deterministic: the same table always gives the same result."""
    grid = _grid(table)
    first = _sensitive(grid, k, dominance)
    withheld = first.copy()
    rank = _cost_rank(grid)
    _complete_lines(rank, withheld)
    while True:
        pinned = _pinned_cells(grid, withheld)
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
