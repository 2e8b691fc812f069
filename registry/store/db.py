"""How the store is opened, locked, written and rewritten.

The dashboard runs beside scheduled `python -m registry` jobs and beside the web shop and the
accounting system, and a DuckDB file is held by one process at a time. So:

* `connect(path)` opens the store for one unit of work and closes it afterwards. It waits a
  few seconds while another process holds the file, then raises `StoreBusy`.
* Every process of ours also holds a lock file beside the store (`<store>.lock`): shared for an
  ordinary unit of work, exclusive for a rewrite. The rewrite swaps a new file in under the
  same path; the lock file (never replaced) guarantees that no process of ours is between
  opening the old file and locking it at that instant, so nothing it writes is lost.
* `rewrite_store(conn)` copies the live data into a new file and swaps it in atomically with
  `os.replace`: DuckDB leaves erased values in freed blocks, the new file has none.
* A purge writes a journal (`<store>.purge-journal`) before it commits and removes it after
  the swap. A journal found by the next `connect()` means a purge stopped before its rewrite
  finished: that connect finishes it (the purge itself is one transaction, so the store is
  either as before or fully purged; the erasure ledger beside the store gets the entry the
  store's table has, and the rewrite makes the erased values unreadable).
"""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from pathlib import Path

from ..errors import StoreBusy
from .files import StorePaths, busy_timeout, default_db_path, private_files
from .locks import LockFile, check_location, open_duckdb
from .recovery import finish_interrupted_purge, finish_interrupted_restore
from .schema import migrate


@contextmanager
def connect(path=None, *, must_exist: bool = True, exclusive: bool = False, config: dict | None = None,
            run_migrations: bool = True):
    """Open the store for one unit of work: `with connect(path) as conn: ...`.

    Waits up to `busy_timeout()` seconds for other processes, then raises StoreBusy. Finishes an
    interrupted purge first, and migrates an older schema in place. `exclusive` keeps every
    other process of ours out for the whole unit (the purge's rewrite needs it). `config` goes
    to DuckDB (tests use it to force uncompressed storage)."""
    paths = StorePaths(Path(path) if path else default_db_path())
    check_location(paths, must_exist)
    private_files(paths)
    deadline = time.monotonic() + busy_timeout()
    lock = LockFile(paths)
    try:
        if paths.journal.exists() or paths.rewrite.exists() or paths.restore_journal.exists() or \
                paths.restore.exists():
            lock.acquire(exclusive=True, deadline=deadline)
            finish_interrupted_restore(paths, deadline)
            finish_interrupted_purge(paths, deadline, config)
            if not exclusive:
                lock.close()
                lock = LockFile(paths)
                lock.acquire(exclusive=False, deadline=deadline)
        else:
            lock.acquire(exclusive=exclusive, deadline=deadline)
        conn = open_duckdb(paths, deadline, config)
        try:
            if run_migrations:
                migrate(conn)
            yield conn
        finally:
            conn.close()
    finally:
        lock.close()


_WRITERS = threading.RLock()  # see transaction()


@contextmanager
def transaction(conn):
    """One all-or-nothing unit: BEGIN, then COMMIT, or ROLLBACK and re-raise on any error.

    One at a time in this process: the dashboard's sessions are threads, each with its own
    connection to one DuckDB instance, and two transactions that append to the audit chain at
    once both take the next sequence number; the second failed ("duplicate key", six sign-ins
    at once). Other processes are kept out by DuckDB's file lock. Waits up to `busy_timeout()`."""
    if not _WRITERS.acquire(timeout=busy_timeout()):
        raise StoreBusy("the register is busy (another session is saving a change), try again in a moment")
    try:
        conn.execute("BEGIN TRANSACTION")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    finally:
        _WRITERS.release()


@contextmanager
def exclusive_store(path):
    """Hold the store for a restore: our lock file exclusively (after finishing any interrupted
    purge or restore), and the store file itself open in DuckDB, checkpointed, so that no other
    process opens it until the restored file has replaced it. Yields the StorePaths; the store
    need not exist (a restore can create it). StoreBusy when another process holds either."""
    paths = StorePaths(Path(path))
    check_location(paths, must_exist=False)
    private_files(paths)
    deadline = time.monotonic() + busy_timeout()
    lock = LockFile(paths)
    holder = None
    try:
        lock.acquire(exclusive=True, deadline=deadline)
        finish_interrupted_restore(paths, deadline)
        if paths.journal.exists() or paths.rewrite.exists():
            finish_interrupted_purge(paths, deadline, None)
        if paths.store.exists():
            holder = open_duckdb(paths, deadline, None)
            holder.execute("CHECKPOINT")
        yield paths
    finally:
        if holder is not None:
            holder.close()
        lock.close()
