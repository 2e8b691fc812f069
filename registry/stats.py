"""Anonymised statistics (REGISTER.md sections 5 and 8): the tables, their disclosure control
and their CSV files. The Statistics page and `python -m registry stats` both call
`statistics()`, so they publish the same numbers.

Every table is the register as it stood at the end of `today` (REGISTER.md section 7): orders
placed by then, relationships begun and ended by then, persons purged by then (a purge is
stamped in UTC; its day and month are Finnish, see `registry.clock`), requests received by
then with their outcome then (closed since: still open). Anything dated later, such as an order
another system dated next year, is not yet counted, so a report for a past day made again
later gives the same files; a purge made since changes none of them.

Who is counted: every person of the register on `today` except restricted ones (Art. 18: their
data is only stored, even for a past day: restricted now, left out now); purged persons stay in
with their orders, the region kept at the purge and their relationship dates, so a purge leaves
every table but "purges per month" as it was.
The aggregation is done in DuckDB in two steps: the orders are first summed per person, month
and product group (a temporary table), and every table with orders is read from that.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from collections import OrderedDict
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import NamedTuple

from . import clock, geo, linked
from .access import Actor, require
from .disclosure import TOTAL, Cell, Protected, Table, input_cell, protect
from .errors import BadInput
from .requests import REQUEST_KINDS
from .spreadsheet import DIALECTS, neutralise

DEFAULT_K = 5
DOMINANCE = 0.85
STATUSES = ("active", "ended")  # a purged person's relationship has ended: purges move nobody
OUTCOMES = ("open", "completed", "refused", "withdrawn")
OTHER_GROUP = "other"
WITHHELD = ".."  # Statistics Finland's symbol for data withheld for confidentiality
PERIODS = ("month", "quarter", "year")  # the time tables' rows; a small register reads better by quarter or year
PERIOD_WORDS = {"month": ("kuukausittain", "by month"), "quarter": ("neljännesvuosittain", "by quarter"),
                "year": ("vuosittain", "by year")}
MONTHS_IN = {"month": 1, "quarter": 3, "year": 12}
EARLIEST_DAY = date(2000, 1, 1)  # the earliest day the page offers statistics for


@dataclass(frozen=True)
class TableSpec:
    kind: str  # which table: persons, orders, revenue, relationships, requests, purges
    name: str  # file name without .csv
    title_fi: str
    title_en: str
    rows: str  # what the row labels are
    columns: str  # what the column labels are
    measure: str  # persons | orders | eur | requests

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    @property
    def money(self) -> bool:
        return self.measure == "eur"

    @property
    def by_period(self) -> bool:
        """A time table: published by month, quarter and year, all three protected together."""
        return self.rows in PERIODS


# (kind, file name, Finnish title, English title, rows, columns, measure); {p} is the period,
# {fi} / {en} its words: "kuukausittain" / "by month".
_SPEC_TEMPLATES = (
    ("persons", "persons_by_region_status", "Henkilöt maakunnittain ja asiakkuuden tilan mukaan",
     "Persons by region and customer status", "region", "status", "persons"),
    ("orders", "orders_by_{p}_product_group", "Tilaukset {fi} ja tuoteryhmittäin", "Orders {en} and product group",
     "{p}", "product_group", "orders"),
    ("revenue", "revenue_by_{p}_region", "Myynti (euroa) {fi} ja maakunnittain", "Revenue (euros) {en} and region",
     "{p}", "region", "eur"),
    ("relationships", "relationships_by_{p}", "Alkaneet ja päättyneet asiakkuudet {fi}",
     "New and ended customer relationships {en}", "{p}", "change", "persons"),
    ("requests", "requests_by_kind_outcome", "Rekisteröityjen pyynnöt lajin ja tuloksen mukaan",
     "Data-subject requests by kind and outcome", "kind", "outcome", "requests"),
    ("purges", "purges_by_{p}", "Poistetut henkilöt {fi}", "Persons purged {en}", "{p}", "change", "persons"),
)


def specs(period: str = "month") -> tuple[TableSpec, ...]:
    """The tables for time rows of `period` (month, quarter or year)."""
    fi, en = PERIOD_WORDS[period]
    return tuple(TableSpec(*(text.format(p=period, fi=fi, en=en) for text in template)) for template in _SPEC_TEMPLATES)


SPECS = specs("month")


@dataclass(frozen=True)
class StatTable:
    spec: TableSpec
    protected: Protected
    k: int

    @property
    def table(self) -> Table:
        return self.protected.table

    def cell(self, row: str, column: str) -> float | None:
        """The published value (row or column may be TOTAL), None when withheld."""
        return self.protected.value((row, column))


# --- the persons and orders counted ----------------------------------------------------------
# A period's key: yyyymm for a month, yyyyq for a quarter, yyyy00 for a year ($period chooses).
PERIOD_KEY_SQL = "(year({day}) * 100 + CASE $period WHEN 'month' THEN month({day}) WHEN 'quarter' THEN quarter({day}) ELSE 0 END)"


def _key(day: str) -> str:
    return PERIOD_KEY_SQL.format(day=day)



# (DuckDB cannot take parameters in CREATE TABLE AS: the temporary tables are made, then filled.)
PERSONS_SQL = """
INSERT INTO stat_persons
SELECT c.id AS person,
       {region} AS region,
       CASE WHEN c.customer_until IS NOT NULL AND c.customer_until <= $today THEN 'ended' ELSE 'active' END AS status,
       {since} AS since_month,
       CASE WHEN c.customer_until <= $today THEN {until} END AS until_month,
       CASE WHEN c.purged_on < $purged_by THEN {purged} END AS purged_month
