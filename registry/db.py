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

import errno
import fcntl
import json
import os
import re
import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from .errors import BadInput, StoreBusy
from .schema import migrate

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = PROJECT_ROOT / "data" / "registry.duckdb"
BUSY_TIMEOUT_S = 5.0
RETRY_INTERVAL_S = 0.1


def default_db_path() -> Path:
    """`$REGISTRY_DB` if set, else `data/registry.duckdb` in the project."""
    return Path(os.environ.get("REGISTRY_DB") or DEFAULT_DB)


def busy_timeout() -> float:
    """Seconds to wait for a busy store; `$REGISTRY_BUSY_TIMEOUT` overrides the default."""
    try:
        return float(os.environ.get("REGISTRY_BUSY_TIMEOUT", BUSY_TIMEOUT_S))
    except ValueError:
        return BUSY_TIMEOUT_S


@dataclass(frozen=True)
class StorePaths:
    store: Path

    @property
    def wal(self) -> Path:
        return self.store.with_name(self.store.name + ".wal")

    @property
    def lock(self) -> Path:
        return self.store.with_name(self.store.name + ".lock")

    @property
    def journal(self) -> Path:
        return self.store.with_name(self.store.name + ".purge-journal")

    @property
    def rewrite(self) -> Path:
        return self.store.with_name(self.store.name + ".rewrite")

    @property
    def rewrite_wal(self) -> Path:
        return self.store.with_name(self.store.name + ".rewrite.wal")

    @property
    def restore(self) -> Path:
        """A restore's decrypted, re-purged store, until it is swapped in (registry/backup.py)."""
        return self.store.with_name(self.store.name + ".restore")

    @property
    def restore_journal(self) -> Path:
        return self.store.with_name(self.store.name + ".restore-journal")

    @property
    def ledger(self) -> Path:
        """The erasure ledger (registry/ledger.py)."""
        return self.store.with_name(self.store.name + ".erasures")

    @property
    def backup_key(self) -> Path:
        """The backups' key file when $REGISTRY_BACKUP_KEY is not set (registry/backup.py)."""
        return self.store.with_name(self.store.name + ".backup-key")

    def restore_files(self) -> list[Path]:
        """The restore's file and every file its preparation can leave beside it."""
        temp = StorePaths(self.restore)
        return [temp.store, temp.wal, temp.rewrite, temp.rewrite_wal, temp.journal,
                temp.journal.with_name(temp.journal.name + ".tmp"), temp.lock, temp.ledger]


