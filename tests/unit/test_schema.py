"""Migrations: named, ordered, recorded; an older store is brought up to date in place."""

from datetime import datetime

import duckdb
import pytest

from registry.errors import BadInput
from registry.store.schema import CONTRACT_SQL, CURRENT_VERSION, MIGRATIONS, MIGRATIONS_TABLE_SQL, migrate, schema_version
from tests.conftest import store_at_version


def test_a_version_1_store_gains_the_project_tables_and_keeps_its_rows(tmp_path):
    conn = duckdb.connect(str(tmp_path / "v1.duckdb"))
    conn.execute(MIGRATIONS_TABLE_SQL)
    conn.execute(CONTRACT_SQL)
    conn.execute("INSERT INTO schema_migrations VALUES (1, 'data contract tables', ?)", [datetime(2026, 1, 1)])
    conn.execute("INSERT INTO requests (id, kind, received_on) VALUES (5, 'access', DATE '2026-11-01')")
    assert schema_version(conn) == 1
    assert migrate(conn) == [v for v, _, _ in MIGRATIONS if v > 1]
    assert schema_version(conn) == CURRENT_VERSION
    assert conn.execute("SELECT id, details FROM requests").fetchall() == [(5, None)]
    assert conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == 0
    assert migrate(conn) == []
    conn.close()


def test_a_store_from_a_newer_program_is_refused(tmp_path):
    conn = duckdb.connect(str(tmp_path / "new.duckdb"))
    migrate(conn)
    conn.execute("INSERT INTO schema_migrations VALUES (?, 'from the future', ?)", [CURRENT_VERSION + 1,
                                                                                    datetime(2027, 1, 1)])
    with pytest.raises(BadInput, match="newer than this program"):
        migrate(conn)
    conn.close()


def test_migrations_are_numbered_in_order_without_gaps():
    assert [v for v, _, _ in MIGRATIONS] == list(range(1, CURRENT_VERSION + 1))


def test_imported_rows_kept_whole_become_sources_and_are_dropped(tmp_path):
    conn = store_at_version(tmp_path / "v6.duckdb", 6)
    conn.execute("INSERT INTO import_rows VALUES (1, 7, TIMESTAMP '2025-06-07 14:05', 'update_service', "
                 "'{\"first_name\": \"Eila\"}'), (2, 7, TIMESTAMP '2026-02-01 09:00', 'update_service', '{}'), "
                 "(3, 8, TIMESTAMP '2026-03-01 09:00', 'subcontractor', '{}')")
    assert migrate(conn) == [v for v, _, _ in MIGRATIONS if v >= 7]
    assert conn.execute("SELECT * FROM person_sources ORDER BY ALL").fetchall() == [
        (7, "update_service", datetime(2025, 6, 7).date(), datetime(2026, 2, 1).date()),
        (8, "subcontractor", datetime(2026, 3, 1).date(), datetime(2026, 3, 1).date())]
    assert conn.execute("SELECT count(*) FROM import_rows").fetchone()[0] == 0  # no payload kept
    conn.close()
