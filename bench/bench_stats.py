"""Benchmark: all statistics tables with disclosure control (issue #6). Prints figures, asserts nothing.

    python bench/bench_stats.py --persons 1000000 [--repeat 5] [--workdir DIR] [--today 2026-11-25]

Setup, untimed: the demo store (`registry.demo.generate`) is built once per size, seed and day in
the work directory (default /tmp/registry-bench) and reused by later runs.

Two ways to make the six tables of `registry.statistics` (REGISTER.md sections 5 and 8), each timed
whole: open the store, compute every table with its totals, protect it (primary, secondary
suppression and the audit: the same `disclosure.protect` for both), close.

* `registry`: `stats.statistics(conn, actor, today)` inside `db.connect`, as the page and
  `python -m registry stats` run it, three times over (issue #25): cold, with no disclosure pattern kept in
  the store; next day, with only the day before's kept (each time table's protection starts from the past
  periods it withheld); warm, with the day's own kept (read, not worked out);
* `pandas`: a plain pandas implementation of the same tables: load the columns the tables
  need (customers, orders, product groups, requests; no WHERE), then filter, join and group in
  pandas (`nunique` for distinct persons, per-person sums for the dominance rule), then protected cold.

Before timing, both are run once and their published tables compared cell by cell (the CSV
rows of section 8): "results identical: yes" means every published value and every `..` is
the same. Every timed run is a fresh process (`--child`; imports untimed), as a `stats` job or a
page's first computation after a server start is; in one process, a pandas run's gigabytes
before a registry run made the latter 30 % slower. The variants take turns within each repeat,
so that noise on a shared machine falls on both alike. Reported: median, min and max seconds,
the ratio of the medians, and a SHA-256 of the files `stats --out` would write for the store and
day (a refactoring of the statistics must leave it unchanged).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from importlib.metadata import version
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from registry import clock, geo  # noqa: E402

from registry.store import db  # noqa: E402
from registry.access import Actor  # noqa: E402
from registry.demo import generate  # noqa: E402
from registry.statistics.counting import (PRODUCT_GROUPS_SQL, Counted, StatTable, _table,  # noqa: E402
                                         protect_tables, statistics as registry_statistics)
from registry.statistics.disclosure import DOMINANCE, K  # noqa: E402
from registry.statistics.publishing import output_files, table_rows  # noqa: E402
from registry.statistics.tables import PERIODS, specs  # noqa: E402

DEFAULT_WORKDIR = Path(tempfile.gettempdir()) / "registry-bench"
SEED = 1
ACTOR = Actor("bench", "auditor")

LOAD_SQL = {
    "customers": "SELECT id, postal_postcode, postal_country, customer_since, customer_until, restricted_on, "
                 "purged_on, stat_region FROM customers",
    "orders": "SELECT customer_id, ordered_on, product, amount_eur FROM orders",
    "product_groups": "SELECT product, product_group FROM product_groups",
    "requests": "SELECT id, customer_id, kind, status, received_on, closed_on FROM requests",
}


def pandas_statistics(conn, today: date) -> list[StatTable]:
    """The same six tables, computed in pandas from the loaded columns, and protected as the registry does
    (the time tables of all three periods as one pattern: `stats.protect_tables`)."""
    return protect_tables(Counted({period: pandas_tables(conn, today, period) for period in PERIODS}), "month",
                          K, DOMINANCE)


def pandas_tables(conn, today: date, period: str) -> list:
    """The six tables with time rows of `period`, counted in pandas, before any cell is withheld."""
    import pandas as pd

    def key(day):  # the period's key, as registry.statistics.counting.PERIOD_KEY_SQL makes it
        part = {"month": day.dt.month, "quarter": day.dt.quarter, "year": 0}[period]
        return day.dt.year * 100 + part

    frames = {name: conn.execute(sql).df() for name, sql in LOAD_SQL.items()}
    c = frames["customers"]
    c = c[c["restricted_on"].isna() & (pd.to_datetime(c["customer_since"]) <= pd.Timestamp(today))].copy()
    code = c["postal_postcode"].fillna("")
    finnish = c["postal_country"].fillna("FI").str.upper().eq("FI") & code.str.fullmatch(r"[0-9]{5}")
    live = code.str[:2].map(geo.REGION_BY_PREFIX).where(finnish, geo.UNKNOWN_REGION).fillna(geo.UNKNOWN_REGION)
    c["region"] = live.where(c["purged_on"].isna(), c["stat_region"].fillna(geo.UNKNOWN_REGION))
    until = pd.to_datetime(c["customer_until"])
    ended = until.notna() & (until <= pd.Timestamp(today))
    c["status"] = ended.map({True: "ended", False: "active"})
    since = pd.to_datetime(c["customer_since"])
    c["since_month"] = key(since)
    c["until_month"] = key(until).where(ended)
    purged = pd.to_datetime(c["purged_on"])  # UTC; purged by the end of the Finnish day, in its Finnish month
    purged = purged.where(purged < pd.Timestamp(clock.day_ends_at(today)))
    local = purged.dt.tz_localize("UTC").dt.tz_convert(clock.ZONE_NAME)
    c["purged_month"] = key(local)
    persons = c.rename(columns={"id": "person"})

    o = frames["orders"]
    o = o[pd.to_datetime(o["ordered_on"]) <= pd.Timestamp(today)]
    o = o.merge(persons[["person", "region"]], left_on="customer_id", right_on="person")
    day = pd.to_datetime(o["ordered_on"])
    o["month"] = key(day)
    groups = dict(zip(frames["product_groups"]["product"], frames["product_groups"]["product_group"], strict=True))
    o["grp"] = o["product"].map(groups).fillna("other")
    o["cents"] = (o["amount_eur"].astype(float) * 100).round().astype("int64")

    def parts_count(frame, row, column, person="person"):
        def rows(keys):
            if not keys:
                return [(None, None, len(frame), frame[person].nunique(), 0)]
            g = frame.groupby(keys).agg(v=(person, "size"), p=(person, "nunique")).reset_index()
            r = g[row] if row in keys else [None] * len(g)
            col = g[column] if column in keys else [None] * len(g)
            return list(zip(r, col, g["v"], g["p"], [0] * len(g), strict=True))
        return [rows([row, column]), rows([row]), rows([column]), rows([])]

    per_person_month = o.groupby(["person", "month", "region"], as_index=False)["cents"].sum()
    per_person = per_person_month.groupby(["person", "region"], as_index=False)["cents"].sum()

    def money(frame, keys):  # one row per person in `frame`: persons = rows, top = the largest row
        return frame.groupby(keys).agg(v=("cents", "sum"), p=("person", "size"), t=("cents", "max")).reset_index()

    def revenue_parts():
        cells = money(per_person_month, ["month", "region"])
        by_row = money(per_person_month, ["month"])
        by_column = money(per_person, ["region"])
        eur = 100
        return [
            [(m, r, v / eur, p, t / eur) for m, r, v, p, t in cells.itertuples(index=False)],
            [(m, None, v / eur, p, t / eur) for m, v, p, t in by_row.itertuples(index=False)],
            [(None, r, v / eur, p, t / eur) for r, v, p, t in by_column.itertuples(index=False)],
            [(None, None, per_person["cents"].sum() / eur, len(per_person), (per_person["cents"].max() or 0) / eur)],
        ]

    events = pd.concat([persons[["person", "since_month"]].rename(columns={"since_month": "month"}).assign(change="new"),
                        persons.loc[persons["until_month"].notna(), ["person", "until_month"]]
                        .rename(columns={"until_month": "month"}).assign(change="ended")])
    events["month"] = events["month"].astype("int64")
    r = frames["requests"]
    r = r[(pd.to_datetime(r["received_on"]) <= pd.Timestamp(today))
          & (r["customer_id"].isna() | r["customer_id"].isin(persons["person"]))].copy()
    still_open = r["status"].isin(["received", "in_progress"]) | (pd.to_datetime(r["closed_on"]) > pd.Timestamp(today))
    r["outcome"] = r["status"].where(~still_open, "open")
    r["who"] = r["customer_id"].fillna(-r["id"]).astype("int64")
    purges = persons[persons["purged_month"].notna()].assign(change="purged")
    purges["purged_month"] = purges["purged_month"].astype("int64")

    parts = {
        "persons": parts_count(persons, "region", "status"),
        "orders": parts_count(o, "month", "grp"),
        "revenue": revenue_parts(),
        "relationships": parts_count(events, "month", "change"),
        "requests": parts_count(r, "kind", "outcome", person="who"),
        "purges": parts_count(purges, "purged_month", "change"),
    }
    group_names = [g for (g,) in conn.execute(PRODUCT_GROUPS_SQL).fetchall()]
    return [_table(spec, parts[spec.kind], today, group_names) for spec in specs(period)]


def registry_run(store: Path, today: date):
    with db.connect(store) as conn:
        return registry_statistics(conn, ACTOR, today, k=K, dominance=DOMINANCE)


def pandas_run(store: Path, today: date):
    with db.connect(store) as conn:
        return pandas_statistics(conn, today)


VARIANTS = {"registry": registry_run, "pandas": pandas_run}


def demo_store(workdir: Path, persons: int, today: date) -> Path:
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / f"stats-{persons}-seed{SEED}-{today.isoformat()}.duckdb"
    if not path.exists():
        started = time.perf_counter()
        with db.connect(path, must_exist=False) as conn:
            generate(conn, customers=persons, seed=SEED, today=today)
        print(f"built {path.name} in {time.perf_counter() - started:.0f} s")
    return path


def forget_patterns(store: Path, keep_day: date | None = None) -> None:
    """Delete the disclosure patterns kept in the store; with `keep_day`, make that day's statistics afterwards,
    so that only its patterns are kept (untimed)."""
    with db.connect(store) as conn:
        conn.execute("DELETE FROM statistics_patterns")
        if keep_day is not None:
            registry_statistics(conn, ACTOR, keep_day, k=K, dominance=DOMINANCE)


# What the store holds before each timed registry run (the first of each repeat needs nothing: pandas runs cold):
# "cold" nothing kept (a new store, another k); "next day" the day before's patterns only (a new day's first view,
# after the day's orders); "warm" the day's own (a view or `stats` again, once the nightly job has made them).
SETUPS = {"registry cold": lambda store, today: forget_patterns(store),
          "registry next day": lambda store, today: forget_patterns(store, today - timedelta(days=1)),
          "registry warm": lambda store, today: None,
          "pandas": lambda store, today: None}


def bench(persons: int, repeat: int, workdir: Path, today: date) -> None:
    store = demo_store(workdir, persons, today)
    forget_patterns(store)
    first = {name: run(store, today) for name, run in VARIANTS.items()}
    same = [table_rows(a) for a in first["registry"]] == [table_rows(b) for b in first["pandas"]]
    seconds: dict[str, list[float]] = {name: [] for name in SETUPS}
    for _ in range(repeat):
        for name, setup in SETUPS.items():
            setup(store, today)
            child = subprocess.run([sys.executable, __file__, "--child", name.split()[0], "--store", str(store),
                                    "--today", today.isoformat()], capture_output=True, text=True, check=True)
            seconds[name].append(json.loads(child.stdout)["seconds"])
    with db.connect(store) as conn:
        orders = conn.execute("SELECT count(*) FROM orders").fetchone()[0]
    withheld = sum(sum(why != "published" for why in t.protected.status.values()) for t in first["registry"])
    cells = sum((len(t.table.rows) + 1) * (len(t.table.columns) + 1) for t in first["registry"])
    print(f"statistics · {persons:,} persons · {orders:,} orders · {cells:,} cells, {withheld:,} withheld · "
          f"duckdb {version('duckdb')} · pandas {version('pandas')} · python {platform.python_version()} · "
          f"{os.cpu_count()} cores · load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    medians = {name: statistics.median(values) for name, values in seconds.items()}
    print(f"{'':14s}" + "".join(f"{name:>19s}" for name in seconds))
    print(f"{'median_s':14s}" + "".join(f"{medians[name]:19.3f}" for name in seconds))
    print(f"{'min–max_s':14s}" + "".join(f"{f'{min(v):.2f}–{max(v):.2f}':>19s}" for v in seconds.values()))
    print("ratio pandas/registry: " + ", ".join(f"{name.removeprefix('registry ')} {medians['pandas'] / medians[name]:.1f}×"
                                              for name in seconds if name != "pandas"))
    print(f"results identical: {'yes' if same else 'NO'}")
    digest = hashlib.sha256(b"".join(data for _, data in sorted(output_files(first["registry"]).items())))
    print(f"published files (stats --out) sha256: {digest.hexdigest()[:16]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR)
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 11, 25))
    parser.add_argument("--child", choices=VARIANTS, help=argparse.SUPPRESS)  # internal: one timed run
    parser.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        if args.child == "pandas":
            import pandas  # noqa: F401  (imports are not timed)
        started = time.perf_counter()
        VARIANTS[args.child](args.store, args.today)
        print(json.dumps({"seconds": time.perf_counter() - started}))
        return
    bench(args.persons, args.repeat, args.workdir, args.today)


if __name__ == "__main__":
    main()
