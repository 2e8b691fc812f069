"""Benchmark: the due list and a purge of 10,000 persons (issue #3). Prints figures, asserts nothing.

    python bench/bench_due_purge.py --persons 1000000 [--repeat 5] [--workdir DIR] [--today 2026-11-25]

Setup, untimed: the demo store (`registry.demo.generate`) is built once per size, seed and day in
the work directory (default /tmp/registry-bench) and reused by later runs.

Due list, three ways, each doing the whole of REGISTER.md section 3 (who is due, reason, due_on,
blockers) for every person:

* `registry`: `retention.due_persons(conn, today)` inside `db.connect(store)`, the open and close
  included, as the `due` command does it;
* `duckdb-bare`: `retention.DUE_SQL` executed and fetched on a DuckDB connection opened beforehand
  (the open is not timed): what the query alone costs;
* `pandas-cols`: a careful pandas app: load only the columns the rule needs from the six tables
  with `.df()` (no WHERE: filtering is pandas' work), then compute the same rows with pandas
  operations. Loading counts. Before timing, its result is checked once against `due_persons`.
* `pandas`: the plain pandas implementation the issue names ("load the tables, filter in
  Python"): the six tables loaded whole (`SELECT *`), then the same pandas operations.

Purge: the first 10,000 due, unblocked persons are purged with `purge.purge_persons` inside
`db.connect(scratch, exclusive=True)`, open, purge, store rewrite and close timed; the scratch
store is a fresh copy of the demo store each time (the copy is not timed). The rewrite alone is
read from the purge's `on_progress` steps (committed -> rewritten).

Every timed run is a fresh process (`--child`), so peak RSS (VmHWM) is that variant's own;
the due-list variants take turns within each repeat, so that noise on a shared machine falls on
all of them alike. Reported: median, min and max seconds over --repeat runs, and the largest peak RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from importlib.metadata import version
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

import duckdb  # noqa: E402

from registry.store import db, files  # noqa: E402
from registry.access import Actor  # noqa: E402
from registry.purge import purge_persons  # noqa: E402
from registry.retention.due import BLOCKERS, DUE_SQL, RETENTION_DAYS, due_persons  # noqa: E402

DEFAULT_WORKDIR = Path(tempfile.gettempdir()) / "registry-bench"
DEFAULT_TODAY = "2026-11-25"
SEED = 1
PURGE_COUNT = 10_000
DUE_VARIANTS = ("registry", "duckdb-bare", "pandas-cols", "pandas")

# --- the pandas version of the due list ----------------------------------------------------------
# pandas and numpy are imported inside the functions, so that the other variants' processes
# (and their peak RSS) do without them.

# The columns the rule reads, whole tables: a pandas app filters in pandas.
PANDAS_LOAD_SQL = {
    "customers": "SELECT id, customer_until, purged_on, is_contact_person, organisation_id FROM customers",
    "requests": "SELECT customer_id, kind, status, received_on, identity_verified_on, closed_on, duplicate_of "
                "FROM requests",
    "invoices": "SELECT customer_id, paid_on, credited_on FROM invoices",
    "collection_cases": "SELECT customer_id, closed_on FROM collection_cases",
    "legal_holds": "SELECT customer_id, lifted_on FROM legal_holds",
    "organisations": "SELECT id, customer_until FROM organisations",
}
OPEN_REQUEST_STATUSES = ("received", "in_progress")
# Blocker flags are summed as bits (bit i = BLOCKERS[i]); each sum maps to its sorted tuple of codes.
BLOCKER_SETS = {mask: tuple(code for bit, code in enumerate(BLOCKERS) if mask & (1 << bit))
                for mask in range(1 << len(BLOCKERS))}


def load_frames(store: Path, whole: bool = False) -> dict:
    """The six tables as DataFrames, read through `db.connect` as a pandas app would: only the
    rule's columns, or (`whole`) every column."""
    with db.connect(store) as conn:
        # Table names come from the fixed PANDAS_LOAD_SQL keys.
        return {table: conn.execute(f"SELECT * FROM {table}" if whole else sql).df()
                for table, sql in PANDAS_LOAD_SQL.items()}


