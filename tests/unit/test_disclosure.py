"""Disclosure control for two-way tables: what is withheld, and what a reader can still work out.

Tables are written as grids of (value, persons) or (value, persons, top) with rows r0, r1, ... and columns
c0, c1, ...; the margins are the sums (persons too, unless a test says otherwise). k is 5 unless a test says so.
"""

from __future__ import annotations

import math
import random
from itertools import product

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from registry.statistics.disclosure import audit, audit_lp, Cell, primary, protect, Protected, recoverable, Table, TOTAL
from registry.errors import BadInput


def make_table(grid, *, money=False, row_persons=None) -> Table:
    rows = tuple(f"r{i}" for i in range(len(grid)))
    columns = tuple(f"c{j}" for j in range(len(grid[0])))
    cells = {(rows[i], columns[j]): Cell(*spec) for i, line in enumerate(grid) for j, spec in enumerate(line)}

    def margin(specs, persons=None):
        value = round(sum(spec[0] for spec in specs), 2)
        top = max((spec[2] if len(spec) > 2 else 0.0) for spec in specs)
        return Cell(value, sum(spec[1] for spec in specs) if persons is None else persons, top)

    row_persons = row_persons or {}
    row_totals = {rows[i]: margin(line, row_persons.get(rows[i])) for i, line in enumerate(grid)}
    column_totals = {columns[j]: margin([line[j] for line in grid]) for j in range(len(columns))}
    total = margin([spec for line in grid for spec in line])
    return Table(rows, columns, cells, row_totals, column_totals, total, money)


def withheld_keys(result: Protected) -> dict:
    return {key: status for key, status in result.status.items() if status != "published"}


# --- what is withheld ----------------------------------------------------------------------------------------------


def test_a_cell_of_three_persons_is_withheld_with_the_smallest_cells_of_its_row_and_column():
    table = make_table(
        [
            [(3, 3), (40, 40), (9, 9)],
            [(50, 50), (60, 60), (30, 30)],
            [(8, 8), (70, 70), (6, 6)],
        ]
    )

    result = protect(table)

    # (r0, c2) = 9 is the smallest other cell of row r0, (r2, c0) = 8 of column c0; (r2, c2) = 6 then closes
    # both their lines, being the smallest cell of column c2 and of row r2.
    assert withheld_keys(result) == {
        ("r0", "c0"): "primary",
        ("r0", "c2"): "secondary",
        ("r2", "c0"): "secondary",
        ("r2", "c2"): "secondary",
    }
    # The rectangle leaves one degree of freedom t = (r0, c0): (r0, c2) = 12 - t, (r2, c0) = 11 - t, (r2, c2) = 3 + t.
    assert result.intervals[("r0", "c0")] == (0, 11)
    assert result.value(("r0", "c0")) is None
    assert result.value(("r1", "c1")) == 60
    assert result.value(("r0", TOTAL)) == 52


def test_a_money_cell_where_one_person_has_90_percent_is_withheld_even_with_ten_persons():
    table = make_table(
        [
            [(1000.00, 10, 900.00), (500.00, 10, 100.00)],
            [(500.00, 10, 100.00), (100.00, 10, 85.00)],  # exactly 85 %: not dominant
        ],
        money=True,
    )

    assert primary(table) == {("r0", "c0")}
    result = protect(table)
    assert result.status[("r0", "c0")] == "primary"
    assert result.status[("r1", "c1")] == "secondary"  # the only way to close row r1 and column c1


def test_a_margin_of_two_persons_is_withheld():
    table = make_table(
        [
            [(20, 20), (30, 30), (25, 25)],
            [(1, 1), (1, 1), (0, 0)],
            [(40, 40), (35, 35), (45, 45)],
        ]
    )

    result = protect(table)

    assert result.status[("r1", TOTAL)] == "primary"
    assert result.status[("r1", "c2")] == "published"  # empty cells are not sensitive
    in_total_column = [key for key in withheld_keys(result) if key[1] == TOTAL]
    assert len(in_total_column) >= 2