def fault_point(name: str) -> None:
    """Crash-test hook: kill this process (SIGKILL, as `kill -9`) at the named point when
    `$REGISTRY_FAULT_AT` names it. Used only by the crash tests; a no-op otherwise."""
    if os.environ.get("REGISTRY_FAULT_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)


PRIVATE_FILE, PRIVATE_DIR = 0o600, 0o700


def private_files(paths: StorePaths) -> None:
    """Files only their owner reads (issue #14): from here on this process creates files 0600 and
    folders 0700 whatever umask it was started with (DuckDB creates the store, its WAL and a
    rewrite's file with the process's umask), and the files beside the store that an older
    version or another program made readable to others are made 0600 again."""
    os.umask(0o077)
    for path in (paths.store, paths.wal, paths.lock, paths.ledger, paths.backup_key):
        try:
            if os.stat(path).st_mode & 0o077:
                os.chmod(path, PRIVATE_FILE)
        except FileNotFoundError:
            continue
        except PermissionError:
            continue  # another user's file: theirs to fix
    if paths.store.parent == DEFAULT_DB.parent:
        try:
            if os.stat(paths.store.parent).st_mode & 0o077:
                os.chmod(paths.store.parent, PRIVATE_DIR)
        except (FileNotFoundError, PermissionError):
            pass


def _check_location(paths: StorePaths, must_exist: bool) -> None:
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


class _LockFile:
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


def _open_duckdb(paths: StorePaths, deadline: float, config: dict | None):
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


@contextmanager
def connect(path=None, *, must_exist: bool = True, exclusive: bool = False, config: dict | None = None,
            run_migrations: bool = True):
    """Open the store for one unit of work: `with connect(path) as conn: ...`.

    Waits up to `busy_timeout()` seconds for other processes, then raises StoreBusy. Finishes an
    interrupted purge first, and migrates an older schema in place. `exclusive` keeps every
    other process of ours out for the whole unit (the purge's rewrite needs it). `config` goes
    to DuckDB (tests use it to force uncompressed storage)."""
    paths = StorePaths(Path(path) if path else default_db_path())
    _check_location(paths, must_exist)
    private_files(paths)
    deadline = time.monotonic() + busy_timeout()
    lock = _LockFile(paths)
    try:
        if paths.journal.exists() or paths.rewrite.exists() or paths.restore_journal.exists() or \
                paths.restore.exists():
            lock.acquire(exclusive=True, deadline=deadline)
            _finish_interrupted_restore(paths, deadline)
            _finish_interrupted_purge(paths, deadline, config)
            if not exclusive:
                lock.close()
                lock = _LockFile(paths)
                lock.acquire(exclusive=False, deadline=deadline)
        else:
            lock.acquire(exclusive=exclusive, deadline=deadline)
        conn = _open_duckdb(paths, deadline, config)
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


def store_paths(conn) -> StorePaths:
    """The paths of the store file `conn` has open as its main database."""
    file = conn.execute(
        "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchone()[0]
    return StorePaths(Path(file))


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    """Make a file's creation, rename or removal in `path` durable."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_journal(paths: StorePaths, record: dict) -> None:
    """Record that a purge is under way (ids and counts only) before it commits."""
    tmp = paths.journal.with_name(paths.journal.name + ".tmp")
    tmp.write_text(json.dumps(record, sort_keys=True))
    _fsync_file(tmp)
    os.replace(tmp, paths.journal)
    fsync_dir(paths.journal.parent)


def clear_journal(paths: StorePaths) -> None:
    paths.journal.unlink(missing_ok=True)
    fsync_dir(paths.journal.parent)


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
        raise RuntimeError("the store's WAL was not emptied by CHECKPOINT; the old store was kept")
    _fsync_file(paths.rewrite)
    fault_point("rewrite_before_swap")
    os.replace(paths.rewrite, paths.store)
    fsync_dir(paths.store.parent)
    fault_point("rewrite_swapped")


def _finish_interrupted_purge(paths: StorePaths, deadline: float, config: dict | None) -> None:
    """Called with the lock file held exclusively. A `.rewrite` file without a journal is an
    unfinished copy: removed. A journal means a purge may have committed without its rewrite:
    the store is rewritten (harmless if the purge did not commit), then the journal removed."""
    if not paths.journal.exists():
        paths.rewrite.unlink(missing_ok=True)
        paths.rewrite_wal.unlink(missing_ok=True)
        return
    from .ledger import ledger_path, sync_ledger

    conn = _open_duckdb(paths, deadline, config)
    try:
        migrate(conn)
        sync_ledger(conn, ledger_path(paths.store))  # the purge may have committed before its append
        _remove_uncommitted_letters(conn, paths)
        rewrite_store(conn)
    finally:
        conn.close()
    clear_journal(paths)


def _remove_uncommitted_letters(conn, paths: StorePaths) -> None:
    """A purge that did not commit erased nobody: the letters it wrote (named in its journal)
    would say otherwise, so they go."""
    try:
        record = json.loads(paths.journal.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if not record.get("letters"):
        return
    committed = conn.execute("SELECT count(*) FROM erasures WHERE purge_id = ?", [record.get("purge_id")]).fetchone()[0]
    if not committed:
        for name in record["letters"]:
            Path(name).unlink(missing_ok=True)


# --- restore (registry/backup.py) --------------------------------------------------------------

def open_file(path: Path):
    """A connection to a private store file no other process knows of (a restore's)."""
    return duckdb.connect(str(path))


@contextmanager
def exclusive_store(path):
    """Hold the store for a restore: our lock file exclusively (after finishing any interrupted
    purge or restore), and the store file itself open in DuckDB, checkpointed, so that no other
    process opens it until the restored file has replaced it. Yields the StorePaths; the store
    need not exist (a restore can create it). StoreBusy when another process holds either."""
    paths = StorePaths(Path(path))
    _check_location(paths, must_exist=False)
    private_files(paths)
    deadline = time.monotonic() + busy_timeout()
    lock = _LockFile(paths)
    holder = None
    try:
        lock.acquire(exclusive=True, deadline=deadline)
        _finish_interrupted_restore(paths, deadline)
        if paths.journal.exists() or paths.rewrite.exists():
            _finish_interrupted_purge(paths, deadline, None)
        if paths.store.exists():
            holder = _open_duckdb(paths, deadline, None)
            holder.execute("CHECKPOINT")
        yield paths
    finally:
        if holder is not None:
            holder.close()
        lock.close()


def remove_restore_leftovers(paths: StorePaths) -> None:
    for leftover in paths.restore_files():
        leftover.unlink(missing_ok=True)


def finish_restore(paths: StorePaths) -> None:
    """Swap a prepared restore in: journal first, then the ledger file brought level with the
    restored store, then the swap; `_finish_interrupted_restore` repeats what a crash cut short."""
    tmp = paths.restore_journal.with_name(paths.restore_journal.name + ".tmp")
    tmp.write_text(json.dumps({"action": "restore", "state": "ready"}))
    _fsync_file(tmp)
    os.replace(tmp, paths.restore_journal)
    fsync_dir(paths.store.parent)
    fault_point("restore_journal_written")
    _complete_restore(paths)


def _complete_restore(paths: StorePaths) -> None:
    from .ledger import sync_ledger

    current = paths.restore if paths.restore.exists() else paths.store
    conn = open_file(current)
    try:
        migrate(conn)
        sync_ledger(conn, paths.ledger)
    finally:
        conn.close()
    fault_point("restore_ledger_synced")
    if paths.restore.exists():
        if paths.wal.exists():
            raise RuntimeError("the store's WAL was not emptied; the restore was not swapped in")
        os.replace(paths.restore, paths.store)
        fsync_dir(paths.store.parent)
    fault_point("restore_swapped")
    paths.restore_journal.unlink(missing_ok=True)
    fsync_dir(paths.store.parent)


def _finish_interrupted_restore(paths: StorePaths, deadline: float) -> None:
    """Called with the lock file held exclusively. A restore journal means the restored file was
    ready: swap it in (or, if that was done, bring the ledger level). Without one, a restore's
    file is an unfinished preparation: removed, the store stays as it was."""
    if paths.restore_journal.exists():
        _complete_restore(paths)
    remove_restore_leftovers(paths)
