"""Opening the store file: the lock file beside it (flock: shared for a unit of work, exclusive
for a rewrite), DuckDB's own lock waited for, and the rewrite that swaps a new file in under the
same path (registry/store/db.py tells why).
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import time
from pathlib import Path

import duckdb

from ..errors import BadInput, StoreBusy
from .files import DEFAULT_DB, PRIVATE_DIR, RETRY_INTERVAL_S, StorePaths, fault_point, fsync_dir, fsync_file


def check_location(paths: StorePaths, must_exist: bool) -> None:
    parent = paths.store.parent
    if not parent.is_dir():
        if paths.store == DEFAULT_DB:
            parent.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
        else:
            raise BadInput(f"the directory {parent} does not exist: create it or give another --db",
                           code="store_dir_missing", path=str(parent))
    if paths.store.is_dir():
        raise BadInput(f"{paths.store} is a directory, not a store file", code="store_is_directory",
                       path=str(paths.store))
    if must_exist and not paths.store.exists():
        raise BadInput(
            f"no register at {paths.store}: create one with "
            f"'python -m registry init --db {paths.store}'", code="no_store", path=str(paths.store)
        )


class LockFile:
    """The lock file beside the store (flock: shared for a unit of work, exclusive for a rewrite)."""

    def __init__(self, paths: StorePaths):
        self.paths = paths
        self.fd = os.open(paths.lock, os.O_RDWR | os.O_CREAT, 0o600)

    def acquire(self, exclusive: bool, deadline: float) -> None:
        mode = (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB
        while True:
            try:
                fcntl.flock(self.fd, mode)
                return
            except OSError as err:
                if err.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    self.close()
                    what = "a purge is rewriting it" if not exclusive else "another process is using it"
                    raise StoreBusy(f"the register is busy ({what}), try again in a moment") from None
                time.sleep(RETRY_INTERVAL_S)

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing the descriptor releases the flock
            self.fd = None


_HOLDER = re.compile(r"Conflicting lock is held in (.*?) \(PID (\d+)\)")


def open_duckdb(paths: StorePaths, deadline: float, config: dict | None):
    while True:
        try:
            return duckdb.connect(str(paths.store), config=config or {})
        except duckdb.IOException as err:
            text = str(err)
            if "not a valid DuckDB database file" in text or "not a DuckDB" in text:
                raise BadInput(f"{paths.store} is not a DuckDB register file", code="not_a_store",
                               path=str(paths.store)) from None
            if "lock" not in text.lower():
                raise BadInput(f"cannot open {paths.store}: {text.splitlines()[0]}", code="cannot_open",
                               path=str(paths.store), detail=text.splitlines()[0]) from None
            if time.monotonic() >= deadline:
                held = _HOLDER.search(text)
                who = f"held by {Path(held.group(1)).name}, PID {held.group(2)}" if held else "held by another process"
                raise StoreBusy(f"the register is busy ({who}), try again in a moment") from None
            time.sleep(RETRY_INTERVAL_S)
        except duckdb.Error as err:
            # Two threads of one process (the dashboard's sessions) opening the file at the same
            # instant can meet in DuckDB's instance cache: "Unique file handle conflict" (a known
            # duckdb-python race since 1.5). It passes once the other thread's open is done.
            if "Unique file handle conflict" in str(err):
                if time.monotonic() >= deadline:
                    raise StoreBusy("the register is busy (being opened by another session), "
                                    "try again in a moment") from None
                time.sleep(RETRY_INTERVAL_S)
                continue
            raise BadInput(f"cannot open {paths.store}: {str(err).splitlines()[0]}", code="cannot_open",
                           path=str(paths.store), detail=str(err).splitlines()[0]) from None


def store_paths(conn) -> StorePaths:
    """The paths of the store file `conn` has open as its main database."""
    file = conn.execute(
        "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchone()[0]
    return StorePaths(Path(file))


def rewrite_store(conn) -> None:
    """Copy the live data of the store `conn` holds into a new file and swap it in atomically.

    The caller holds the lock file exclusively and `conn` read-write, so nobody else can open
    the store meanwhile. After the swap, `conn` still points at the old (unlinked) file: the
    caller closes it without writing."""
    paths = store_paths(conn)
    name = conn.execute("SELECT current_database()").fetchone()[0]
    conn.execute("CHECKPOINT")  # empties the old WAL, which would otherwise sit beside the new file
    for leftover in (paths.rewrite, paths.rewrite_wal):
        leftover.unlink(missing_ok=True)
    conn.execute("ATTACH ? AS registry_rewrite", [str(paths.rewrite)])
    try:
        # `name` is the connection's own database name, read from DuckDB above, not user input.
        conn.execute(f'COPY FROM DATABASE "{name}" TO registry_rewrite')
        fault_point("rewrite_copied")
    finally:
        conn.execute("DETACH registry_rewrite")
    if paths.rewrite_wal.exists():  # DETACH checkpoints; a WAL left here would be a bug
        raise RuntimeError("the rewritten store left a WAL behind; the old store was kept")
    if paths.wal.exists():
        # Once in a loaded CI run (stop 28) the first CHECKPOINT left the WAL of a store being recovered
        # after a kill. The data is copied already and the store is this process's alone (the lock file):
        # FORCE CHECKPOINT has nothing of anyone's to abort, and empties the old WAL before the swap.
        conn.execute("FORCE CHECKPOINT")
    if paths.wal.exists():
        raise RuntimeError("the store's WAL was not emptied by CHECKPOINT; the old store was kept")
    fsync_file(paths.rewrite)
    fault_point("rewrite_before_swap")
    os.replace(paths.rewrite, paths.store)
    fsync_dir(paths.store.parent)
    fault_point("rewrite_swapped")


def open_file(path: Path):
    """A connection to a private store file no other process knows of (a restore's)."""
    return duckdb.connect(str(path))
