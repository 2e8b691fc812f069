"""Benchmark: the daily digest (issue #24). Prints figures, asserts nothing.

    python bench/bench_digest.py --persons 20000 [--managers 20] [--repeat 5] [--workdir DIR]

Setup, untimed: the demo store of bench_due_purge.py (built once per size in the work directory and
reused), copied to a scratch store with `--managers` manager accounts and one admin, each with an
e-mail address; a real SMTP server (aiosmtpd) on 127.0.0.1 in this process; the mail settings
pointing at it.

Timed, each a whole fresh process, taking turns within each repeat:

* `digest --json`: `python -m registry digest --json`: who gets what, nothing sent;
* `digest --send`: `python -m registry digest --send --json`: the same, then every message sent
  over one SMTP connection and each recorded with its audit entry once the server accepted it.
  Before each run (untimed) the day's sends are deleted, so every run sends all of them;
* `pandas`: a plain pandas version of the digest's counts in a fresh process: the tables the
  counts read loaded whole with `.df()`, the due list computed in pandas (bench_due_purge's
  `due_list_pandas`) and each open request's deadline with the registry's Python rule
  (`requests.deadlines.deadline`) row by row; no message made or sent. Its counts are checked
  once against the registry's (printed "same counts").

Reported: median, min and max seconds over --repeat runs; messages received by the server.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from bench_due_purge import DEFAULT_TODAY, demo_store, load_frames, due_list_pandas, versions  # noqa: E402

from registry import users  # noqa: E402
from registry.access import Actor  # noqa: E402
from registry.digest import digests  # noqa: E402
from registry.settings import set_settings  # noqa: E402
from registry.store import db, files  # noqa: E402

DEFAULT_WORKDIR = Path(tempfile.gettempdir()) / "registry-bench"
VARIANTS = ("digest --json", "digest --send", "pandas")


def pandas_counts(store: Path, today: date) -> dict:
    """The digest's counts the plain pandas way: tables loaded whole, filtered in pandas, each open
    request's deadline by the Python rule."""
    import pandas as pd

    from registry.requests.deadlines import deadline
    from registry.settings import ask_days

    frames = load_frames(store, whole=True)
    with db.connect(store) as conn:
        requests = conn.execute("SELECT * FROM requests").df()
        days = ask_days(conn)
    due = due_list_pandas(frames, today)
    blocked = int(due.blockers.map(bool).sum())
    stamp = pd.Timestamp(today)
    open_then = requests[(requests.received_on <= stamp)
                         & (requests.status.isin(("received", "in_progress")) | (requests.closed_on > stamp))]

    def day(value):
        return None if pd.isna(value) else pd.Timestamp(value).date()

    overdue = due_soon = 0
    for row in open_then.itertuples(index=False):
        extended = not pd.isna(row.extended_on) and day(row.extended_on) <= today
        left = (deadline(day(row.received_on), today, extended, day(row.asked_on), day(row.answered_on),
                         days).due_on - today).days
        overdue += left < 0
        due_soon += 0 <= left <= 7
    return {"overdue": overdue, "due_soon": due_soon, "due_for_purge": len(due) - blocked, "blocked": blocked}


def registry_counts(store: Path, today: date) -> dict:
    with db.connect(store) as conn:
        first = digests(conn, today)[0]
    return {"overdue": len(first.overdue), "due_soon": len(first.due_soon), "due_for_purge": first.due_for_purge,
            "blocked": first.blocked}


def run_child(store: Path, today: date) -> None:
    started = time.perf_counter()
    counts = pandas_counts(store, today)
    print(json.dumps({"seconds": time.perf_counter() - started, **counts}))


def scratch_store(source: Path, workdir: Path, managers: int, port: int, today: date) -> Path:
    store = workdir / f"digest-{source.stem}.duckdb"
    paths = files.StorePaths(store)
    for path in (paths.store, paths.wal, paths.lock):
        path.unlink(missing_ok=True)
    shutil.copyfile(source, store)
    system = Actor.system("bench")
    with db.connect(store) as conn:
        for i in range(1, managers + 1):
            users.add_user(conn, system, f"manager{i:02d}", "manager", "bench-salasana-1",
                           email=f"manager{i:02d}@molentum.fi", language="fi" if i % 2 else "en")
        users.add_user(conn, system, "admin01", "admin", "bench-salasana-1", email="admin01@molentum.fi")
        set_settings(conn, system, {"smtp.host": "127.0.0.1", "smtp.port": str(port), "smtp.security": "none",
                                    "smtp.from": "rekisteri@molentum.fi",
                                    "dashboard.url": "https://rekisteri.molentum.fi"})
    return store


def timed(command: list[str], env: dict) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=PROJECT_ROOT)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed (exit {done.returncode}):\n{done.stderr}")
    return seconds


def bench(persons: int, managers: int, repeat: int, workdir: Path, today: date) -> None:
    from tests.smtp import start_server

    source, how = demo_store(workdir, persons, today)
    controller, inbox, _ = start_server()
    try:
        store = scratch_store(source, workdir, managers, controller.port, today)
        same = pandas_counts(store, today) == registry_counts(store, today)
        env = {**os.environ, "REGISTRY_DB": str(store)}
        cli = [sys.executable, "-m", "registry", "digest", "--today", today.isoformat(), "--json"]
        child = [sys.executable, __file__, "--child", "--store", str(store), "--today", today.isoformat()]
        runs = {variant: [] for variant in VARIANTS}
        for _ in range(repeat):
            runs["digest --json"].append(timed(cli, env))
            with db.connect(store) as conn:
                conn.execute("DELETE FROM digest_sends")
            before = len(inbox.messages)
            runs["digest --send"].append(timed(cli + ["--send"], env))
            sent = len(inbox.messages) - before
            runs["pandas"].append(timed(child, env))
    finally:
        controller.stop()
    print(f"\n## digest, {persons:,} persons ({how}), {managers} managers + 1 admin, {today}, "
          f"{os.cpu_count()} cores; {versions()}")
    print(f"messages the server received per --send run: {sent}; pandas counts same as the registry's: "
          f"{'yes' if same else 'NO'}")
    print(f"{'variant':<16}{'median s':>10}{'min s':>8}{'max s':>8}")
    for variant, seconds in runs.items():
        print(f"{variant:<16}{statistics.median(seconds):>10.2f}{min(seconds):>8.2f}{max(seconds):>8.2f}")
    send, pandas = statistics.median(runs["digest --send"]), statistics.median(runs["pandas"])
    print(f"digest --send / pandas counts alone: {send / pandas:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, nargs="+", default=[20_000])
    parser.add_argument("--managers", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR)
    parser.add_argument("--today", type=date.fromisoformat, default=date.fromisoformat(DEFAULT_TODAY))
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_child(args.store, args.today)
        return
    args.workdir.mkdir(parents=True, exist_ok=True)
    for persons in args.persons:
        bench(persons, args.managers, args.repeat, args.workdir, args.today)


if __name__ == "__main__":
    main()
