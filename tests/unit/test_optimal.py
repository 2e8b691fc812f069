"""The exact model of the least withheld value that passes our whole audit (registry/statistics/optimal.py, issue
#25): the yardstick for `linked.protect`'s heuristic."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings

from registry.statistics import linked
from registry.statistics.disclosure import primary
from registry.statistics.linked import audit, linked_system
from registry.statistics.optimal import optimal, weighted_cost
from tests.unit.test_disclosure import tables
from tests.unit.test_linked import level_tables, month_tables, period_parent, quarter_of


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
    withheld = found.withheld()
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
    assert np.isclose(found.value, value_of(system, found.withheld()))


def test_a_table_published_on_its_own_gets_the_cheaper_of_the_exact_and_the_heuristic_pattern(tmp_path):
    """counting._on_its_own: the persons and requests tables of a demo register pass the whole audit, cost no more
    than the heuristic's pattern (each value weighed as the repair weighs it), and withhold no empty complement."""
    from datetime import date

    from registry.access import Actor
    from registry.demo import generate
    from registry.statistics import counting
    from registry.store import db

    path = tmp_path / "registry.duckdb"
    with db.connect(path, must_exist=False) as conn:
        generate(conn, customers=400, seed=7, today=date(2026, 11, 25))
        counted = counting.count_tables(conn, Actor("t", "auditor"), date(2026, 11, 25))
    counting._PROTECTED.clear()
    tables = counting.protect_tables(counted, "quarter")
    counting._PROTECTED.clear()
    alone = [t for t in tables if not t.spec.by_period]
    assert [t.spec.kind for t in alone] == ["persons", "requests"]
    for stat in alone:
        levels = {stat.spec.rows: stat.table}
        system = linked_system(levels, period_parent)
        at = system.index()
        chosen = linked.withheld_keys({stat.spec.rows: stat.protected})
        heuristic = linked.withheld_keys(linked.protect(levels, period_parent))

        assert audit(system, chosen) == []
        assert weighted_cost(system, list(levels), chosen) <= weighted_cost(system, list(levels), heuristic)
        if chosen != heuristic:  # the exact pattern: no empty cell as a complement
            assert all(system.persons[at[key]] > 0 for key, why in chosen.items() if why == "secondary")