def test_a_margin_counts_distinct_persons_not_the_sum_of_its_cells():
    # Row r0's cells have 3 + 2 persons, but only 3 distinct ones: one person is in both.
    table = make_table([[(3, 3), (2, 2)], [(9, 9), (8, 8)]], row_persons={"r0": 3})

    assert primary(table) == {("r0", "c0"), ("r0", "c1"), ("r0", TOTAL)}
    assert primary(make_table([[(3, 3), (2, 2)], [(9, 9), (8, 8)]])) == {("r0", "c0"), ("r0", "c1")}


def test_a_one_by_one_table_with_a_sensitive_cell_withholds_all_four_keys():
    table = make_table([[(3, 3)]])

    result = protect(table)

    assert set(withheld_keys(result)) == {("r0", "c0"), ("r0", TOTAL), (TOTAL, "c0"), (TOTAL, TOTAL)}
    assert result.intervals == {key: (0, math.inf) for key in withheld_keys(result)}


def test_a_table_with_nothing_sensitive_withholds_nothing():
    table = make_table([[(12.50, 6, 3.00), (80.00, 9, 20.00)], [(0, 0), (45.10, 5, 12.00)]], money=True)

    result = protect(table, k=5)

    assert withheld_keys(result) == {}
    assert result.intervals == {}
    assert result.value(("r1", "c0")) == 0
    assert result.value((TOTAL, TOTAL)) == 137.60


# Two 2 x 2 blocks of small cells joined by one small cell (r1, c2): every line holds 0 or >= 2 of them, yet the
# sums pin the joining cell, (r0 + r1) - (c0 + c1) over the withheld parts = 5 + 7 - 6 - 4 = 2.
DUMBBELL = [
    [(2, 2), (3, 3), (20, 20), (30, 30)],
    [(4, 4), (1, 1), (2, 2), (12, 12)],
    [(40, 40), (25, 25), (3, 3), (4, 4)],
    [(15, 15), (35, 35), (1, 1), (2, 2)],
]


def test_the_line_rule_is_not_enough_when_the_sums_pin_a_cell_joining_two_blocks():
    table = make_table(DUMBBELL)
    sensitive = primary(table)

    assert len(sensitive) == 9
    assert audit(table, sensitive)[("r1", "c2")] == (2, 2)

    result = protect(table)

    # One complement on the pinned cell's row or column closes a cycle through it: (r1, c3) = 12 is the cheapest.
    assert {key for key, status in result.status.items() if status == "secondary"} == {("r1", "c3")}
    assert not any(recoverable(interval, money=False) for interval in result.intervals.values())


# --- what a reader can work out ------------------------------------------------------------------------------------


def test_audit_of_a_two_by_four_block_gives_the_intervals_worked_out_by_hand():
    table = make_table(DUMBBELL)
    block = {("r0", "c0"), ("r0", "c1"), ("r1", "c0"), ("r1", "c1"), ("r1", "c2")}

    # t = (r0, c0): (r0, c1) = 5 - t, (r1, c0) = 6 - t, (r1, c1) = t - 1, all >= 0, so 1 <= t <= 5.
    assert audit(table, block) == {
        ("r0", "c0"): (1, 5),
        ("r0", "c1"): (0, 4),
        ("r1", "c0"): (1, 5),
        ("r1", "c1"): (0, 4),
        ("r1", "c2"): (2, 2),
    }


def test_audit_of_a_money_rectangle_gives_the_intervals_worked_out_by_hand():
    table = make_table([[(3.10, 5), (5.25, 5)], [(4.00, 5), (6.05, 5)]], money=True)
    interior = {("r0", "c0"), ("r0", "c1"), ("r1", "c0"), ("r1", "c1")}

    # t = (r0, c0): (r0, c1) = 8.35 - t, (r1, c0) = 7.10 - t, (r1, c1) = 2.95 + t, so 0 <= t <= 7.10.
    assert audit(table, interior) == {
        ("r0", "c0"): (0, 7.10),
        ("r0", "c1"): (1.25, 8.35),
        ("r1", "c0"): (0, 7.10),
        ("r1", "c1"): (2.95, 10.05),
    }