FROM customers c
WHERE c.restricted_on IS NULL AND c.customer_since <= $today""".format(
    region=geo.region_sql("c"), since=_key("c.customer_since"), until=_key("c.customer_until"),
    purged=_key(clock.LOCAL_TIME_SQL.format(c="c.purged_on")))

# The orders in one pass, summed per month, product group and region: the sums and counts are
# exact; for the persons behind a cell the pass keeps which of 64 buckets (person id mod 64) they
# fall in, so the number of buckets hit is a lower bound of the distinct persons, and the sums of
# odd and even ids, so that the larger of the two bounds what one person can contribute. A cell
# whose bounds already satisfy the rules needs nothing more; the few that do not (small cells)
# are counted exactly, person by person, in a second pass over their months only.
CELLS_SQL = """
INSERT INTO stat_cells
SELECT month, grp, region, count(*), sum(cents), bit_or(bit), coalesce(sum(cents) FILTER (WHERE odd), 0)
FROM (SELECT year(o.ordered_on) * 100 + month(o.ordered_on) AS month, coalesce(g.product_group, 'other') AS grp,
             p.region, (o.amount_eur * 100)::BIGINT AS cents,
             1::UBIGINT << (o.customer_id & 63)::INTEGER AS bit, (o.customer_id & 1) = 1 AS odd
      FROM orders o
      JOIN stat_persons p ON p.person = o.customer_id
      LEFT JOIN product_groups g ON g.product = o.product
      WHERE o.ordered_on <= $today)
