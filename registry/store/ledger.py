"""The erasure ledger (REGISTER.md section 11): every purge's ids, time and reason, kept twice.

In the store, the table `erasures` gets the purge's row inside the purge's own transaction. Beside
the store, the file `<store>.erasures` (e.g. `data/registry.duckdb.erasures`) gets the same entry
as one JSON line, appended and fsynced after the commit and before the purge reports success.
The file outlives the store: a restored backup is purged again of every person the ledger
records (registry/backup.py), so a copy of it kept off the machine is what makes a restore safe
after a lost disk. Neither holds personal data: ids, times, reasons.

The two agree after every command: a purge killed between its commit and its append leaves a
journal, and the next command that opens the store appends what the table has and the file
lacks (`sync_ledger`). A line cut short by a crash (no newline at its end) is not an entry; the
next append replaces it.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .files import StorePaths, fsync_dir
from ..errors import BadInput

# Why a purge ran: the scheduled or command-line purge of those due, a purge reviewed on the
# dashboard, an erasure request carried out, a restore purging again, or (for purges from before
# the ledger existed, taken from the audit trail) just "purge".
REASONS = ("due_purge", "reviewed_purge", "erasure_request", "reapplied", "purge")

RECORD_SQL = "INSERT INTO erasures (purge_id, erased_at, reason, customer_ids, audit_seq) VALUES (?, ?, ?, ?, ?)"
ENTRIES_SQL = """SELECT purge_id, erased_at, reason, customer_ids, audit_seq FROM erasures
ORDER BY audit_seq NULLS LAST, erased_at, purge_id"""


@dataclass(frozen=True)
class Erasure:
    purge_id: str
    at: datetime  # UTC
    reason: str
    customer_ids: tuple[int, ...]
    audit_seq: int | None = None

    def line(self) -> bytes:
        return (json.dumps({"purge_id": self.purge_id, "at": self.at.isoformat(), "reason": self.reason,
                            "customer_ids": list(self.customer_ids), "audit_seq": self.audit_seq},
                           sort_keys=True) + "\n").encode("ascii")

    @classmethod
    def from_json(cls, data: dict) -> Erasure:
        return cls(str(data["purge_id"]), datetime.fromisoformat(data["at"]), str(data["reason"]),
                   tuple(int(i) for i in data["customer_ids"]), data.get("audit_seq"))


def ledger_path(store: Path) -> Path:
    return StorePaths(Path(store)).ledger


def read_ledger(path: Path) -> list[Erasure]:
    """The entries of a ledger file, oldest first; a last line cut short by a crash is not one.
    A line that is not an entry (a changed or foreign file) is an error: nothing is guessed."""
    if not path.exists():
        return []
    data = path.read_bytes()
    complete = data[: data.rfind(b"\n") + 1]
    entries = []
    for number, line in enumerate(complete.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entries.append(Erasure.from_json(json.loads(line)))
        except (ValueError, KeyError, TypeError) as err:
            raise BadInput(f"{path} line {number} is not an erasure ledger entry: {err}", code="bad_ledger",
                           path=str(path), line=number) from None
    return entries


def append_entries(path: Path, entries: list[Erasure]) -> None:
    """Append `entries` to the ledger file and fsync it (and its folder when the file is new).
    A torn last line (a crash mid-append) is cut off first so that every line stays whole."""
    if not entries:
        return
    new = not path.exists()
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        size = os.fstat(fd).st_size
        if size:
            os.lseek(fd, max(0, size - 4096), os.SEEK_SET)
            tail = os.read(fd, 4096)
            if not tail.endswith(b"\n"):
                cut = tail.rfind(b"\n")
                os.ftruncate(fd, size - len(tail) + cut + 1 if cut >= 0 else max(0, size - len(tail)))
        os.lseek(fd, 0, os.SEEK_END)
        os.write(fd, b"".join(e.line() for e in entries))
        os.fsync(fd)
    finally:
        os.close(fd)
    if new:
        fsync_dir(path.parent)


def store_entries(conn) -> list[Erasure]:
    return [Erasure(pid, at, reason, tuple(ids), seq) for pid, at, reason, ids, seq in conn.execute(ENTRIES_SQL).fetchall()]


def record_erasure(conn, erasure: Erasure) -> None:
    """The store's copy, inside the purge's transaction."""
    conn.execute(RECORD_SQL, [erasure.purge_id, erasure.at, erasure.reason, list(erasure.customer_ids),
                              erasure.audit_seq])


def sync_ledger(conn, path: Path) -> int:
    """Append to the file every entry the store has and the file lacks; returns how many."""
    in_file = {e.purge_id for e in read_ledger(path)}
    missing = [e for e in store_entries(conn) if e.purge_id not in in_file]
    append_entries(path, missing)
    return len(missing)