def test_audit_beyond_32_bit_cents_gives_the_same_intervals():
    # Tens of millions of euros: more cents than scipy's int32 maximum flow can hold.
    table = make_table(
        [[(31_000_000.10, 5), (52_500_000.25, 5)], [(40_000_000.00, 5), (60_500_000.05, 5)]],
        money=True,
    )

    intervals = audit(table, {("r0", "c0"), ("r0", "c1"), ("r1", "c0"), ("r1", "c1")})

    assert intervals == {
        ("r0", "c0"): (0, 71_000_000.10),
        ("r0", "c1"): (12_500_000.25, 83_500_000.35),
        ("r1", "c0"): (0, 71_000_000.10),
        ("r1", "c1"): (29_499_999.95, 100_500_000.05),
    }


def test_audit_of_a_corner_with_its_margins_is_unbounded_above():
    table = make_table([[(3, 5), (5, 5)], [(4, 5), (6, 5)]])

    # (r0, total) = t + 5, (total, c0) = t + 4, (total, total) = t + 15 for any t >= 0.
    assert audit(table, {("r0", "c0"), ("r0", TOTAL), (TOTAL, "c0"), (TOTAL, TOTAL)}) == {
        ("r0", "c0"): (0, math.inf),
        ("r0", TOTAL): (5, math.inf),
        (TOTAL, "c0"): (4, math.inf),
        (TOTAL, TOTAL): (15, math.inf),
    }


def test_audit_pins_a_cell_alone_in_its_line():
    table = make_table([[(3, 5), (5, 5)], [(4, 5), (6, 5)]])

    interval = audit(table, {("r0", "c0")})[("r0", "c0")]

    assert interval == (3, 3)
    assert recoverable(interval, money=False)


def test_audit_pins_a_zero_column_though_every_line_has_two_unknowns():
    table = make_table([[(0, 0), (8, 8)], [(0, 0), (10, 10)]])
    interior = {("r0", "c0"), ("r0", "c1"), ("r1", "c0"), ("r1", "c1")}

    # Column c0 sums to 0 and no cell is negative, so both its cells are 0, and then rows r0 and r1 give the rest.
    assert audit(table, interior) == {("r0", "c0"): (0, 0), ("r0", "c1"): (8, 8), ("r1", "c0"): (0, 0), ("r1", "c1"): (10, 10)}


@pytest.mark.parametrize(
    ("interval", "money", "expected"),
    [
        ((3.0, 3.0), False, True),
        ((2.9999999, 3.0000001), False, True),
        ((3.0, 4.0), False, False),
        ((0.0, math.inf), False, False),
        ((12.34, 12.34), True, True),
        ((1.14, 1.15), True, False),  # two possible cent values
        ((0.0, math.inf), True, False),
    ],
)
def test_recoverable_means_a_single_possible_value(interval, money, expected):
    assert recoverable(interval, money) is expected


def test_totals_that_do_not_add_up_are_refused():
    good = make_table([[(3, 5), (5, 5)], [(4, 5), (6, 5)]])
    bad = Table(good.rows, good.columns, good.cells, good.row_totals, good.column_totals, Cell(19, 20))

    with pytest.raises(BadInput, match="do not add up"):
        protect(bad)


def test_a_row_labelled_total_is_refused():
    good = make_table([[(3, 5)]])
    bad = Table((TOTAL,), good.columns, {}, {TOTAL: Cell(0, 0)}, {"c0": Cell(0, 0)}, Cell(0, 0))

    with pytest.raises(BadInput, match="reserved"):
        primary(bad)


