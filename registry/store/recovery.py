"""Finishing what a crash cut short, before anyone else opens the store: a purge that may have
committed without its rewrite (its journal says so), and a restore whose prepared file was ready to
swap in (its journal says so); and the restore's swap itself (registry/backup.py prepares it).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .files import StorePaths, clear_journal, fault_point, fsync_dir, write_durably
from .ledger import ledger_path, sync_ledger
from .locks import open_duckdb, open_file, rewrite_store
from .schema import migrate


def finish_interrupted_purge(paths: StorePaths, deadline: float, config: dict | None) -> None:
    """Called with the lock file held exclusively. A `.rewrite` file without a journal is an
    unfinished copy: removed. A journal means a purge may have committed without its rewrite:
    the store is rewritten (harmless if the purge did not commit), then the journal removed."""
    if not paths.journal.exists():
        paths.rewrite.unlink(missing_ok=True)
        paths.rewrite_wal.unlink(missing_ok=True)
        return
    conn = open_duckdb(paths, deadline, config)
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


def remove_restore_leftovers(paths: StorePaths) -> None:
    for leftover in paths.restore_files():
        leftover.unlink(missing_ok=True)


def finish_restore(paths: StorePaths) -> None:
    """Swap a prepared restore in: journal first, then the ledger file brought level with the
    restored store, then the swap; `finish_interrupted_restore` repeats what a crash cut short."""
    write_durably(paths.restore_journal, {"action": "restore", "state": "ready"})
    fault_point("restore_journal_written")
    _complete_restore(paths)


def _complete_restore(paths: StorePaths) -> None:
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


def finish_interrupted_restore(paths: StorePaths, deadline: float) -> None:
    """Called with the lock file held exclusively. A restore journal means the restored file was
    ready: swap it in (or, if that was done, bring the ledger level). Without one, a restore's
    file is an unfinished preparation: removed, the store stays as it was."""
    if paths.restore_journal.exists():
        _complete_restore(paths)
    remove_restore_leftovers(paths)
