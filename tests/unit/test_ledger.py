"""The erasure ledger: every purge's ids, time and reason, in the store and in the file beside it."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from registry.store import db
from registry.access import Actor
from registry.store.ledger import Erasure, append_entries, ledger_path, read_ledger, store_entries
from registry.purge import purge_persons
from registry.retention.review import purge_reviewed
from registry.requests.rights import complete_request
from tests.conftest import Contract

TODAY = date(2026, 11, 25)
TODAY_AT = datetime(2026, 11, 25, 10, 0, 0)
OPS = Actor.system("ajo")
MANAGER = Actor("mika", "manager")


@pytest.fixture
def people(store):
    with db.connect(store) as conn:
        c = Contract(conn)
        for cid in (1, 2, 3, 4):
            c.customer(id=cid, until=date(2026, 1, 10), email=f"p{cid}@secret.example")
        c.customer(id=5, email="p5@secret.example")  # active: not due
        c.request(5, kind="erasure", received_on=date(2026, 11, 20), verified_on=date(2026, 11, 21), id=50)
    return store


def test_each_kind_of_purge_appends_its_ids_and_reason_to_the_file_and_the_store(people, tmp_path):
    with db.connect(people, exclusive=True) as conn:
        purge_persons(conn, TODAY, OPS, [1, 2])
    with db.connect(people, exclusive=True) as conn:
        purge_reviewed(conn, TODAY, MANAGER, [3])
    with db.connect(people, exclusive=True) as conn:
        complete_request(conn, MANAGER, 50, TODAY, tmp_path / "letters")
    in_file = read_ledger(ledger_path(people))
    assert [(e.reason, e.customer_ids) for e in in_file] == [
        ("due_purge", (1, 2)), ("reviewed_purge", (3,)), ("erasure_request", (5,))]
    with db.connect(people) as conn:
        assert store_entries(conn) == in_file
        seqs = [s for (s,) in conn.execute("SELECT seq FROM audit_log WHERE action = 'purge' ORDER BY seq").fetchall()]
    assert [e.audit_seq for e in in_file] == seqs
    text = ledger_path(people).read_text()
    assert "secret.example" not in text and len(text.splitlines()) == 3  # ids, times, reasons only


def test_a_purge_that_erases_nobody_writes_no_entry(people):
    with db.connect(people, exclusive=True) as conn:
        purge_persons(conn, date(2025, 1, 1), OPS)  # nobody due yet
    assert not ledger_path(people).exists()


def test_a_line_cut_short_by_a_crash_is_not_an_entry_and_the_next_append_replaces_it(tmp_path):
    path = tmp_path / "registry.duckdb.erasures"
    first = Erasure("a" * 32, TODAY_AT, "due_purge", (1, 2))
    append_entries(path, [first])
    with open(path, "ab") as torn:
        torn.write(b'{"at": "2026-11-25T10:00:00", "customer_ids": [3')
    assert read_ledger(path) == [first]
    second = Erasure("b" * 32, TODAY_AT, "reviewed_purge", (4,))
    append_entries(path, [second])
    assert read_ledger(path) == [first, second]
    assert all(json.loads(line) for line in path.read_text().splitlines())


def test_a_changed_ledger_line_is_refused_not_guessed(tmp_path):
    from registry.errors import BadInput

    path = tmp_path / "registry.duckdb.erasures"
    path.write_text('{"purge_id": "x", "at": "yesterday"}\n')
    with pytest.raises(BadInput, match="line 1"):
        read_ledger(path)


def test_purges_from_before_the_ledger_are_taken_from_the_audit_trail(people):
    """A store purged by an older version: migration 9 starts the ledger from its audit entries,
    and the next purge writes them to the file as well."""
    with db.connect(people, exclusive=True) as conn:
        purge_persons(conn, TODAY, OPS, [1])
    with db.connect(people) as conn:  # as an older version left it
        conn.execute("DELETE FROM schema_migrations WHERE version >= 9")  # 9 and what came after it
        conn.execute("DROP TABLE erasures")
        conn.execute("DROP TABLE backups")
    ledger_path(people).unlink()
    with db.connect(people, exclusive=True) as conn:
        assert [(e.reason, e.customer_ids) for e in store_entries(conn)] == [("purge", (1,))]
        purge_persons(conn, TODAY, OPS, [2])
    assert [e.customer_ids for e in read_ledger(ledger_path(people))] == [(1,), (2,)]