GROUP BY ALL"""

# The bounds per cell and margin of an order table; {column} is grp or region (fixed below). The
# pass above is per month (cheapest per row); its sums and bit masks add up into quarters and years.
BOUNDS_SQL = """
SELECT month, {column}, GROUPING(month), GROUPING({column}), sum(n), sum(cents), bit_count(bit_or(mask)), sum(odd)
FROM (SELECT CASE $period WHEN 'month' THEN month WHEN 'quarter' THEN month // 100 * 100 + (month % 100 + 2) // 3
                          ELSE month // 100 * 100 END AS month, grp, region, n, cents, mask, odd FROM stat_cells)
GROUP BY GROUPING SETS ((month, {column}), (month), ({column}), ())"""
BOUNDS = {"orders": BOUNDS_SQL.format(column="grp"), "revenue": BOUNDS_SQL.format(column="region")}

# The exact pass: per person, month and product group, for the months given (NULL: every month).
_IN_MONTHS = "(o.ordered_on >= $first AND o.ordered_on < $after AND list_contains($months, {month}))"
_IN_REGIONS = "o.customer_id IN (SELECT person FROM stat_persons WHERE list_contains($regions, region))"
_IN_GROUPS = "(list_contains($products, o.product) OR $other AND NOT list_contains($listed, coalesce(o.product, '')))"
# The rows the exact pass reads, as disjoint branches (an OR of the three read every order: 4x slower).
DETAIL_SQL = """
INSERT INTO stat_orders
SELECT o.customer_id, {month} AS month, coalesce(g.product_group, 'other'), count(*), sum(o.amount_eur)
FROM (
    SELECT * FROM orders o WHERE o.ordered_on <= $today AND ($everything OR {months})
    UNION ALL
    SELECT * FROM orders o WHERE o.ordered_on <= $today AND NOT $everything AND NOT {months} AND {regions}
    UNION ALL
    SELECT * FROM orders o WHERE o.ordered_on <= $today AND NOT $everything AND NOT {months} AND NOT {regions}
        AND {groups}
) o
SEMI JOIN stat_persons p ON p.person = o.customer_id
LEFT JOIN product_groups g ON g.product = o.product
GROUP BY ALL""".format(month=_key("o.ordered_on"), months=_IN_MONTHS.format(month=_key("o.ordered_on")),
                       regions=_IN_REGIONS, groups=_IN_GROUPS)
LISTED_PRODUCTS_SQL = "SELECT product, product_group FROM product_groups"

# Per person and month (a person lives in one region, so this is also per month and region).
PERSON_MONTHS_SQL = """
INSERT INTO stat_person_months
SELECT o.person, o.month, p.region, sum(o.eur)
FROM stat_orders o JOIN stat_persons p USING (person)
GROUP BY ALL"""

DROP_SQL = ("DROP TABLE IF EXISTS stat_requests", "DROP TABLE IF EXISTS stat_person_months",
            "DROP TABLE IF EXISTS stat_orders", "DROP TABLE IF EXISTS stat_cells",
            "DROP TABLE IF EXISTS stat_persons", "DROP TABLE IF EXISTS region_prefixes")

# Each table: (interior cells, row margins, column margins, grand total) as rows of
# (row, column, value, persons, top); the margins give distinct persons, which may be fewer
# than the sum of their cells' persons.
TABLE_SQL: dict[str, tuple[str, str, str, str]] = {
    "persons": (
        "SELECT region, status, count(*), count(*), 0 FROM stat_persons GROUP BY ALL",
        "SELECT region, NULL, count(*), count(*), 0 FROM stat_persons GROUP BY ALL",
        "SELECT NULL, status, count(*), count(*), 0 FROM stat_persons GROUP BY ALL",
        "SELECT NULL, NULL, count(*), count(*), 0 FROM stat_persons",
    ),
    "orders": (
        "SELECT month, grp, sum(n), count(*), 0 FROM stat_orders GROUP BY ALL",
        "SELECT month, NULL, sum(n), count(DISTINCT person), 0 FROM stat_orders GROUP BY ALL",
        "SELECT NULL, grp, sum(n), count(DISTINCT person), 0 FROM stat_orders GROUP BY ALL",
        "SELECT NULL, NULL, sum(n), count(DISTINCT person), 0 FROM stat_orders",
    ),
    "revenue": (
        "SELECT month, region, sum(eur), count(*), max(eur) FROM stat_person_months GROUP BY ALL",
        "SELECT month, NULL, sum(eur), count(*), max(eur) FROM stat_person_months GROUP BY ALL",
        """SELECT NULL, region, sum(eur), count(*), max(eur)
           FROM (SELECT person, region, sum(eur) AS eur FROM stat_person_months GROUP BY ALL) GROUP BY ALL""",
        """SELECT NULL, NULL, sum(eur), count(*), max(eur)
           FROM (SELECT person, sum(eur) AS eur FROM stat_person_months GROUP BY ALL)""",
    ),
    "relationships": (
        """SELECT since_month, 'new', count(*), count(*), 0 FROM stat_persons GROUP BY ALL
           UNION ALL
           SELECT until_month, 'ended', count(*), count(*), 0 FROM stat_persons WHERE until_month IS NOT NULL
           GROUP BY ALL""",
        """SELECT month, NULL, count(*), count(DISTINCT person), 0 FROM (
               SELECT person, since_month AS month FROM stat_persons
               UNION ALL SELECT person, until_month FROM stat_persons WHERE until_month IS NOT NULL) GROUP BY ALL""",
        """SELECT NULL, 'new', count(*), count(*), 0 FROM stat_persons
           UNION ALL
           SELECT NULL, 'ended', count(*), count(*), 0 FROM stat_persons WHERE until_month IS NOT NULL""",
        """SELECT NULL, NULL, count(*) + count(until_month), count(*), 0 FROM stat_persons""",
    ),
    "requests": (
        "SELECT kind, outcome, count(*), count(DISTINCT who), 0 FROM stat_requests GROUP BY ALL",
        "SELECT kind, NULL, count(*), count(DISTINCT who), 0 FROM stat_requests GROUP BY ALL",
        "SELECT NULL, outcome, count(*), count(DISTINCT who), 0 FROM stat_requests GROUP BY ALL",
        "SELECT NULL, NULL, count(*), count(DISTINCT who), 0 FROM stat_requests",
    ),
    "purges": (
        "SELECT purged_month, 'purged', count(*), count(*), 0 FROM stat_persons WHERE purged_month IS NOT NULL GROUP BY ALL",
        "SELECT purged_month, NULL, count(*), count(*), 0 FROM stat_persons WHERE purged_month IS NOT NULL GROUP BY ALL",
        "SELECT NULL, 'purged', count(*), count(*), 0 FROM stat_persons WHERE purged_month IS NOT NULL",
        "SELECT NULL, NULL, count(*), count(*), 0 FROM stat_persons WHERE purged_month IS NOT NULL",
    ),
}

# Requests of persons who are counted (an unmatched request counts as a person of its own).
REQUESTS_SQL = """
INSERT INTO stat_requests
SELECT r.kind,
       CASE WHEN r.status IN ('received', 'in_progress') OR r.closed_on > $today THEN 'open' ELSE r.status END AS outcome,
       coalesce(r.customer_id, -r.id) AS who
FROM requests r
WHERE r.received_on <= $today
  AND (r.customer_id IS NULL OR r.customer_id IN (SELECT person FROM stat_persons))"""
TEMP_TABLES_SQL = (
    "CREATE OR REPLACE TEMP TABLE stat_persons (person BIGINT, region VARCHAR, status VARCHAR, since_month INTEGER, "
    "until_month INTEGER, purged_month INTEGER)",
    "CREATE OR REPLACE TEMP TABLE stat_orders (person BIGINT, month INTEGER, grp VARCHAR, n BIGINT, eur DECIMAL(38, 2))",
    "CREATE OR REPLACE TEMP TABLE stat_person_months (person BIGINT, month INTEGER, region VARCHAR, eur DECIMAL(38, 2))",
    "CREATE OR REPLACE TEMP TABLE stat_cells (month INTEGER, grp VARCHAR, region VARCHAR, n BIGINT, cents HUGEINT, "
    "mask UBIGINT, odd HUGEINT)",
    "CREATE OR REPLACE TEMP TABLE stat_requests (kind VARCHAR, outcome VARCHAR, who BIGINT)",
)

PRODUCT_GROUPS_SQL = "SELECT DISTINCT product_group FROM product_groups ORDER BY product_group"


def statistics(conn, actor: Actor, today: date, k: int = DEFAULT_K, dominance: float = DOMINANCE,
               period: str = "month") -> list[StatTable]:
    """Every table of the statistics on `today`, with its cells withheld as the rules say; the
    time tables have a row per `period` (month, quarter or year). Holds `conn` throughout; where the
    store is shared (the page, `stats`), `statistics_from_store` closes it before protecting."""
    return statistics_from_store(lambda: nullcontext(conn), actor, today, k, dominance, period)


def statistics_from_store(open_store: Callable[[], AbstractContextManager], actor: Actor, today: date,
                          k: int = DEFAULT_K, dominance: float = DOMINANCE,
                          period: str = "month") -> list[StatTable]:
    """`statistics`, with the store opened (`open_store()`, e.g. `partial(db.connect, path)`) only to
    count: the protection takes seconds, and the dashboard and the scheduled jobs share the file."""
    require(actor, "read_statistics")
    _check(period, k)
    with open_store() as conn:
        counted = count_tables(conn, actor, today, k, dominance)
    return protect_tables(counted, period, k, dominance)


@dataclass(frozen=True)
class Counted:
    """Every period's tables as counted, before any cell is withheld: what `statistics` reads from the
    store. Protecting them (`protect_tables`) needs no connection, so a caller can close the store first:
    the protection takes seconds, and the dashboard and the scheduled jobs share the file."""

    tables: dict[str, list[Table]]  # period -> the tables of specs(period)


def count_tables(conn, actor: Actor, today: date, k: int = DEFAULT_K, dominance: float = DOMINANCE) -> Counted:
    """The tables of every period on `today` (the time tables are protected as one, REGISTER.md section 5:
    a quarter minus its published months must give no withheld month back)."""
    require(actor, "read_statistics")
    _check(PERIODS[0], k)
    return Counted({each: _tables(conn, today, k, dominance, each) for each in PERIODS})


def protect_tables(counted: Counted, period: str = "month", k: int = DEFAULT_K,
                   dominance: float = DOMINANCE) -> list[StatTable]:
    """The tables of `period` with their cells withheld as the rules say, every period cut from one
    pattern."""
    _check(period, k)
    raw = counted.tables
    out = []
    for n, spec in enumerate(specs(period)):
        if spec.by_period:
            levels = {each: raw[each][n] for each in PERIODS}
            protected = _protect_linked(levels, k, dominance)[period]
        else:
            protected = _protect_linked({spec.rows: raw[period][n]}, k, dominance)[spec.rows]
        out.append(StatTable(spec, protected, k))
    return out


def _check(period: str, k) -> None:
    if period not in PERIODS:
        raise BadInput(f"unknown period {period!r}: use one of {', '.join(PERIODS)}", code="bad_choice", value=period)
    if not isinstance(k, int) or isinstance(k, bool) or not 2 <= k <= 1000:
        raise BadInput(f"k must be a whole number from 2 to 1000, not {k!r}", code="bad_k")


def _tables(conn, today: date, k: int, dominance: float, period: str) -> list[Table]:
    """The tables of `specs(period)` as counted, before any cell is withheld."""
    geo.load_region_table(conn)
    try:
        for sql in TEMP_TABLES_SQL:
            conn.execute(sql)
        conn.execute(PERSONS_SQL, {"today": today, "period": period, "purged_by": clock.day_ends_at(today)})
        conn.execute(CELLS_SQL, {"today": today})
        conn.execute(REQUESTS_SQL, {"today": today})
        order_parts = _order_tables(conn, today, k, dominance, period)
        groups = [g for (g,) in conn.execute(PRODUCT_GROUPS_SQL).fetchall()]
        tables = []
        for spec in specs(period):
            parts = order_parts.get(spec.kind) or [conn.execute(sql).fetchall() for sql in TABLE_SQL[spec.kind]]
            tables.append(_table(spec, parts, today, groups))
        return tables
    finally:
        for sql in DROP_SQL:
            conn.execute(sql)


def period_parent(level: str, row: str) -> str:
    """The row of the next coarser period that a row falls in: 2026-11 -> 2026-Q4, 2026-Q4 -> 2026."""
    year, _, part = row.partition("-")
    if level == "month":
        return f"{year}-Q{(int(part) - 1) // 3 + 1}"
    return year


def _protect_linked(levels: dict[str, Table], k: int, dominance: float) -> dict[str, Protected]:
    """The disclosure rules for tables published together (one, or a time table's three periods); a table
    without rows (no purges yet) is its empty total row.

    Remembered for the last few distinct inputs of this process: the protection is the dear part of the
    statistics, and the same tables come back when a page changes the period or day back and forth, or the
    tables untouched by a purge are made again after it."""
    key = hashlib.sha256(repr(([(level, t.rows, t.columns, sorted(t.cells.items()), sorted(t.row_totals.items()),
                                 sorted(t.column_totals.items()), t.total, t.money) for level, t in levels.items()],
                               k, dominance)).encode()).hexdigest()
    if (found := _PROTECTED.get(key)) is not None:
        _PROTECTED.move_to_end(key)
        return found
    if all(table.rows and table.columns for table in levels.values()):
        found = linked.protect(levels, period_parent, k=k, dominance=dominance)
    else:
        found = {level: _protect(table, k, dominance) for level, table in levels.items()}
    _PROTECTED[key] = found
    while len(_PROTECTED) > _REMEMBERED:
        _PROTECTED.popitem(last=False)
    return found


_PROTECTED: OrderedDict[str, dict[str, Protected]] = OrderedDict()
_REMEMBERED = 32


class CellRow(NamedTuple):
    """One cell or margin of a table as the queries give it; row or column is None for a margin."""

    row: object
    column: object
    value: object  # a count, or euros (Decimal)
    persons: int  # distinct persons (for the order tables possibly a bound, see _order_tables)
    top: object  # the largest contribution of one person (money tables), else 0


class _Bounds(NamedTuple):
    """What the one pass over the orders knows of a cell or margin of an order table."""

    value: object  # exact: a count, or euros (Decimal)
    persons: int  # buckets hit: a lower bound of the distinct persons, until counted exactly
    top: object  # the larger of the odd and even ids' sums: an upper bound of one person's share
    exact: bool  # the bounds cannot decide the rules: the exact pass counts this one
    orders: int  # how many orders (what the exact pass must read to count it)


def _order_tables(conn, today: date, k: int, dominance: float, period: str) -> dict[str, list[list[CellRow]]]:
    """The two order tables as (interior, row margins, column margins, grand total) rows.
    Values are exact; persons and top are exact wherever the rules could turn on them, and
    otherwise bounds that already decide them (at least min(k, 64) persons, no person over the
    dominance share; or fewer orders than k)."""
    found: dict[str, dict[tuple, _Bounds]] = {}
    money_kinds = {spec.kind for spec in SPECS if spec.money}
    for name, sql in BOUNDS.items():
        money = name in money_kinds
        keys = found[name] = {}
        for row, column, no_row, no_column, n, cents, buckets, odd in conn.execute(sql, {"period": period}).fetchall():
            n, cents, buckets, odd = n or 0, cents or 0, buckets or 0, odd or 0  # no orders at all: NULLs
            value = Decimal(cents) / 100 if money else n
            top = Decimal(max(odd, cents - odd)) / 100 if money else 0
            # Fewer buckets than k and fewer orders than k: fewer persons than k, withheld whatever the
            # exact count (which only the rule reads). Fewer buckets but k orders or more: count them.
            exact = k <= n and buckets < k or (money and cents > 0 and top > Decimal(str(dominance)) * value)
            keys[(None if no_row else row, None if no_column else column)] = _Bounds(value, buckets, top, exact, n)
    if any(bounds.exact for keys in found.values() for bounds in keys.values()):
        conn.execute(DETAIL_SQL, _detail_params(conn, found, today, period))
        conn.execute(PERSON_MONTHS_SQL)
        for name, keys in found.items():
            for part in TABLE_SQL[name]:
                for counted in map(CellRow._make, conn.execute(part).fetchall()):
                    key = (counted.row, counted.column)
                    if (bounds := keys.get(key)) and bounds.exact:
                        keys[key] = bounds._replace(persons=counted.persons, top=counted.top)
    out = {}
    for name, keys in found.items():
        rows = [CellRow(r, c, b.value, b.persons, b.top) for (r, c), b in keys.items()]
        out[name] = [[x for x in rows if x.row is not None and x.column is not None],
                     [x for x in rows if x.row is not None and x.column is None],
                     [x for x in rows if x.row is None and x.column is not None],
                     [x for x in rows if x.row is None and x.column is None]]
    return out


def _detail_params(conn, found: dict, today: date, period: str) -> dict:
    """What the exact pass must read so that every flagged cell and margin is complete: a
    flagged margin's whole row (a period) or column (a product group, a region); a flagged
    cell's row or column, whichever holds fewer orders; everything only when the grand total
    is flagged (a tiny register)."""
    months, columns = set(), {"orders": set(), "revenue": set()}
    everything = False
    for name, keys in found.items():
        for (row, column), bounds in keys.items():
            if not bounds.exact:
                continue
            if row is None and column is None:
                everything = True
            elif column is None or (row is not None and keys[(row, None)].orders <= keys[(None, column)].orders):
                months.add(row)
            else:
                columns[name].add(column)
    months = sorted(months)
    listed = conn.execute(LISTED_PRODUCTS_SQL).fetchall()
    first, after = ((first_day(months[0], period), first_day(months[-1], period, later=1)) if months
                    else (today, today))
    return {"today": today, "period": period, "months": months, "first": first, "after": after,
            "everything": everything, "products": sorted(p for p, g in listed if g in columns["orders"]),
            "other": OTHER_GROUP in columns["orders"], "listed": sorted(p for p, _ in listed),
            "regions": sorted(columns["revenue"])}


def period_key(day: date, period: str) -> int:
    """The key of the period `day` falls in, as PERIOD_KEY_SQL makes it."""
    return day.year * 100 + {"month": day.month, "quarter": (day.month - 1) // 3 + 1, "year": 0}[period]


def first_day(key: int, period: str, later: int = 0) -> date:
    """The first day of the period `key`, or of the period `later` periods after it."""
    year, part = divmod(key, 100)
    month = {"month": part, "quarter": 3 * (part - 1) + 1, "year": 1}[period]
    year, month = divmod(year * 12 + month - 1 + later * MONTHS_IN[period], 12)
    return date(year, month + 1, 1)


def _protect(table: Table, k: int, dominance: float) -> Protected:
    """The disclosure rules; a table without rows (no purges yet) is its empty total row."""
    if table.rows and table.columns:
        return protect(table, k=k, dominance=dominance)
    keys = [(TOTAL, c) for c in table.columns] + [(TOTAL, TOTAL)]
    return Protected(table, {key: "published" for key in keys}, {})


def _periods(first: int | None, today: date, period: str) -> list[int]:
    """Period keys from `first` to today's period, every one (a period with nothing is a 0)."""
    if first is None:
        return []
    out, day, last = [], first_day(first, period), period_key(today, period)
    while (key := period_key(day, period)) <= last:
        out.append(key)
        day = first_day(key, period, later=1)
    return out


def period_label(key: int, period: str = "month") -> str:
    """2026-11 for a month, 2026-Q4 for a quarter, 2026 for a year."""
    year, part = divmod(int(key), 100)
    return {"month": f"{year:04d}-{part:02d}", "quarter": f"{year:04d}-Q{part}", "year": f"{year:04d}"}[period]


def _labels(dimension: str, found: list, today: date, groups: list[str]) -> list:
    """Row or column keys in display order: every known value of the dimension, and any other
    value the data holds (so nothing is dropped)."""
    known = {
        "region": list(geo.REGIONS) + [geo.UNKNOWN_REGION],
        "status": list(STATUSES),
        "product_group": [g for g in groups if g != OTHER_GROUP] + [OTHER_GROUP],
        "kind": list(REQUEST_KINDS),
        "outcome": list(OUTCOMES),
    }.get(dimension)
    if dimension in PERIODS:
        return _periods(min(found) if found else None, today, dimension)
    extra = sorted(v for v in set(found) if v not in known)
    return known + extra


def _cell(found: CellRow, money: bool) -> Cell:
    value = float(found.value if isinstance(found.value, Decimal) else found.value or 0)
    return Cell(value if money else int(value), int(found.persons), float(found.top or 0))


def _table(spec: TableSpec, parts: list[list[tuple]], today: date, groups: list[str]) -> Table:
    """The table of `spec` from its four parts (interior, row margins, column margins, grand
    total), each rows of (row, column, value, persons, top)."""
    inner, by_row, by_column, grand = ([CellRow._make(x) for x in part] for part in parts)
    if spec.kind == "relationships":
        columns = ["new", "ended"]
    elif spec.kind == "purges":
        columns = ["purged"]
    else:
        columns = _labels(spec.columns, [x.column for x in inner], today, groups)
    rows = _labels(spec.rows, [x.row for x in inner], today, groups)
    label = partial(period_label, period=spec.rows) if spec.rows in PERIODS else str
    money = spec.money
    cells = {(label(x.row), x.column): _cell(x, money) for x in inner}
    found_rows = {label(x.row): _cell(x, money) for x in by_row}
    found_columns = {x.column: _cell(x, money) for x in by_column}
    row_totals = {label(r): found_rows.get(label(r), Cell(0, 0)) for r in rows}
    column_totals = {c: found_columns.get(c, Cell(0, 0)) for c in columns}
    total = _cell(grand[0], money) if grand and grand[0].persons else Cell(0, 0)
    return Table(rows=tuple(label(r) for r in rows), columns=tuple(columns), cells=cells,
                 row_totals=row_totals, column_totals=column_totals, total=total, money=money)


# --- output ----------------------------------------------------------------------------------
def _text(value: float | None, money: bool, dialect: str) -> str:
    if value is None:
        return WITHHELD
    text = f"{value:.2f}" if money else str(int(value))
    return text.replace(".", ",") if dialect == "excel-fi" else text


# The words of the tables' labels, (Finnish, English): the page shows them in the session's language
# and the Finnish-Excel CSV writes the Finnish ones (the standard CSV keeps the codes of section 8).
LABEL_WORDS: dict[str, tuple[str, str]] = {
    "dim.region": ("Maakunta", "Region"),
    "dim.status": ("Asiakkuus", "Customer status"),
    "dim.month": ("Kuukausi", "Month"),
    "dim.quarter": ("Neljännes", "Quarter"),
    "dim.year": ("Vuosi", "Year"),
    "dim.product_group": ("Tuoteryhmä", "Product group"),
    "dim.change": ("Muutos", "Change"),
    "dim.kind": ("Pyynnön laji", "Kind of request"),
    "dim.outcome": ("Tulos", "Outcome"),
    "status.active": ("voimassa", "active"),
    "status.ended": ("päättynyt", "ended"),
    "outcome.open": ("avoin", "open"),
    "outcome.completed": ("toteutettu", "completed"),
    "outcome.refused": ("evätty", "refused"),
    "outcome.withdrawn": ("peruttu", "withdrawn"),
    "change.new": ("alkaneet", "new"),
    "change.ended": ("päättyneet", "ended"),
    "change.purged": ("poistetut", "purged"),
    "region.unknown": ("tuntematon", "unknown"),
    "product_group.other": ("muut", "other"),
    "total": ("Yhteensä", "Total"),
    **{f"kind.{k}": pair for k, pair in zip(("access", "rectification", "erasure", "restriction", "objection",
                                            "portability"),
                                           [("tarkastus", "access"), ("oikaisu", "rectification"),
                                            ("poisto", "erasure"), ("rajoitus", "restriction"),
                                            ("vastustus", "objection"), ("siirto", "portability")], strict=True)},
}


def finnish_label(dimension: str, value: str) -> str:
    """A row or column label as the Finnish-Excel CSV writes it: months, quarters, years and regions
    as they are, codes in words."""
    if value == TOTAL:
        return LABEL_WORDS["total"][0]
    key = f"kind.{value}" if dimension == "kind" else f"{dimension}.{value}"
    return LABEL_WORDS[key][0] if key in LABEL_WORDS else value


def table_rows(stat: StatTable, dialect: str = "standard") -> list[list[str]]:
    """The wide table of section 8: header, one row per row label, the total row. The excel-fi
    dialect writes the labels in Finnish words (section 8's codes stay in the standard CSV)."""
    table = stat.table
    rows_dim, columns_dim = stat.spec.rows, stat.spec.columns
    if dialect == "excel-fi":
        def words(dimension, value):
            return finnish_label(dimension, value)
        corner = LABEL_WORDS[f"dim.{rows_dim}"][0]
    else:
        def words(dimension, value):
            return value
        corner = rows_dim
    header = [corner, *(words(columns_dim, c) for c in table.columns), words(columns_dim, TOTAL)]
    body = []
    for row in (*table.rows, TOTAL):
        values = [_text(stat.cell(row, column), table.money, dialect) for column in (*table.columns, TOTAL)]
        body.append([words(rows_dim, row), *values])
    return [[neutralise(text) for text in line] for line in [header, *body]]


def csv_bytes(stat: StatTable, dialect: str = "standard") -> bytes:
    """The table as CSV: UTF-8 and commas; `excel-fi` is for Finnish Excel (semicolons, decimal
    comma, a byte-order mark so that Excel reads UTF-8)."""
    if dialect not in DIALECTS:
        raise BadInput(f"unknown CSV dialect {dialect!r}: use one of {', '.join(DIALECTS)}")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if dialect == "excel-fi" else ",", lineterminator="\r\n")
    writer.writerows(table_rows(stat, dialect))
    data = out.getvalue().encode("utf-8")
    return b"\xef\xbb\xbf" + data if dialect == "excel-fi" else data


def tables_json(tables: list[StatTable]) -> list[dict]:
    """The index of section 8, one entry per CSV file."""
    return [{"file": s.spec.file, "title_fi": s.spec.title_fi, "title_en": s.spec.title_en, "rows": s.spec.rows,
             "columns": s.spec.columns, "measure": s.spec.measure, "k": s.k} for s in tables]


def output_files(tables: list[StatTable], dialect: str = "standard") -> dict[str, bytes]:
    """Every file of `stats --out`: one CSV per table and tables.json."""
    files = {s.spec.file: csv_bytes(s, dialect) for s in tables}
    files["tables.json"] = (json.dumps(tables_json(tables), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return files


def write_output(tables: list[StatTable], out_dir, dialect: str = "standard") -> list[str]:
    """Write the files into `out_dir` (created if missing); returns their names."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise BadInput(f"--out {out} is a file, not a directory")
    out.mkdir(parents=True, exist_ok=True)
    files = output_files(tables, dialect)
    for name, data in files.items():
        (out / name).write_bytes(data)
    return list(files)


def zip_bytes(tables: list[StatTable], dialect: str = "standard") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in output_files(tables, dialect).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def protection_report(stat: StatTable, dominance: float = DOMINANCE) -> dict:
    """Per withheld cell: why (primary or secondary), the interval an attacker can derive from
    everything published (all periods of a time table together; high is None when unbounded),
    and the range that interval must reach (REGISTER.md section 5): need_low and need_high, for a
    primary cell; a secondary cell (publishable in itself) must only not be pinned to one value, so
    its need_low and need_high are None."""
    cells = []
    table = stat.table
    per_unit = 100 if table.money else 1
    for (row, column), status in stat.protected.status.items():
        if status == "published":
            continue
        low, high = stat.protected.intervals[(row, column)]
        cell = input_cell(table, (row, column))
        need_low, need_high = linked.range_in_units(round(cell.value * per_unit), round(cell.top * per_unit),
                                                    table.money, status, dominance)
        cells.append({"row": row, "column": column, "why": status, "low": round(low, 2),
                      "high": None if high == float("inf") else round(high, 2),
                      "need_low": round(need_low / per_unit, 2) if status == "primary" else None,
                      "need_high": round(need_high / per_unit, 2) if status == "primary" else None})
    return {"file": stat.spec.file, "withheld": len(cells),
            "primary": sum(c["why"] == "primary" for c in cells),
            "secondary": sum(c["why"] == "secondary" for c in cells), "cells": cells}
