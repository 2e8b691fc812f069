"""Anonymised statistics (REGISTER.md sections 5 and 8): the tables counted in the store and
protected by the disclosure rules. The Statistics page and `python -m registry stats` both call
`statistics()`, so they publish the same numbers (their files: `publishing`).

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

import hashlib
import json
import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import partial
from typing import NamedTuple

from .. import clock, geo
from ..access import Actor, require
from ..errors import BadInput, StoreBusy
from ..store.db import transaction
from ..requests.register import REQUEST_KINDS
from .cells import DOMINANCE, TOTAL, Cell, K, Protected, Table
from .tables import (OTHER_GROUP, OUTCOMES, PERIODS, SPECS, STATUSES, TableSpec, first_day, period_key, period_label,
                     period_parent, specs)


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


def statistics(conn, actor: Actor, today: date, k: int = K, dominance: float = DOMINANCE,
               period: str = "month") -> list[StatTable]:
    """Every table of the statistics on `today`, with its cells withheld as the rules say; the
    time tables have a row per `period` (month, quarter or year). Holds `conn` throughout; where the
    store is shared (the page, `stats`), `statistics_from_store` closes it before protecting."""
    return statistics_from_store(lambda: nullcontext(conn), actor, today, k, dominance, period)


def statistics_from_store(open_store: Callable[[], AbstractContextManager], actor: Actor, today: date,
                          k: int = K, dominance: float = DOMINANCE, period: str = "month",
                          progress: Progress | None = None) -> list[StatTable]:
    """`statistics`, with the store opened (`open_store()`, e.g. `partial(db.connect, path)`) only to
    count: the protection takes seconds, and the dashboard and the scheduled jobs share the file.
    `progress(stage, done, total, spec)` is told each stage as it starts (see `Progress`)."""
    return statistics_of_periods(open_store, actor, today, k, dominance, (period,), progress)[period]


def statistics_of_periods(open_store: Callable[[], AbstractContextManager], actor: Actor, today: date,
                          k: int = K, dominance: float = DOMINANCE, periods: Sequence[str] = PERIODS,
                          progress: Progress | None = None, first: str | None = None,
                          ready: TableReady | None = None) -> dict[str, list[StatTable]]:
    """`statistics_from_store` for each of `periods` at once (the first is the one `progress` is told of): one
    count and one protection serve them all, as every period is counted and protected together anyway; the
    page keeps the others for a period switch. The table of kind `first` is protected first, and `ready` is
    told each table as soon as it is protected (from a worker thread), so that a page can show the table
    being read while the others are made."""
    require(actor, "read_statistics")
    for period in periods:
        _check(period, k)
    tell = progress or (lambda *args: None)
    tell("count", 0, 1, None)
    # The protection's libraries (numpy, scipy, HiGHS: some 0.4 s) load while DuckDB counts (it lets go of
    # Python's lock while it works): nothing the counting needs imports them.
    # Joined whatever happens: a process that ends while a thread imports can crash on its way out.
    loading = threading.Thread(target=_load_protection, daemon=True)
    with open_store() as conn:
        loading.start()
        try:
            counted = count_tables(conn, actor, today, k, dominance)
        finally:
            loading.join()

    def each_period(n: int, found: dict[str, Protected]) -> None:
        spec = specs(periods[0])[n]
        ready(spec.kind, {period: _cut(found, specs(period)[n], k) for period in periods})

    made = {periods[0]: protect_tables(counted, periods[0], k, dominance, progress=tell, first=first,
                                       ready=each_period if ready else None)}
    # the other periods are cut from the same protections (remembered by `_protect_linked`): no linear program
    made.update({period: protect_tables(counted, period, k, dominance) for period in periods[1:]})
    tell("keep", 0, 1, None)
    try:  # best effort: a store busy now only means the next view protects again
        with open_store() as conn:
            keep_patterns(conn, counted, periods[0], k, dominance)
    except StoreBusy:
        pass
    return made


def _load_protection() -> None:
    import highspy  # noqa: F401 - loaded for the first linear program

    from . import disclosure, linked  # noqa: F401


# A table protected, told as soon as it is: its kind and its table of each period asked for.
TableReady = Callable[[str, dict[str, StatTable]], None]


def _cut(found: dict[str, Protected], spec: TableSpec, k: int) -> StatTable:
    """A period's table out of the protection of its table's levels (a time table's three periods, or itself)."""
    return StatTable(spec, found[spec.rows], k)


# A stage of making the statistics, told as it starts: ("count", 0, 1, None) the tables counted in the store;
# ("protect", n, total, spec) the n-th of `total` tables (0-based) protected, or its kept pattern read;
# ("keep", 0, 1, None) the new patterns kept in the store. A page shows them; a caller may raise to stop.
Progress = Callable[[str, int, int, "TableSpec | None"], None]


@dataclass(frozen=True)
class Counted:
    """Every period's tables as counted, before any cell is withheld: what `statistics` reads from the
    store. Protecting them (`protect_tables`) needs no connection, so a caller can close the store first:
    the protection takes seconds, and the dashboard and the scheduled jobs share the file."""

    tables: dict[str, list[Table]]  # period -> the tables of specs(period)
    kept: dict[str, dict] = field(default_factory=dict)  # pattern key -> statuses kept in the store for it
    today: date | None = None  # the day counted for
    last: dict[str, dict] = field(default_factory=dict)  # family -> the statuses last kept for that time table


def count_tables(conn, actor: Actor, today: date, k: int = K, dominance: float = DOMINANCE) -> Counted:
    """The tables of every period on `today` (the time tables are protected as one, REGISTER.md section 5:
    a quarter minus its published months must give no withheld month back)."""
    require(actor, "read_statistics")
    _check(PERIODS[0], k)
    tables = {each: _tables(conn, today, k, dominance, each) for each in PERIODS}
    groups = [group for each in PERIODS for group in _groups(tables, each, k, dominance)]
    keys = sorted({key for _, _, key in groups})
    kept = {key: json.loads(statuses) for key, statuses in conn.execute(KEPT_SQL, [keys]).fetchall()}
    families = sorted({_family(spec, k, dominance) for spec, _, key in groups if spec.by_period and key not in kept})
    last = {family: json.loads(statuses) for family, statuses in conn.execute(LAST_SQL, [families, today]).fetchall()}
    return Counted(tables, kept, today, last)


# Patterns kept in the store (statistics_patterns): the statuses `linked.protect` gave, under a hash of everything
# it read (every cell of every level, k, the dominance and PATTERN_VERSION). Aggregates only: which cell of a table
# is published, withheld first or as a complement; nothing a purge must remove. A change that moves any cell (a
# purge, an import, a restore, a new day's orders) or k gives another key, so a kept pattern is never used for
# tables it was not made for. Bump PATTERN_VERSION when the protection's rules or method change.
#
# A time table's pattern also starts the next one of the same table, k and dominance (its family): the cells it
# withheld in periods now past (not today's month, quarter or year, not the totals over all periods) are withheld
# again from the start, then the protection and the whole audit run as ever (`linked.protect`, `anchor`). A past
# month published one day stays published when it can, and a month withheld stays withheld: un-withholding it
# would let a reader set the two days' files side by side. And the protection then only has to fit today's periods.
# 2: a table published on its own gets the exact pattern of least cost (`_on_its_own`); 3: the linked repair's
# unknowns are each cell's moves up and down (`linked._Repair`), and the number of persons no longer breaks ties
# between cells of equal value (`disclosure._cost_rank`); 4: the audit's tolerance is at most a hundredth of a unit
# (it let large secondary cells through pinned), a secondary cell pinned by the published cells is published, the
# repair weighs a move by the cell's size (`linked._move_costs`), and the linked protection starts from each table's
# lines without its own audit
PATTERN_VERSION = 4
KEEP_DAYS = 400  # a pattern not made again for this long is let go (a past day's statistics are made again then)
KEPT_SQL = "SELECT key, statuses FROM statistics_patterns WHERE list_contains(?::VARCHAR[], key)"
LAST_SQL = """
SELECT family, statuses FROM statistics_patterns
WHERE list_contains(?::VARCHAR[], family) AND made_for <= ?
QUALIFY row_number() OVER (PARTITION BY family ORDER BY made_for DESC, made_at DESC, key) = 1"""
KEEP_SQL = """
INSERT INTO statistics_patterns (key, statuses, made_at, family, made_for) VALUES (?, ?, ?, ?, ?)
ON CONFLICT DO NOTHING"""
FORGET_SQL = "DELETE FROM statistics_patterns WHERE made_at < ?"


def _groups(tables: dict[str, list[Table]], period: str, k: int, dominance: float):
    """(spec, levels protected together, their pattern key) for each table of `period`."""
    for n, spec in enumerate(specs(period)):
        levels = {each: tables[each][n] for each in PERIODS} if spec.by_period else {spec.rows: tables[period][n]}
        yield spec, levels, _pattern_key(levels, k, dominance)


def _pattern_key(levels: dict[str, Table], k: int, dominance: float) -> str:
    return hashlib.sha256(repr(([(level, t.rows, t.columns, sorted(t.cells.items()), sorted(t.row_totals.items()),
                                  sorted(t.column_totals.items()), t.total, t.money) for level, t in levels.items()],
                                k, dominance, PATTERN_VERSION)).encode()).hexdigest()


def _family(spec: TableSpec, k: int, dominance: float) -> str:
    """The same time table under the same rules, whatever its day, its cells and the version of the method that
    made it: a new version starts from the cells the old one withheld in past periods, so an upgrade does not
    publish a past month that yesterday's files withheld (the audit then checks the whole pattern as ever)."""
    return hashlib.sha256(repr(("family", spec.kind, k, dominance)).encode()).hexdigest()


def _past(levels: dict[str, Table], statuses: dict) -> list[tuple[str, str, str]]:
    """The cells `statuses` (a kept pattern's) withheld in periods that are past for `levels`: every row but each
    level's last (today's month, quarter, year) and the totals over all periods."""
    current = {level: table.rows[-1] if table.rows else None for level, table in levels.items()}
    return [(level, row, column) for level, rows in statuses.items() if level in levels
            for row, column, why in rows if why != "published" and row not in (TOTAL, current[level])]


def keep_patterns(conn, counted: Counted, period: str, k: int = K, dominance: float = DOMINANCE, now=None) -> int:
    """Keep in the store the patterns `protect_tables(counted, period, ...)` made that the store did not hold
    yet, so that the next view or `stats` of the same tables reads them instead of protecting again, and a later
    day's starts from them; let go of those not made for KEEP_DAYS. Returns how many were kept."""
    from datetime import UTC, datetime, timedelta

    now = now or datetime.now(UTC).replace(tzinfo=None)
    new = []
    for spec, levels, key in _groups(counted.tables, period, k, dominance):
        found = _PROTECTED.get(key)
        if key in counted.kept or found is None or not all(t.rows and t.columns for t in levels.values()):
            continue
        statuses = json.dumps({level: [[row, column, why] for (row, column), why in p.status.items()]
                               for level, p in found.items()}, ensure_ascii=False)
        new.append((key, statuses, now, _family(spec, k, dominance) if spec.by_period else None, counted.today))
    with transaction(conn):
        for row in new:
            conn.execute(KEEP_SQL, row)
        conn.execute(FORGET_SQL, [now - timedelta(days=KEEP_DAYS)])
    return len(new)


def protect_tables(counted: Counted, period: str = "month", k: int = K, dominance: float = DOMINANCE,
                   progress: Progress | None = None, first: str | None = None,
                   ready: Callable[[int, dict[str, Protected]], None] | None = None) -> list[StatTable]:
    """The tables of `period` with their cells withheld as the rules say, every period cut from one
    pattern. The table of kind `first` starts first; `ready(n, levels)` is told the n-th table's
    protection as soon as it is made (in the worker that made it)."""
    _check(period, k)
    out = []
    groups = list(_groups(counted.tables, period, k, dominance))

    def protected(spec, levels, key):
        last = counted.last.get(_family(spec, k, dominance)) if spec.by_period else None
        return _protect_linked(levels, k, dominance, key, counted.kept.get(key), last)

    # The tables are protected TABLE_WORKERS at a time (each on its own: the results do not depend on it), so
    # that the small ones use the core the dear one leaves idle while it repairs; they are told and given in
    # their order. A caller that stops (its `progress` raises) does not wait for those under way.
    pool = ThreadPoolExecutor(TABLE_WORKERS)
    try:
        # `first`, then the largest, so that the dear one starts at once and the small ones fill the other core
        size = [sum(len(t.rows) * len(t.columns) for t in levels.values()) for _spec, levels, _key in groups]
        made = dict.fromkeys(sorted(range(len(groups)), key=lambda n: (groups[n][0].kind != first, -size[n])))

        def told(n: int, future) -> None:
            if future.exception() is None:  # one that failed is raised below, in its order
                ready(n, future.result())

        for n in made:
            made[n] = pool.submit(protected, *groups[n])
            if ready:
                made[n].add_done_callback(partial(told, n))
        for n, (spec, _levels, _key) in enumerate(groups):
            future = made[n]
            if progress:
                progress("protect", n, len(groups), spec)
            out.append(_cut(future.result(), spec, k))
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
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


def _protect_linked(levels: dict[str, Table], k: int, dominance: float, key: str,
                    kept: dict | None = None, last: dict | None = None) -> dict[str, Protected]:
    """The disclosure rules for tables published together (one, or a time table's three periods); a table
    without rows (no purges yet) is its empty total row. `kept`: the pattern kept for exactly these tables;
    `last`: the one kept last for the same time table, whose past periods' withheld cells start this one.

    Remembered for the last few distinct inputs of this process: the protection is the dear part of the
    statistics, and the same tables come back when a page changes the period or day back and forth, or the
    tables untouched by a purge are made again after it."""
    from . import linked
    with _PROTECTED_LOCK:
        if (found := _PROTECTED.get(key)) is not None:
            _PROTECTED.move_to_end(key)
            return found
    linked_tables = all(table.rows and table.columns for table in levels.values())
    if linked_tables and kept is not None:  # made before for exactly these tables (see PATTERN_VERSION)
        found = linked.from_pattern(levels, period_parent, {level: {(row, column): why for row, column, why in rows}
                                                            for level, rows in kept.items()})
    elif linked_tables and len(levels) == 1:
        found = _on_its_own(levels, k, dominance)
    elif linked_tables:
        found = linked.protect(levels, period_parent, k=k, dominance=dominance,
                               anchor=_past(levels, last) if last else ())
    else:
        found = {level: _protect(table, k, dominance) for level, table in levels.items()}
    with _PROTECTED_LOCK:
        _PROTECTED[key] = found
        while len(_PROTECTED) > _REMEMBERED:
            _PROTECTED.popitem(last=False)
    return found


# A table published on its own (persons by region and status, requests by kind and outcome) gets the pattern of
# least cost that passes the whole audit (registry/statistics/optimal.py: each withheld value weighed as the repair
# weighs it, a total twice; no empty cell as a complement) where that costs less than the heuristic's: a few dozen
# cells, solved in a fraction of a second (docs/statistics.md has what it saves). The limit is in rounds, not
# seconds, so that a slower machine publishes the same pattern; past it, the heuristic's pattern stands.
LEAST_ROUNDS = 60


def _on_its_own(levels: dict[str, Table], k: int, dominance: float) -> dict[str, Protected]:
    from . import linked
    from .optimal import optimal, weighted_cost

    heuristic = linked.protect(levels, period_parent, k=k, dominance=dominance)
    best = optimal(levels, period_parent, k=k, dominance=dominance, rounds=LEAST_ROUNDS, seconds=math.inf,
                   empty=False, weighted=True)
    system = linked.linked_system(levels, period_parent)
    if best.optimal and weighted_cost(system, list(levels), best.withheld()) < \
            weighted_cost(system, list(levels), linked.withheld_keys(heuristic)):
        return linked.from_pattern(levels, period_parent, best.status)
    return heuristic


_PROTECTED: OrderedDict[str, dict[str, Protected]] = OrderedDict()
_PROTECTED_LOCK = threading.Lock()  # the tables are protected in threads (`protect_tables`)
_REMEMBERED = 32
TABLE_WORKERS = 2


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


def _protect(table: Table, k: int, dominance: float) -> Protected:
    """The disclosure rules; a table without rows (no purges yet) is its empty total row."""
    if table.rows and table.columns:
        from .disclosure import protect

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


