"""Maximum flows for the disclosure audit: the graph algorithms `disclosure` uses, apart from its rules.

A two-way table with margins is a flow network (one node per row or column line, one arc per cell; see
`disclosure._arcs`), so the interval a reader can derive for a withheld cell is a maximum-flow value over the
withheld cells. This module knows nothing of tables: it takes arcs with their true flows in whole units and
returns, per arc, the exact [low, high] that flow conservation allows (`flow_bounds`), together with the graph
facts the suppression needs (`strong_labels`, `bridges`, `components`).

scipy's `maximum_flow` works in int32 and wraps silently beyond it; `_int64_max_flow` stays exact in int64 by
capacity scaling, and nets whose flows exceed `FLOW_MAX` are left to the caller's linear programs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components, maximum_flow

INT32_MAX = 2**31 - 1  # scipy's maximum_flow works in int32; larger capacities would silently wrap
FLOW_MAX = 2**40  # beyond this (11 billion euros in cents) a net is left to linear programming; see _int64_max_flow


# --- graphs ----------------------------------------------------------------------------------------------------------


def graph(size: int, tails: np.ndarray, heads: np.ndarray) -> sparse.csr_array:
    return sparse.csr_array((np.ones(tails.size, dtype=np.int8), (tails, heads)), shape=(size, size))


def strong_labels(size: int, tails: np.ndarray, heads: np.ndarray) -> np.ndarray:
    return connected_components(graph(size, tails, heads), directed=True, connection="strong")[1]


def bridges(size: int, ends_a: np.ndarray, ends_b: np.ndarray) -> np.ndarray:
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


# --- exact bounds by maximum flows -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Net:
    """One connected component of arcs (withheld cells) between local nodes, with their true flows."""

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

    net: Net
    arcs: np.ndarray  # the arc each copy is about
    sources: np.ndarray
    sinks: np.ndarray
    drop: np.ndarray  # forward arc removed in the copy, -1 for none
    limits: np.ndarray  # no answer above this is needed


def components(size: int, tails: np.ndarray, heads: np.ndarray) -> list[np.ndarray]:
    """Withheld cells linked through shared lines; separate components are separate problems."""
    labels = connected_components(graph(size, tails, heads), directed=False)[1][tails]
    order = np.argsort(labels, kind="stable")
    return np.split(order, np.flatnonzero(np.diff(labels[order])) + 1)


def net_of(members: np.ndarray, tails: np.ndarray, heads: np.ndarray, flows: np.ndarray) -> Net:
    nodes, local = np.unique(np.concatenate([tails[members], heads[members]]), return_inverse=True)
    count = members.size
    return Net(members, local[:count], local[count:], flows[members], nodes.size)


def _block(net: Net) -> tuple[sparse.csr_array, np.ndarray, np.ndarray, np.ndarray, int]:
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
        if int(capacities.max(initial=0)) > INT32_MAX:  # int32 would wrap silently: never answer wrongly
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
    if top <= INT32_MAX:
        flow = maximum_flow(_csr(capacities, indices, indptr, size), source, sink).flow
        if not (np.array_equal(flow.indptr, indptr) and np.array_equal(flow.indices, indices)):
            return None
        return flow.data.astype(np.int64)
    shift = max(0, top.bit_length() - 30)
    cap = per_copy << shift
    if cap > INT32_MAX // 2:
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


def _maximise(net: Net) -> _Jobs:
    """Copies that find each finite maximum: flow from the arc's head back to its tail."""
    labels = strong_labels(net.size, net.tails, net.heads)
    arcs = np.flatnonzero(labels[net.tails] != labels[net.heads])
    return _Jobs(net, arcs, net.heads[arcs], net.tails[arcs], np.full(arcs.size, -1), np.full(arcs.size, net.big - 1))


def _minimise(net: Net, arcs: np.ndarray) -> _Jobs:
    """Copies that find how much of each arc's true flow can be rerouted from its tail to its head without it."""
    return _Jobs(net, arcs, net.tails[arcs], net.heads[arcs], arcs, net.flows[arcs])


def flow_bounds(nets: list[Net]) -> list[tuple[np.ndarray, np.ndarray]]:
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
