"""Benchmark: where the statistics' time goes, stage by stage (issue #25). Prints figures, asserts nothing.

    python bench/bench_stages.py --persons 3000 20000 1000000 [--repeat 3] [--period month]

Setup, untimed: bench_due_purge's demo store per size (built once in --workdir, reused).

Each repeat is a fresh process (imports untimed) that does what `stats --out DIR --period P` does,
with timers wrapped around the registry's own functions (nothing in registry/ is changed for it):

* counting: `counting.count_tables` (every period's six tables counted in the store, store open);
* own patterns: `linked.protect_table` (each table's own primary and secondary suppression);
* linked repair: `linked._complete`, `_Repair.withhold`, `_Repair.cells` (cells added until the
  audit is clean);
* audit, outsiders: `linked.audit(..., insiders=False)` calls;
* audit, with insiders: `linked.audit(..., insiders=True)` calls, of which the insider search
  (`linked._insider_search`) is shown on its own line (inside, not beside);
* protecting in all: `counting.protect_tables`, wall time. The six tables are protected two at a time and the
  insiders' questions in two threads (issue #25), so the stages above are each summed over the threads that
  ran them and can add up to more than this;
* the whole process, `python -m registry stats --out DIR --period P`, timed separately three times: cold (the
  patterns kept in the store deleted first), warm (run again: the kept patterns read, nothing protected), and
  from the day before (only the day before's patterns kept, as on a new day's first view: each time table's
  protection starts from the past periods its last pattern withheld).

Reported: medians (min-max) in seconds over --repeat runs, and how many times each stage ran.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from bench_due_purge import DEFAULT_TODAY, demo_store, versions  # noqa: E402

DEFAULT_WORKDIR = Path(tempfile.gettempdir()) / "registry-bench"
STAGES = ("counting", "own patterns", "linked repair", "audit, outsiders", "audit, with insiders",
          "  of which insider search", "protecting in all")


def child(store: Path, today: date, period: str) -> None:
    from registry.access import Actor
    from registry.statistics import counting, linked
    from registry.store import db

    spent: dict[str, float] = defaultdict(float)
    calls: dict[str, int] = defaultdict(int)

    def timed(label, function, choose=None):
        def wrapper(*args, **kwargs):
            name = choose(args, kwargs) if choose else label
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] += time.perf_counter() - started
                calls[name] += 1
        return wrapper

    linked.protect_table = timed("own patterns", linked.protect_table)
    linked._complete = timed("linked repair", linked._complete)
    linked._Repair.withhold = timed("linked repair", linked._Repair.withhold)
    linked._Repair.cells = timed("linked repair", linked._Repair.cells)
    linked._insider_search = timed("  of which insider search", linked._insider_search)
    linked.audit = timed("audit", linked.audit, lambda args, kwargs: "audit, with insiders"
                         if kwargs.get("insiders", True) else "audit, outsiders")
    actor = Actor("bench", "auditor")
    started = time.perf_counter()
    with db.connect(store) as conn:
        counted = counting.count_tables(conn, actor, today)
    spent["counting"] = time.perf_counter() - started
    counted = counting.Counted(counted.tables)  # the patterns kept in the store left out: protect afresh
    calls["counting"] = 1
    started = time.perf_counter()
    counting.protect_tables(counted, period)
    spent["protecting in all"] = time.perf_counter() - started
    calls["protecting in all"] = 1
    print(json.dumps({"spent": spent, "calls": calls}))


def forget_patterns(store: Path, day: date | None = None) -> None:
    """The patterns kept in the store deleted (a store of a version before them has none to delete); with `day`,
    only those made for that day."""
    from registry.store import db
    with db.connect(store) as conn:
        if day is None:
            conn.execute("DELETE FROM statistics_patterns")
        else:
            conn.execute("DELETE FROM statistics_patterns WHERE made_for = ?", [day])


def whole(store: Path, today: date, period: str, out: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "registry", "stats", "--db", str(store), "--today", today.isoformat(),
                           "--period", period, "--out", str(out)], capture_output=True, text=True, cwd=PROJECT_ROOT)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"stats failed (exit {done.returncode}):\n{done.stderr}")
    return seconds


def bench(persons: int, repeat: int, workdir: Path, today: date, period: str) -> None:
    store, how = demo_store(workdir, persons, today)
    runs, processes, warm, next_day = [], [], [], []
    for _ in range(repeat):
        done = subprocess.run([sys.executable, __file__, "--child", "--store", str(store), "--today",
                               today.isoformat(), "--period", period], capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"child failed (exit {done.returncode}):\n{done.stderr}")
        runs.append(json.loads(done.stdout.splitlines()[-1]))
        forget_patterns(store)
        with tempfile.TemporaryDirectory() as out:
            processes.append(whole(store, today, period, Path(out)))
        with tempfile.TemporaryDirectory() as out:
            warm.append(whole(store, today, period, Path(out)))
        forget_patterns(store)  # only the day before's patterns kept: a new day's first view
        with tempfile.TemporaryDirectory() as out:
            whole(store, today - timedelta(days=1), period, Path(out))
        with tempfile.TemporaryDirectory() as out:
            next_day.append(whole(store, today, period, Path(out)))
    print(f"\n## statistics by stage, {persons:,} persons ({how}), --period {period}, {today}; {versions()}; "
          f"load {os.getloadavg()[0]:.1f}")
    print(f"{'stage':<28}{'median s':>10}{'min-max s':>14}{'calls':>7}")
    for stage in STAGES:
        seconds = [run["spent"].get(stage, 0.0) for run in runs]
        print(f"{stage:<28}{statistics.median(seconds):>10.2f}{min(seconds):>7.2f}-{max(seconds):<6.2f}"
              f"{runs[0]['calls'].get(stage, 0):>7}")
    for label, seconds in (("whole stats --out, cold", processes), ("whole stats --out, warm", warm),
                           ("whole, from the day before", next_day)):
        print(f"{label:<28}{statistics.median(seconds):>10.2f}{min(seconds):>7.2f}-{max(seconds):<6.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, nargs="+", default=[3_000, 20_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--period", default="month")
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR)
    parser.add_argument("--today", type=date.fromisoformat, default=date.fromisoformat(DEFAULT_TODAY))
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.store, args.today, args.period)
        return
    args.workdir.mkdir(parents=True, exist_ok=True)
    for persons in args.persons:
        bench(persons, args.repeat, args.workdir, args.today, args.period)


if __name__ == "__main__":
    main()
