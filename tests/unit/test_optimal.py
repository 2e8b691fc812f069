"""The exact model of the least withheld value that passes our whole audit (registry/statistics/optimal.py, issue
#25): the yardstick for `linked.protect`'s heuristic."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings

from registry.statistics import linked
from registry.statistics.disclosure import primary
from registry.statistics.linked import audit, linked_system
from registry.statistics.optimal import optimal
from tests.unit.test_disclosure import tables
from tests.unit.test_linked import level_tables, month_tables, period_parent, quarter_of


def withheld_of(status):
    return {(level, row, column): why for level, cells in status.items()
            for (row, column), why in cells.items() if why != "published"}


def value_of(system, keys):
    at = system.index()
    return int(sum(system.units[at[key]] for key in keys))


@settings(max_examples=15, deadline=None)
@given(drawn=month_tables())
def test_the_exact_pattern_passes_the_whole_audit_and_never_withholds_more_than_the_heuristic(drawn):
    levels = level_tables(*drawn)
    system = linked_system(levels, period_parent)
    found = optimal(levels, period_parent, seconds=60)
    assert found.optimal
    withheld = withheld_of(found.status)
    assert audit(system, withheld) == []  # outsiders and every insider, all periods together
    for level, table in levels.items():  # every sensitive cell withheld for its own sake
        assert all(found.status[level][key] == "primary" for key in primary(table))
    heuristic = linked.withheld_keys(linked.protect(levels, period_parent))
    assert found.value == value_of(system, withheld) <= value_of(system, heuristic)


@settings(max_examples=12, deadline=None)
@given(t=tables(max_side=2))
def test_on_a_small_table_it_is_the_least_value_of_every_pattern_that_passes(t):
    """Against every pattern there is (a table of up to 3 x 3 cells with its margins: at most 512 of them)."""
    levels = {"one": t}
    system = linked_system(levels, quarter_of)
    sensitive = {("one", *key) for key in primary(t)}
    others = [key for key in system.keys if key not in sensitive]
    best = None
    for size in range(len(others) + 1):
        for extra in itertools.combinations(others, size):
            withheld = {**{key: "primary" for key in sensitive}, **{key: "secondary" for key in extra}}
            value = value_of(system, withheld)
            if (best is None or value < best) and not audit(system, withheld):
                best = value
    found = optimal(levels, quarter_of, seconds=60)
    assert found.optimal and found.value == best
    assert np.isclose(found.value, value_of(system, withheld_of(found.status)))
