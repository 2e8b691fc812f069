"""Migrations: named, ordered, recorded; an older store is brought up to date in place."""

from datetime import datetime

import duckdb
import pytest

from registry.errors import BadInput
from registry.schema import CONTRACT_SQL, CURRENT_VERSION, MIGRATIONS, MIGRATIONS_TABLE_SQL, migrate, schema_version


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
