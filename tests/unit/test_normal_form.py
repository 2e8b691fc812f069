"""Migration 11: values stored in an older form are rewritten in the one normal form of
registry/validation.py (REGISTER.md section 9), and search keeps finding the persons."""

from datetime import date, datetime

import pytest

from registry.store import schema
from registry.access import Actor
from registry.customers import search_customers
from registry.store.schema import CURRENT_VERSION, migrate, one_normal_form, schema_version
from tests.conftest import Contract, store_at_version

STAFF = Actor("aino", "staff")
COLUMNS = "id, email, phone, postal_country, billing_country"


@pytest.fixture
def old_store(tmp_path):
    """A store at schema version 10 holding values as they were written before the validators."""
    conn = store_at_version(tmp_path / "v10.duckdb", 10)
    people = Contract(conn)
    people.customer(id=1, first_name="Aino", last_name="Virtanen", email=" Aino.Virtanen@Example.FI ",
                    phone="040-1234567", postal_country="Finland", billing_country="FIN")
    people.customer(id=2, email="Eero@example.fi", phone="+358 40 765 4321", postal_country="suomi")
    people.customer(id=3, email="Ei Osoite", phone="soita", postal_country="Atlantis", billing_country="fi")
    people.customer(id=4, email="Restricted@Example.FI", phone="+358 50 111 2222", postal_country="Ruotsi",
                    restricted_on=date(2026, 10, 1))
    people.customer(id=5, email=None, phone=None, postal_country=None, purged_on=datetime(2026, 3, 1))
    people.customer(id=6, email="jo.valmis@example.fi", phone="+358401112222", postal_country="FI")
    conn.execute("INSERT INTO staff_users (username, role, password_hash, created_at, email) VALUES "
                 "('mika', 'manager', 'x', TIMESTAMP '2026-01-01', 'Mika.L@Molentum.FI'), "
                 "('ella', 'staff', 'x', TIMESTAMP '2026-01-01', NULL)")
    assert schema_version(conn) == 10
    yield conn
    conn.close()


def stored(conn) -> list[tuple]:
    return conn.execute(f"SELECT {COLUMNS} FROM customers ORDER BY id").fetchall()  # COLUMNS: a constant


def test_old_forms_are_stored_in_normal_form_and_invalid_values_kept(old_store):
    assert migrate(old_store) == list(range(11, CURRENT_VERSION + 1))  # 11 and every migration since
    assert stored(old_store) == [
        (1, "aino.virtanen@example.fi", "+358401234567", "FI", "FI"),
        (2, "eero@example.fi", "+358407654321", "FI", None),
        (3, "Ei Osoite", "soita", "Atlantis", "FI"),  # what no validator reads stays as it was
        (4, "restricted@example.fi", "+358501112222", "SE", None),  # the same values, spelt as the rules spell them
        (5, None, None, None, None),
        (6, "jo.valmis@example.fi", "+358401112222", "FI", None),
    ]
    assert old_store.execute("SELECT username, email FROM staff_users ORDER BY ALL").fetchall() == [
        ("ella", None), ("mika", "mika.l@molentum.fi")]


def test_the_migration_is_recorded_but_writes_no_audit_entry(old_store):
    migrate(old_store, now=datetime(2026, 11, 25, 8, 0))
    assert old_store.execute("SELECT name, applied_at FROM schema_migrations WHERE version = 11").fetchall() == [
        ("one normal form for e-mail, phone and country", datetime(2026, 11, 25, 8, 0))]
    assert old_store.execute("SELECT count(*) FROM audit_log").fetchone()[0] == 0
    assert old_store.execute("SELECT count(*) FROM field_changes").fetchone()[0] == 0


@pytest.mark.parametrize("query,ids", [
    ("040 123 4567", [1]), ("+358401234567", [1]), ("0401234567", [1]), ("040 765 4321", [2]),
    ("aino.virtanen@example.fi", [1]), ("AINO.VIRTANEN@EXAMPLE.FI", [1]), ("Aino.Virtanen@Example.FI", [1]),
])
def test_search_finds_a_migrated_person_by_phone_and_email(old_store, query, ids):
    migrate(old_store)
    assert [r.customer_id for r in search_customers(old_store, STAFF, query).rows] == ids


def test_search_did_not_find_a_phone_written_with_a_hyphen_before_the_migration(old_store):
    assert search_customers(old_store, STAFF, "040 123 4567").rows == ()
    migrate(old_store)
    assert [r.customer_id for r in search_customers(old_store, STAFF, "040 123 4567").rows] == [1]


def test_normalising_again_changes_nothing(old_store):
    migrate(old_store)
    before = stored(old_store), old_store.execute("SELECT * FROM staff_users ORDER BY ALL").fetchall()
    assert migrate(old_store) == []
    one_normal_form(old_store)  # the step itself, run again on values already in normal form
    assert (stored(old_store), old_store.execute("SELECT * FROM staff_users ORDER BY ALL").fetchall()) == before


def test_a_failing_normalisation_changes_nothing(old_store, monkeypatch):
    def broken(value):
        raise RuntimeError("country list unreadable")

    email, phone, (_, old_form, columns) = schema.NORMAL_FORMS
    monkeypatch.setattr(schema, "NORMAL_FORMS", (email, phone, (broken, old_form, columns)))
    before = stored(old_store)
    with pytest.raises(RuntimeError, match="country list unreadable"):
        migrate(old_store)
    assert stored(old_store) == before  # e-mail and phone were rewritten, then rolled back
    assert schema_version(old_store) == 10
    monkeypatch.undo()
    assert migrate(old_store) == list(range(11, CURRENT_VERSION + 1))  # 11 and every migration since