# --- properties over random tables ---------------------------------------------------------------------------------


@st.composite
def tables(draw, max_side: int = 8) -> Table:
    """Random tables whose values fit their persons: counts >= persons; money >= 1 euro a person, the top
    contributor between the average and everything; margins hold the sums, and at least as many distinct
    persons as their largest cell but possibly fewer than the sum (persons in several cells)."""
    money = draw(st.booleans())
    n_rows, n_columns = draw(st.integers(1, max_side)), draw(st.integers(1, max_side))
    size = n_rows * n_columns
    persons = draw(st.lists(st.integers(0, 20), min_size=size, max_size=size))
    extras = draw(st.lists(st.integers(0, 1000), min_size=size, max_size=size))
    shares = draw(st.lists(st.integers(0, 100), min_size=size, max_size=size))
    overlaps = draw(st.lists(st.integers(0, 4), min_size=n_rows + n_columns + 1, max_size=n_rows + n_columns + 1))
    grid = []
    for n, (p, extra, share) in enumerate(zip(persons, extras, shares, strict=True)):
        if n % n_columns == 0:
            grid.append([])
        if p == 0:
            grid[-1].append((0, 0, 0))
        elif money:
            cents = p * (100 + extra)
            average = -(-cents // p)
            grid[-1].append((cents, p, average + (cents - average) * share // 100))
        else:
            grid[-1].append((p + extra % (2 * p + 1), p, 0))
    return _as_table(grid, overlaps, money)


def _as_table(grid, overlaps, money) -> Table:
    unit = 100 if money else 1
    rows = tuple(f"r{i}" for i in range(len(grid)))
    columns = tuple(f"c{j}" for j in range(len(grid[0])))
    lines = [line for line in grid] + [[line[j] for line in grid] for j in range(len(columns))]
    lines.append([spec for line in grid for spec in line])

    def cell(specs, overlap=0):
        persons = max(max(spec[1] for spec in specs), sum(spec[1] for spec in specs) - overlap)
        return Cell(sum(spec[0] for spec in specs) / unit, persons, max(spec[2] for spec in specs) / unit)

    margins = [cell(specs, overlap) for specs, overlap in zip(lines, overlaps, strict=True)]
    cells = {(rows[i], columns[j]): cell([spec]) for i, line in enumerate(grid) for j, spec in enumerate(line) if spec[1]}
    row_totals = dict(zip(rows, margins[: len(rows)], strict=True))
    column_totals = dict(zip(columns, margins[len(rows) : -1], strict=True))
    return Table(rows, columns, cells, row_totals, column_totals, margins[-1], money)


def _input(table: Table, key) -> Cell:
    row, column = key
    if row == TOTAL:
        return table.total if column == TOTAL else table.column_totals[column]
    return table.row_totals[row] if column == TOTAL else table.cells.get(key, Cell(0, 0))


def _all_keys(table: Table):
    return list(product((*table.rows, TOTAL), (*table.columns, TOTAL)))


def draw_withheld(table: Table, data) -> set:
    """Any set of the table's keys (margins included), drawn by hypothesis."""
    keys = _all_keys(table)
    chosen = data.draw(st.lists(st.booleans(), min_size=len(keys), max_size=len(keys)))
    return {key for key, take in zip(keys, chosen, strict=True) if take}


@settings(max_examples=300, deadline=None)
@given(table=tables(), k=st.integers(2, 10))
@example(table=make_table(DUMBBELL), k=5)  # about 1 random table in 100 needs the audit to add a complement
def test_protect_leaves_nothing_sensitive_published_and_nothing_withheld_recoverable(table, k):
    result = protect(table, k=k)

    keys = _all_keys(table)
    assert set(result.status) == set(keys)
    assert {key for key in keys if result.status[key] == "primary"} == primary(table, k=k)
    for key in keys:
        cell = _input(table, key)
        if result.withheld(key):
            low, high = result.intervals[key]
            assert low - 1e-9 <= cell.value <= high + 1e-9
            assert not recoverable((low, high), table.money)
            assert result.value(key) is None
        else:
            assert not 0 < cell.persons < k
            assert not (table.money and cell.value > 0 and cell.top > 0.85 * cell.value)
            assert result.value(key) == cell.value
    assert set(result.intervals) == {key for key in keys if result.withheld(key)}
    rows, columns = (*table.rows, TOTAL), (*table.columns, TOTAL)
    lines = [[(r, c) for c in columns] for r in rows] + [[(r, c) for r in rows] for c in columns]
    assert all(sum(result.withheld(key) for key in line) != 1 for line in lines)


@settings(max_examples=60, deadline=None)
@given(table=tables(), k=st.integers(2, 10), seed=st.integers(0, 2**16))
def test_protect_gives_the_same_result_whatever_the_order_of_the_cells(table, k, seed):
    items = list(table.cells.items())
    random.Random(seed).shuffle(items)
    shuffled = Table(table.rows, table.columns, dict(items), table.row_totals, table.column_totals, table.total, table.money)

    first, again, reordered = protect(table, k=k), protect(table, k=k), protect(shuffled, k=k)

    assert first.status == again.status == reordered.status
    assert first.intervals == again.intervals == reordered.intervals


@settings(max_examples=60, deadline=None)
@given(table=tables(max_side=6), data=st.data())
def test_audit_agrees_with_linear_programming_on_any_withheld_set(table, data):
    withheld = draw_withheld(table, data)

    assert audit(table, withheld) == audit_lp(table, withheld)


@st.composite
def big_money_tables(draw) -> Table:
    """Euro tables whose cells hold up to tens of millions of euros: the audit's maximum flows then need more
    than int32 cents and run by capacity scaling."""
    n_rows, n_columns = draw(st.integers(1, 5)), draw(st.integers(1, 5))
    cents = draw(st.lists(st.integers(0, 5_000_000_000), min_size=n_rows * n_columns, max_size=n_rows * n_columns))
    grid = [[(c, 10 if c else 0, c // 10 + 1 if c else 0) for c in cents[i * n_columns:(i + 1) * n_columns]]
            for i in range(n_rows)]
    return _as_table(grid, [0] * (n_rows + n_columns + 1), True)


@settings(max_examples=40, deadline=None)
@given(table=big_money_tables(), data=st.data())
def test_audit_beyond_32_bits_agrees_with_linear_programming(table, data):
    withheld = draw_withheld(table, data)

    assert audit(table, withheld) == audit_lp(table, withheld)


def test_the_reference_lp_decides_a_table_of_tens_of_millions_where_highs_presolve_fails():
    # Found by the property above: HiGHS's defaults end in "Solve error" (status 4) on two of these bounds.
    grid = [[(0, 0, 0), (0, 0, 0), (0, 0, 0), (1, 10, 1), (0, 0, 0)],
            [(0, 0, 0), (0, 0, 0), (0, 0, 0), (11, 10, 2), (10000001, 10, 1000001)],
            [(0, 0, 0), (0, 0, 0), (2157483660, 10, 215748367), (0, 0, 0), (0, 0, 0)],
            [(0, 0, 0)] * 5,
            [(0, 0, 0), (1, 10, 1), (0, 0, 0), (0, 0, 0), (0, 0, 0)]]
    table = _as_table(grid, [0] * 11, True)
    chosen = [False, True, True, True, True, False, False, True, True, True, False, True, False, False, False, False,
              False, False, False, False, False, False, False, False, True, True, True, False, False, True, False,
              False, True, False, False, True]
    withheld = {key for key, take in zip(_all_keys(table), chosen, strict=True) if take}

    assert audit(table, withheld) == audit_lp(table, withheld)
    assert audit_lp(table, withheld)[("r1", "c2")] == (0.0, math.inf)
