"""Benchmark: an encrypted backup and a restore that re-applies 10,000 erasures, beside the floor
of copying the store file (issue #14). Prints figures, asserts nothing.

    .venv/bin/python bench/bench_backup.py --persons 1000000 [--erasures 10000] [--repeat 5]

The demo store is built once per size in the work directory (as bench_stats does). Untimed
preparation: a copy of it is migrated, backed up (the backup every restore reads), and then
`--erasures` persons the backup holds unpurged are purged (by the purge's own code, reason
`erasure_request`), so that the ledger beside the store records them. Every timed run is a
fresh process on a fresh copy of that state:

* `cp`: `cp` of the store file (the floor for reading and writing its bytes; from the page cache,
  not yet on disk);
* `cp + sync`: the same, then `sync FILE` (the copy on disk, as the backup's fsync makes it);
* `python start`: `python -m registry --help` (the interpreter and the package's imports, which
  every command pays);
* `COPY FROM DATABASE`: DuckDB's own copy of the store into a new file (the floor for a
  consistent copy made by DuckDB; the purge's rewrite is one of these);
* `backup`: `python -m registry backup --out FILE` (checkpoint, read, AES-256-GCM, fsync, audit);
* `restore`: `python -m registry restore --from FILE --yes` (decrypt, check, re-apply every
  erasure of the ledger by the purge's code, audit, rewrite, swap).

After the last restore the bench checks that the erasures are in place (printed).
"""

from __future__ import annotations

import argparse
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
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_stats import demo_store  # noqa: E402
from registry.store import db  # noqa: E402
from registry.access import Actor  # noqa: E402
from registry.store.ledger import ledger_path  # noqa: E402
from registry.purge import plan_reapply, purge_persons  # noqa: E402

DEFAULT_WORKDIR = Path(tempfile.gettempdir()) / "registry-bench"
TODAY = date(2026, 11, 25)
KEY = "A" * 43 + "="  # 32 bytes of URL-safe base64: a fixed key, so that every process reads the same backup


def prepare(template: Path, work: Path, erasures: int) -> tuple[Path, Path]:
    """(the state before a restore: store + ledger in `work/before/`, the backup file)."""
    before = work / "before"
    shutil.rmtree(work, ignore_errors=True)
    before.mkdir(parents=True)
    store = before / "registry.duckdb"
    shutil.copyfile(template, store)
    with db.connect(store):
        pass  # migrated
    backup_file = work / "registry.backup"
    run(["backup", "--db", store, "--out", backup_file])
    with db.connect(store, exclusive=True) as conn:
        ids = [i for (i,) in conn.execute("SELECT id FROM customers WHERE purged_on IS NULL ORDER BY hash(id) "
                                          "LIMIT ?", [erasures]).fetchall()]
        purge_persons(conn, TODAY, Actor.system("bench"), plan=plan_reapply(conn, TODAY, ids),
                      reason="erasure_request")
    return store, backup_file


def run(args: list) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "registry", *map(str, args)], cwd=PROJECT_ROOT, check=True,
                   capture_output=True, env={**os.environ, "REGISTRY_BACKUP_KEY": KEY})
    return time.perf_counter() - started


def timed(command: list) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


def copy_database(store: Path, target: Path) -> list:
    code = ("import duckdb, sys; c = duckdb.connect(sys.argv[1]); c.execute('ATTACH ? AS t', [sys.argv[2]]); "
            "name = c.execute('SELECT current_database()').fetchone()[0]; "
            "c.execute(f'COPY FROM DATABASE \"{name}\" TO t'); c.execute('DETACH t')")
    return [sys.executable, "-c", code, str(store), str(target)]


def fresh_state(before: Path, run_dir: Path) -> Path:
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    for path in before.iterdir():
        if path.suffix != ".lock":
            shutil.copyfile(path, run_dir / path.name)
    return run_dir / "registry.duckdb"


def bench(persons: int, erasures: int, repeat: int, workdir: Path) -> None:
    template = demo_store(workdir, persons, TODAY)
    work = workdir / f"backup-{persons}"
    store, backup_file = prepare(template, work, erasures)
    seconds: dict[str, list[float]] = {"cp": [], "cp + sync": [], "python start": [], "COPY FROM DATABASE": [],
                                       "backup": [], "restore": []}
    for n in range(repeat):
        target = work / "copy.duckdb"
        target.unlink(missing_ok=True)
        seconds["cp"].append(timed(["cp", str(store), str(target)]))
        target.unlink()
        seconds["cp + sync"].append(timed(["sh", "-c", 'cp "$0" "$1" && sync "$1"', str(store), str(target)]))
        target.unlink()
        seconds["python start"].append(run(["--help"]))
        seconds["COPY FROM DATABASE"].append(timed(copy_database(store, target)))
        target.unlink()
        seconds["backup"].append(run(["backup", "--db", store, "--out", work / f"timed-{n}.backup"]))
        (work / f"timed-{n}.backup").unlink()
        restored = fresh_state(store.parent, work / "restore")
        seconds["restore"].append(run(["restore", "--db", restored, "--from", backup_file, "--yes",
                                       "--today", TODAY.isoformat()]))
    with db.connect(restored) as conn:
        purged = conn.execute("SELECT count(*) FROM customers WHERE purged_on IS NOT NULL").fetchone()[0]
        reapplied = conn.execute("SELECT json_extract(details, '$.reapplied') FROM audit_log "
                                 "WHERE action = 'restore'").fetchone()[0]
        orders = conn.execute("SELECT count(*) FROM orders").fetchone()[0]
    count = len(reapplied.strip("[]").split(",")) if reapplied and reapplied != "[]" else 0
    size = store.stat().st_size
    print(f"backup · {persons:,} persons · {orders:,} orders · store {size / 1e6:,.0f} MB · backup "
          f"{backup_file.stat().st_size / 1e6:,.0f} MB · duckdb {version('duckdb')} · cryptography "
          f"{version('cryptography')} · python {platform.python_version()} · {os.cpu_count()} cores · "
          f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'':22s}{'median_s':>10s}{'min_s':>8s}{'max_s':>8s}{'× cp+sync':>11s}{'× COPY':>8s}")
    floor_cp, floor_copy = statistics.median(seconds["cp + sync"]), statistics.median(seconds["COPY FROM DATABASE"])
    for name, values in seconds.items():
        median = statistics.median(values)
        print(f"{name:22s}{median:10.2f}{min(values):8.2f}{max(values):8.2f}{median / floor_cp:11.1f}"
              f"{median / floor_copy:8.1f}")
    print(f"restore re-applied {count:,} erasures (asked {erasures:,}); {purged:,} persons purged after it; "
          f"ledger {ledger_path(restored).stat().st_size:,} bytes; runs: {repeat}, fresh process each")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--erasures", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR)
    args = parser.parse_args()
    bench(args.persons, args.erasures, args.repeat, args.workdir)


if __name__ == "__main__":
    main()
