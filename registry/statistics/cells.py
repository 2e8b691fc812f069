"""The cells of a statistics table and the disclosure rule's parameters: plain data, no numpy or scipy, so that
counting the tables in the store (`counting`) starts before the protection's libraries are loaded.
`disclosure` re-exports every name here."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

TOTAL = "total"

Key = tuple[str, str]
Interval = tuple[float, float]

PUBLISHED, PRIMARY, SECONDARY = "published", "primary", "secondary"

# The disclosure rule's parameters (REGISTER.md section 5), owned here: everything else reads them.
K = 5  # a cell of fewer persons than this is withheld
DOMINANCE = 0.85  # a money cell one person supplies more than this share of is withheld


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
        return float(input_cell(self.table, key).value)



def input_cell(table: Table, key: Key) -> Cell:
    row, column = key
    if row == TOTAL and column == TOTAL:
        return table.total
    if column == TOTAL:
        return table.row_totals[row]
    if row == TOTAL:
        return table.column_totals[column]
    return table.cells.get(key, EMPTY)
