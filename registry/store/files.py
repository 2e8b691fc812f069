"""The store's files and how they are made durable: where the store is, the files beside it,
fsync, the purge journal, the files kept private and the crash tests' fault points. Standard
library only: the ledger, the opening, the recovery and the backup stand on it.
"""

from __future__ import annotations

import json
import os
import signal
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
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
        """The erasure ledger (registry/store/ledger.py)."""
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


def fsync_file(path: Path) -> None:
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


def write_durably(path: Path, record: dict) -> None:
    """Write `record` as JSON to `path` atomically and durably: a temporary file, fsynced, renamed
    over `path`, the folder fsynced (a crash leaves the old file or the new one, whole)."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(record, sort_keys=True))
    fsync_file(tmp)
    os.replace(tmp, path)
    fsync_dir(path.parent)


def write_journal(paths: StorePaths, record: dict) -> None:
    """Record that a purge is under way (ids and counts only) before it commits."""
    write_durably(paths.journal, record)


def clear_journal(paths: StorePaths) -> None:
    paths.journal.unlink(missing_ok=True)
    fsync_dir(paths.journal.parent)
