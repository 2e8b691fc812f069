"""The audit of linked tables (registry.linked): months, quarters and years read together, protection ranges,
and what an insider knows (REGISTER.md section 5, issue #10)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from registry.disclosure import Cell, Table, audit as flow_audit
from registry.linked import audit, intervals, linked_system
from tests.unit.test_disclosure import draw_withheld, tables


def table(rows, columns, values, persons=None, tops=None, money=False) -> Table:
    """A table from a grid of values (persons 1 a cell unless given), with its margins summed."""
    persons = persons or [[1 if v else 0 for v in line] for line in values]
    tops = tops or [[v if money else 0 for v in line] for line in values]
    cells = {(r, c): Cell(values[i][j], persons[i][j], tops[i][j])
             for i, r in enumerate(rows) for j, c in enumerate(columns) if values[i][j] or persons[i][j]}

    def margin(specs):
        specs = list(specs)
        return Cell(round(sum(v for v, _, _ in specs), 2), sum(p for _, p, _ in specs),
                    max((t for _, _, t in specs), default=0))

    grid = [[(values[i][j], persons[i][j], tops[i][j]) for j in range(len(columns))] for i in range(len(rows))]
    return Table(tuple(rows), tuple(columns), cells,
                 {r: margin(grid[i]) for i, r in enumerate(rows)},
                 {c: margin(line[j] for line in grid) for j, c in enumerate(columns)},
                 margin(spec for line in grid for spec in line), money)


def quarter_of(level, row):
    year, month = row.split("-")
    return f"{year}-Q{(int(month) - 1) // 3 + 1}"


MONTHS = ("2016-07", "2016-08", "2016-09", "2016-10")
MONTH_VALUES = [[2, 1], [7, 8], [9, 6], [1, 2]]


def month_and_quarter():
    months = table(MONTHS, ("A", "B"), MONTH_VALUES, persons=[[2, 1], [7, 8], [9, 6], [1, 2]])
    quarters = table(("2016-Q3", "2016-Q4"), ("A", "B"), [[18, 15], [1, 2]], persons=[[18, 15], [1, 2]])
    return linked_system({"month": months, "quarter": quarters}, quarter_of)


def test_a_month_pattern_safe_on_its_own_is_given_away_by_the_published_quarter():
    system = month_and_quarter()
    # The month table withholds a 2 x 2 block across July and October: on its own each cell moves.
    block = {("month", m, c): "primary" for m in ("2016-07", "2016-10") for c in ("A", "B")}
    alone = linked_system({"month": table(MONTHS, ("A", "B"), MONTH_VALUES,
                                          persons=[[2, 1], [7, 8], [9, 6], [1, 2]])}, quarter_of)
    assert intervals(alone, block)[("month", "2016-07", "A")] == (0.0, 3.0)
    # Q3 minus August and September gives July back exactly: 18 - 7 - 9 = 2.
    findings = audit(system, block, insiders=False)
    recovered = {f.key: (f.low, f.high) for f in findings}
    assert recovered[("month", "2016-07", "A")] == (2.0, 2.0)
    # Withholding the quarters too (and their totals) protects the months again.
    both = {**block, **{("quarter", q, c): "secondary" for q in ("2016-Q3", "2016-Q4") for c in ("A", "B")}}
    assert not [f for f in audit(system, both, insiders=False) if f.key[0] == "month" and f.high - f.low < 1]


def test_an_insider_who_alone_makes_up_a_withheld_cell_computes_the_other_cell_of_its_line():
    # Row r0 withholds two cells of one person each (1 and 3 orders); their sum is published, so each of the
    # two knows the other's.
    t = table(("r0", "r1"), ("c0", "c1", "c2"), [[1, 3, 20], [5, 6, 50]], persons=[[1, 1, 9], [5, 6, 10]])
    system = linked_system({"quarter": t}, quarter_of)
    pair = {("quarter", "r0", "c0"): "primary", ("quarter", "r0", "c1"): "primary",
            ("quarter", "r1", "c0"): "secondary", ("quarter", "r1", "c1"): "secondary"}
    assert audit(system, pair, insiders=False) == []  # an outsider cannot narrow either below its range...
    exact = {(f.insider, f.key): (f.low, f.high) for f in audit(system, pair)}
    assert exact[(("quarter", "r0", "c0"), ("quarter", "r0", "c1"))] == (3.0, 3.0)  # ...the insider can
    assert exact[(("quarter", "r0", "c1"), ("quarter", "r0", "c0"))] == (1.0, 1.0)


def test_a_dominated_cell_needs_its_upper_bound_to_reach_the_largest_contribution_over_85_percent():
    # One person gives 3,989.75 of the cell; a reader can bound it only to the row's room above it.
    t = table(("r0", "r1"), ("c0", "c1"), [[3989.75, 165.36], [3000.0, 4000.0]],
              persons=[[1, 1], [8, 8]], tops=[[3989.75, 165.36], [500.0, 600.0]], money=True)
    system = linked_system({"quarter": t}, quarter_of)
    block = {("quarter", r, c): "primary" for r in ("r0", "r1") for c in ("c0", "c1")}
    found = {f.key: f for f in audit(system, block, insiders=False)}
    low, high = intervals(system, block)[("quarter", "r0", "c0")]
    assert (low, high) == pytest.approx((0.0, 4155.11))  # more than a point...
    short = found[("quarter", "r0", "c0")]
    assert short.need_high == pytest.approx(math.ceil(398975 / 0.85) / 100)  # ...but not the 4,693.83 it needs


def test_tables_that_do_not_add_up_to_each_other_are_refused():
    months = table(MONTHS, ("A", "B"), MONTH_VALUES)
    wrong = table(("2016-Q3", "2016-Q4"), ("A", "B"), [[18, 16], [1, 2]])
    with pytest.raises(ValueError, match="do not add up"):
        linked_system({"month": months, "quarter": wrong}, quarter_of)


@settings(max_examples=60, deadline=None)
@given(t=tables(max_side=6), data=st.data())
def test_one_level_gives_the_same_intervals_as_the_flow_audit(t, data):
    withheld = draw_withheld(t, data)
    expected = flow_audit(t, withheld)
    found = intervals(linked_system({"one": t}, quarter_of), {("one", r, c): "primary" for r, c in withheld})
    assert set(found) == {("one", r, c) for r, c in expected}
    for (r, c), (low, high) in expected.items():
        got_low, got_high = found[("one", r, c)]
        assert got_low == pytest.approx(low, abs=1e-6) and (got_high == high or got_high == pytest.approx(high, abs=1e-6))
