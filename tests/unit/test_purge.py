"""Purge: erases exactly the due, unblocked persons, in one transaction, and leaves no trace of
the erased values in the store's bytes."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from registry.store import db, files
from registry.access import Actor, NotPermitted
from registry.audit import verify_chain
from registry.errors import NotDue, NotFound, PurgeBlocked
from registry.purge import PERSONAL_COLUMNS, purge_persons
from tests.conftest import Contract

TODAY = date(2026, 11, 25)
ENDED = date(2026, 6, 1)  # due on 2026-08-30
NOW = datetime(2026, 11, 25, 9, 30)
UNCOMPRESSED = {"force_compression": "uncompressed"}
MANAGER = Actor("mika", "manager")


def full_person(contract: Contract, cid: int, until=ENDED, **extra):
    return contract.customer(
        id=cid, until=until, first_name=f"Etunimi{cid}", last_name=f"Sukunimi{cid}", email=f"erased{cid}@secret.example",
        phone=f"+358 40 555 {cid:04d}", website=f"https://www.person{cid}.example", ip_address=f"10.0.0.{cid}",
        postal_street=f"Katu {cid}", postal_postcode="80400", postal_city="Ylämylly", postal_country="FI",
        billing_street=f"Laskutie {cid}", billing_postcode="80100", billing_city="Joensuu", billing_country="FI",
        **extra)


@pytest.fixture
def populated(store):
    """Persons 1-3 due and unblocked, 4 due but blocked by an open invoice, 5 active; orders and
    personal content elsewhere for each. Written uncompressed so that bytes can be searched."""
    with db.connect(store, config=UNCOMPRESSED) as conn:
        c = Contract(conn)
        for cid in (1, 2, 3, 4):
            full_person(c, cid)
        full_person(c, 5, until=None)
        for cid in (1, 2, 3, 4, 5):
            c.order(cid, id=cid * 10)
            c.order(cid, id=cid * 10 + 1)
            c.invoice(cid, paid_on=date(2024, 5, 10), id=cid * 10, order_id=cid * 10)
            conn.execute("INSERT INTO customer_notes VALUES (?, ?, ?, 'asiakaspalvelu', ?)",
                         [cid, cid, NOW, f"Soitti Etunimi{cid}, numero +358 40 555 {cid:04d}"])
            conn.execute("INSERT INTO visit_log VALUES (?, ?, ?, ?, 'Firefox', '/')", [cid, cid, NOW, f"10.0.0.{cid}"])
            conn.execute("INSERT INTO import_rows VALUES (?, ?, ?, 'osoitepalvelu', ?)",
                         [cid, cid, NOW, json.dumps({"email": f"erased{cid}@secret.example"})])
        c.invoice(4, id=99)  # open: blocks person 4
        c.request(1, kind="access", received_on=date(2026, 9, 1), status="completed", id=1)
        conn.execute("UPDATE requests SET details = 'Terveisin Etunimi1 Sukunimi1' WHERE id = 1")
        c.legal_hold(2, placed_on=date(2025, 1, 1), lifted_on=date(2025, 6, 1), reason="Riita Etunimi2 kanssa", id=1)
        conn.execute("CHECKPOINT")
    return store


def store_bytes(store) -> bytes:
    """Every file beside the store (the store, its WAL, leftovers), concatenated."""
    return b"".join(p.read_bytes() for p in store.parent.iterdir() if p.is_file())


def purge(store, ids=None, actor=MANAGER, dry_run=False, **kw):
    with db.connect(store, exclusive=True, config=UNCOMPRESSED) as conn:
        return purge_persons(conn, TODAY, actor, ids, dry_run=dry_run, now=NOW, **kw)


def person(store, cid):
    with db.connect(store) as conn:
        cols = ", ".join(PERSONAL_COLUMNS)
        return conn.execute(f"SELECT {cols}, purged_on FROM customers WHERE id = ?", [cid]).fetchone()


def table_counts(store):
    with db.connect(store) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("orders", "invoices", "customer_notes", "visit_log", "import_rows", "audit_log")}


def test_purge_erases_every_personal_column_and_sets_purged_on(populated):
    receipt = purge(populated)
    assert receipt.customer_ids == (1, 2, 3)
    for cid in (1, 2, 3):
        row = person(populated, cid)
        assert row[:-1] == (None,) * len(PERSONAL_COLUMNS)
        assert row[-1] == NOW


def test_purge_keeps_orders_and_invoices_linked_to_the_tombstone(populated):
    before = table_counts(populated)
    receipt = purge(populated)
    after = table_counts(populated)
    assert after["orders"] == before["orders"] and after["invoices"] == before["invoices"]
    assert receipt.counts["orders_kept_anonymous"] == 6 and receipt.counts["invoices_kept"] == 3
    with db.connect(populated) as conn:
        assert conn.execute("SELECT count(*) FROM orders WHERE customer_id = 1").fetchone()[0] == 2


def test_purge_removes_personal_content_held_elsewhere(populated):
    receipt = purge(populated)
    with db.connect(populated) as conn:
        for table in ("customer_notes", "visit_log", "import_rows"):
            left = conn.execute(f"SELECT customer_id FROM {table} ORDER BY 1").fetchall()
            assert left == [(4,), (5,)], table
        assert conn.execute("SELECT details FROM requests WHERE id = 1").fetchone()[0] is None
        assert conn.execute("SELECT reason FROM legal_holds WHERE id = 1").fetchone()[0] == "[erased]"
    assert receipt.counts["notes_removed"] == 3
    assert receipt.counts["request_texts_erased"] == 1
    assert receipt.counts["legal_hold_reasons_erased"] == 1


def test_blocked_person_is_skipped_and_reported_when_purging_everyone(populated):
    receipt = purge(populated)
    assert [(p.customer_id, p.blockers) for p in receipt.blocked] == [(4, ("open_invoice",))]
    assert person(populated, 4)[2] == "erased4@secret.example"


def test_naming_a_blocked_person_refuses_the_whole_purge_and_changes_nothing(populated):
    before = store_bytes(populated)
    with pytest.raises(PurgeBlocked, match=r"person 4: open_invoice since 2024-05-01 \(1\)"):
        purge(populated, ids=[1, 4])
    assert person(populated, 1)[2] == "erased1@secret.example"
    assert person(populated, 4)[-1] is None
    assert b"erased1@secret.example" in store_bytes(populated) and before


def test_naming_a_person_who_is_not_due_is_refused(populated):
    with pytest.raises(NotDue, match="not due on 2026-11-25: person 5"):
        purge(populated, ids=[5])
    assert person(populated, 5)[-1] is None


def test_naming_an_unknown_id_is_bad_input(populated):
    with pytest.raises(NotFound, match="no person with id 77"):
        purge(populated, ids=[1, 77])
    assert person(populated, 1)[-1] is None


def test_dry_run_changes_nothing_and_says_what_would_happen(populated):
    before = table_counts(populated)
    receipt = purge(populated, dry_run=True)
    assert receipt.dry_run and receipt.customer_ids == (1, 2, 3) and receipt.audit_seq is None
    assert table_counts(populated) == before
    assert person(populated, 1)[2] == "erased1@secret.example"


def test_purging_twice_changes_nothing_the_second_time(populated):
    first = purge(populated, ids=[1, 2])
    second = purge(populated, ids=[1, 2])
    assert first.customer_ids == (1, 2)
    assert second.customer_ids == () and second.already_purged == (1, 2) and second.audit_seq is None
    assert table_counts(populated)["audit_log"] == 1


def test_erased_values_are_gone_from_the_store_bytes(populated):
    raw = store_bytes(populated)
    assert all(f"erased{cid}@secret.example".encode() in raw for cid in (1, 2, 3, 4, 5))
    purge(populated)
    raw = store_bytes(populated)
    for cid in (1, 2, 3):
        for value in (f"erased{cid}@secret.example", f"Sukunimi{cid}", f"+358 40 555 {cid:04d}", f"Laskutie {cid}"):
            assert value.encode() not in raw, value
    # Positive control: the same search finds the persons who were not purged.
    assert b"erased4@secret.example" in raw and b"erased5@secret.example" in raw
    # Nothing else beside it but the lock and the erasure ledger (ids only: its words are checked above).
    assert sorted(p.name for p in populated.parent.iterdir()) == ["registry.duckdb", "registry.duckdb.erasures",
                                                                  "registry.duckdb.lock"]


def test_without_the_rewrite_duckdb_would_keep_erased_values_in_the_file(populated):
    """Why the rewrite exists: an UPDATE to NULL and a CHECKPOINT leave the old bytes behind."""
    with db.connect(populated, config=UNCOMPRESSED) as conn:
        conn.execute("UPDATE customers SET email = NULL WHERE id = 1")
        conn.execute("CHECKPOINT")
    assert b"erased1@secret.example" in store_bytes(populated)


def test_audit_entry_holds_ids_and_counts_never_erased_values(populated):
    receipt = purge(populated)
    with db.connect(populated) as conn:
        actor, action, details = conn.execute("SELECT actor, action, details FROM audit_log").fetchone()
        assert verify_chain(conn).ok
    assert (actor, action) == ("mika", "purge")
    assert json.loads(details)["customer_ids"] == [1, 2, 3]
    assert receipt.audit_seq == 1
    text = details + json.dumps(receipt.as_json())
    for cid in (1, 2, 3):
        assert f"erased{cid}" not in text and f"Sukunimi{cid}" not in text


def test_purge_rolls_back_entirely_when_a_step_fails(populated, monkeypatch):
    import registry.purge as purge_module

    def broken_audit(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(purge_module, "write_audit", broken_audit)
    with pytest.raises(RuntimeError, match="disk full"):
        purge(populated)
    assert all(person(populated, cid)[-1] is None for cid in (1, 2, 3))
    assert table_counts(populated)["customer_notes"] == 5
    assert not files.StorePaths(populated).journal.exists()


@pytest.mark.parametrize("role", ["staff", "auditor", "admin"])
def test_only_managers_and_scheduled_jobs_may_purge(populated, role):
    with pytest.raises(NotPermitted):
        purge(populated, actor=Actor("someone", role))
    assert person(populated, 1)[-1] is None


def test_progress_is_reported_to_the_end(populated):
    seen = []
    purge(populated, on_progress=lambda done, total: seen.append((done, total)))
    assert seen[0] == (1, 4) and seen[-1] == (4, 4)


def test_the_rewritten_store_keeps_the_contract_defaults_and_keys(populated):
    """Other systems keep writing after a purge: defaults and primary keys survive the rewrite."""
    import duckdb

    purge(populated)
    with db.connect(populated) as conn:
        conn.execute("INSERT INTO customers (id, customer_since) VALUES (100, DATE '2026-11-25')")
        assert conn.execute("SELECT is_contact_person, language, source FROM customers WHERE id = 100").fetchone() \
            == (False, "fi", "registration")
        with pytest.raises(duckdb.ConstraintException):
            conn.execute("INSERT INTO customers (id, customer_since) VALUES (1, DATE '2026-11-25')")
        conn.execute("INSERT INTO requests (id, kind, received_on) VALUES (100, 'access', DATE '2026-11-25')")
        assert conn.execute("SELECT status FROM requests WHERE id = 100").fetchone()[0] == "received"


def test_the_receipt_carries_the_audit_entry_hash_as_an_outside_anchor(populated):
    receipt = purge(populated)
    with db.connect(populated) as conn:
        seq, digest = conn.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    assert (receipt.audit_seq, receipt.audit_hash) == (seq, digest)
    assert len(receipt.as_json()["audit_hash"]) == 64