def due_list_pandas(frames: dict, today: date):
    """REGISTER.md section 3 in pandas: columns customer_id, due_on, reason, blockers, by id."""
    import numpy as np
    import pandas as pd

    today = pd.Timestamp(today)
    requests = frames["requests"]
    erasure = requests[(requests.kind == "erasure") & requests.status.isin(OPEN_REQUEST_STATUSES)
                       & requests.identity_verified_on.notna() & requests.customer_id.notna()
                       & requests.duplicate_of.isna()]
    # Any other kind open on `today` blocks: the person is answered from their data first.
    other_open = requests[(requests.kind != "erasure") & requests.customer_id.notna() & (requests.received_on <= today)
                          & (requests.status.isin(OPEN_REQUEST_STATUSES) | (requests.closed_on > today))]
    erasure_on = erasure.groupby("customer_id").received_on.min()

    customers = frames["customers"]
    people = customers[customers.purged_on.isna()]
    requested_on = people.id.map(erasure_on)
    due = people.assign(
        due_on=requested_on.fillna(people.customer_until + pd.Timedelta(days=RETENTION_DAYS)),
        reason=np.where(requested_on.notna(), "erasure_request", "retention"),
    )
    due = due[due.due_on <= today]

    cases, holds, invoices, orgs = (frames[t] for t in ("collection_cases", "legal_holds", "invoices", "organisations"))
    active_orgs = orgs.id[orgs.customer_until.isna() | (orgs.customer_until >= today)]
    blocked_by = {
        "collection": due.id.isin(cases.customer_id[cases.closed_on.isna()]),
        "legal_hold": due.id.isin(holds.customer_id[holds.lifted_on.isna()]),
        "open_invoice": due.id.isin(invoices.customer_id[invoices.paid_on.isna() & invoices.credited_on.isna()]),
        "open_request": due.id.isin(other_open.customer_id),
        "org_contact": due.is_contact_person & due.organisation_id.isin(active_orgs).fillna(False),
    }
    mask = sum(blocked_by[code].astype("int64") * (1 << bit) for bit, code in enumerate(BLOCKERS))
    return (due.assign(blockers=mask.map(BLOCKER_SETS))
               .rename(columns={"id": "customer_id"})[["customer_id", "due_on", "reason", "blockers"]]
               .sort_values("customer_id", ignore_index=True))


def pandas_rows(frame) -> list[tuple]:
    return [(int(cid), due_on.date(), reason, blockers) for cid, due_on, reason, blockers in frame.itertuples(index=False)]


def registry_rows(persons) -> list[tuple]:
    return [(p.customer_id, p.due_on, p.reason, p.blockers) for p in persons]


# --- what each child process times --------------------------------------------------------------
# Each takes (store, today, ids), does its untimed preparation, and returns the work to time;
# the work returns a dict of facts to report (how many rows, ...).

def registry_due(store: Path, today: date, ids):
    def work():
        with db.connect(store) as conn:
            return {"rows": len(due_persons(conn, today))}
    return work


def bare_due(store: Path, today: date, ids):
    conn = duckdb.connect(str(store))

    def work():
        return {"rows": len(conn.execute(DUE_SQL, {"today": today, "ids": None}).fetchall())}
    return work


def pandas_due(store: Path, today: date, ids, whole: bool = True):
    import pandas  # noqa: F401  (an app imports it at start, untimed like the others' imports)

    def work():
        return {"rows": len(due_list_pandas(load_frames(store, whole), today))}
    return work


def pandas_columns_due(store: Path, today: date, ids):
    return pandas_due(store, today, ids, whole=False)


def registry_purge(store: Path, today: date, ids):
    steps = {}  # purge step number -> when it finished (2: committed, 3: rewritten)

    def on_progress(done, total):
        steps[done] = time.perf_counter()

    def work():
        with db.connect(store, exclusive=True) as conn:
            receipt = purge_persons(conn, today, Actor.system("bench"), ids, on_progress=on_progress)
        return {"purged": len(receipt.customer_ids), "rewrite_s": steps[3] - steps[2]}
    return work


CHILD_WORK = {"registry": registry_due, "duckdb-bare": bare_due, "pandas-cols": pandas_columns_due,
              "pandas": pandas_due, "purge": registry_purge}


