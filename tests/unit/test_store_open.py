"""Opening the store from the dashboard's many sessions in one process."""

import duckdb
import pytest

from registry.store import db, locks
from registry.errors import StoreBusy

CONFLICT = ('Binder Error: Unique file handle conflict: Cannot attach "registry" - the database file '
            '"registry.duckdb" is already attached by database "registry"')


def test_a_same_process_open_conflict_is_waited_out_like_a_busy_store(store, monkeypatch):
    real, failures = duckdb.connect, []

    def racing(*args, **kwargs):  # as when two sessions' threads open the file at the same instant
        if len(failures) < 2:
            failures.append(1)
            raise duckdb.BinderException(CONFLICT)
        return real(*args, **kwargs)

    monkeypatch.setattr(locks.duckdb, "connect", racing)
    with db.connect(store) as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)
    assert len(failures) == 2


def test_a_conflict_that_does_not_pass_is_reported_as_busy_not_as_bad_input(store, monkeypatch):
    def always(*args, **kwargs):
        raise duckdb.BinderException(CONFLICT)

    monkeypatch.setenv("REGISTRY_BUSY_TIMEOUT", "0.3")
    monkeypatch.setattr(locks.duckdb, "connect", always)
    with pytest.raises(StoreBusy, match="try again in a moment"):
        with db.connect(store):
            pass


def test_sessions_writing_at_the_same_time_each_get_their_audit_entry_and_the_chain_holds(store):
    """Each dashboard session is a thread with its own connection: six sign-ins at once each
    appended the next audit entry, and all but one failed on a duplicate sequence number."""
    from concurrent.futures import ThreadPoolExecutor

    from registry.audit import verify_chain, write_audit

    def session(n: int) -> None:
        with db.connect(store) as conn:
            for i in range(15):
                with db.transaction(conn):
                    write_audit(conn, f"session-{n}", "sign_in", {"i": i})

    with ThreadPoolExecutor(6) as pool:
        for done in [pool.submit(session, n) for n in range(6)]:
            done.result()
    with db.connect(store) as conn:
        assert conn.execute("SELECT count(*) FROM audit_log WHERE action = 'sign_in'").fetchone()[0] == 90
        assert verify_chain(conn).ok