def peak_rss_mib() -> float:
    """This process's peak resident set size. Read from VmHWM, not `ru_maxrss`: Linux carries
    ru_maxrss across fork and exec, so a child would report its parent's peak if that is larger."""
    status = Path("/proc/self/status").read_text()
    kib = next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(kib) / 1024


def run_as_child(variant: str, store: Path, today: date, ids_file: Path | None) -> None:
    """Time one variant once in this (fresh) process; print seconds, peak RSS and facts as JSON."""
    ids = json.loads(ids_file.read_text()) if ids_file else None
    work = CHILD_WORK[variant](store, today, ids)
    started = time.perf_counter()
    facts = work()
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "peak_mib": peak_rss_mib(), **facts}))


def in_fresh_process(variant: str, store: Path, today: date, ids_file: Path | None = None) -> dict:
    command = [sys.executable, __file__, "--child", variant, "--store", str(store), "--today", today.isoformat()]
    if ids_file:
        command += ["--ids-file", str(ids_file)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{variant} failed (exit {done.returncode}):\n{done.stderr}")
    return json.loads(done.stdout.splitlines()[-1])


# --- setup, untimed -----------------------------------------------------------------------------

def remove_store(store: Path) -> None:
    """The store file and everything `db` keeps beside it."""
    paths = files.StorePaths(store)
    for path in (paths.store, paths.wal, paths.lock, paths.journal, paths.rewrite, paths.rewrite_wal):
        path.unlink(missing_ok=True)


def demo_store(workdir: Path, persons: int, today: date) -> tuple[Path, str]:
    """The demo store for this size, seed and day: reused if an earlier run built it, else built
    under a temporary name and renamed when complete (so a file with the final name is whole)."""
    store = workdir / f"demo-{persons}-seed{SEED}-{today.isoformat()}.duckdb"
    if store.exists():
        return store, "reused from an earlier run"
    from registry.demo import generate  # Faker and pyarrow: only needed here

    building = store.with_name(store.name + ".building")
    remove_store(building)
    started = time.perf_counter()
    with db.connect(building, must_exist=False) as conn:
        generate(conn, customers=persons, seed=SEED, today=today)
    os.replace(building, store)
    remove_store(building)
    return store, f"built in {time.perf_counter() - started:.0f} s"


def checked_due_list(store: Path, today: date) -> tuple[list, bool]:
    """The registry's due list, and whether the pandas version gives exactly the same rows."""
    with db.connect(store) as conn:
        expected = due_persons(conn, today)
    identical = pandas_rows(due_list_pandas(load_frames(store), today)) == registry_rows(expected)
    return expected, identical


# --- timing -------------------------------------------------------------------------------------

def time_due_list(store: Path, today: date, repeat: int) -> dict[str, list[dict]]:
    """Each variant once per repeat, in turn, each run in a fresh process."""
    runs = {variant: [] for variant in DUE_VARIANTS}
    for _ in range(repeat):
        for variant in DUE_VARIANTS:
            runs[variant].append(in_fresh_process(variant, store, today))
    return runs


def time_purge(store: Path, today: date, ids: list[int], workdir: Path, repeat: int) -> list[dict]:
    """Purge `ids` from a fresh copy of the store per repeat (the copy untimed), in a fresh process."""
    ids_file = workdir / "purge-ids.json"
    ids_file.write_text(json.dumps(ids))
    scratch = workdir / "purge-scratch.duckdb"
    runs = []
    for _ in range(repeat):
        remove_store(scratch)
        shutil.copyfile(store, scratch)
        runs.append(in_fresh_process("purge", scratch, today, ids_file))
    remove_store(scratch)
    return runs


# --- report -------------------------------------------------------------------------------------

def summary(runs: list[dict], key: str = "seconds") -> dict:
    seconds = [run[key] for run in runs]
    return {"median_s": statistics.median(seconds), "min_s": min(seconds), "max_s": max(seconds),
            "peak_mib": max(run["peak_mib"] for run in runs)}


def versions() -> str:
    return (f"duckdb {version('duckdb')} · pandas {version('pandas')} · python {platform.python_version()} · "
            f"{os.cpu_count()} cores")


def load_average() -> str:
    return " ".join(f"{load:.2f}" for load in os.getloadavg())


def print_due_table(persons: int, results: dict[str, dict]) -> None:
    print(f"due list · {persons:,} persons · {versions()}")
    print(f"{'':10}" + "".join(f"{variant:>14}" for variant in results))
    rows = {
        "median_s": lambda s: f"{s['median_s']:.3f}",
        "min–max_s": lambda s: f"{s['min_s']:.2f}–{s['max_s']:.2f}",
        "peak_MiB": lambda s: f"{s['peak_mib']:.0f}",
    }
    for label, cell in rows.items():
        print(f"{label:10}" + "".join(f"{cell(s):>14}" for s in results.values()))
    for baseline in ("pandas", "pandas-cols"):
        print(f"ratio {baseline}/registry: {results[baseline]['median_s'] / results['registry']['median_s']:.1f}×")


def print_purge_line(purged: int, purge: dict, rewrite: dict) -> None:
    print(f"purge of {purged:,} persons incl. rewrite · median_s {purge['median_s']:.1f} "
          f"(min–max {purge['min_s']:.1f}–{purge['max_s']:.1f}) · peak_MiB {purge['peak_mib']:.0f} "
          f"· of which rewrite median_s {rewrite['median_s']:.1f} (min–max {rewrite['min_s']:.1f}–{rewrite['max_s']:.1f})")


def print_targets(due: dict, purge: dict) -> None:
    ratio = due["pandas"]["median_s"] / due["registry"]["median_s"]
    ratio_cols = due["pandas-cols"]["median_s"] / due["registry"]["median_s"]
    checks = (
        ("due list ≤ 1 s", f"{due['registry']['median_s']:.3f} s", due["registry"]["median_s"] <= 1),
        ("due list ≥ 10× faster than pandas", f"{ratio:.1f}×", ratio >= 10),
        ("(vs pandas-cols, a stronger baseline)", f"{ratio_cols:.1f}×", ratio_cols >= 10),
        (f"purge of {PURGE_COUNT:,} incl. rewrite ≤ 30 s", f"{purge['median_s']:.1f} s", purge["median_s"] <= 30),
    )
    print("targets (medians; reported, not asserted):")
    for target, figure, met in checks:
        print(f"  {target:38} {figure:>10}  {'met' if met else 'NOT met'}")


# --- the run ------------------------------------------------------------------------------------

def bench(persons: int, repeat: int, workdir: Path, today: date) -> None:
    print(f"{time.strftime('%Y-%m-%d %H:%M %Z')} · {platform.platform()} · load average {load_average()}")
    workdir.mkdir(parents=True, exist_ok=True)
    store, how = demo_store(workdir, persons, today)
    print(f"store: {store} ({store.stat().st_size / 2**20:.0f} MiB), {how}")

    due, identical = checked_due_list(store, today)
    print(f"due on {today}: {len(due):,} persons, {sum(p.blocked for p in due):,} blocked")
    print(f"results identical: {'yes' if identical else 'no'} (pandas vs registry: ids, due_on, reason, blockers)")

    due_list = {variant: summary(runs) for variant, runs in time_due_list(store, today, repeat).items()}
    unblocked = [p.customer_id for p in due if not p.blocked][:PURGE_COUNT]
    purge_runs = time_purge(store, today, unblocked, workdir, repeat)
    purge = summary(purge_runs)

    print()
    print_due_table(persons, due_list)
    print_purge_line(purge_runs[0]["purged"], purge, summary(purge_runs, "rewrite_s"))
    print(f"{repeat} runs each, a fresh process per run · load average at the end {load_average()}")
    print_targets(due_list, purge)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR,
                        help=f"where the demo store is built and kept (default {DEFAULT_WORKDIR})")
    parser.add_argument("--today", type=date.fromisoformat, default=date.fromisoformat(DEFAULT_TODAY))
    parser.add_argument("--child", choices=CHILD_WORK, help=argparse.SUPPRESS)  # internal: one timed run
    parser.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--ids-file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_as_child(args.child, args.store, args.today, args.ids_file)
    else:
        bench(args.persons, args.repeat, args.workdir, args.today)


if __name__ == "__main__":
    main()
