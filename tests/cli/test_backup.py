"""Backups that keep erasures (REGISTER.md section 11), through the command line as an operator
runs them: a person purged after a backup stays purged after restoring it, in the rows and in
the file's bytes; a backup is unreadable without its key and a changed one is refused; a restore
killed at any step leaves the store as before or restored with every erasure re-applied."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import signal
import stat
from datetime import date

import pytest

from registry.store import db, locks
from registry.access import Actor
from registry.store.ledger import ledger_path, read_ledger, store_entries
from registry.requests.rights import complete_request
from tests.conftest import Contract, run_cli

TODAY = "2026-11-25"
# Person 1 is due by retention; person 2 is an active customer who asks to be erased after the
# backup; person 3 stays; person 4 was purged before the backup.
EMAILS = {1: "vanha.asiakas@secret.example", 2: "pyysi.poistoa@secret.example", 3: "pysyy@secret.example",
          4: "poistettu.ennen@secret.example"}


@pytest.fixture
def register(store):
    with db.connect(store, config={"force_compression": "uncompressed"}) as conn:
        c = Contract(conn)
        c.customer(id=1, until=date(2026, 1, 10), email=EMAILS[1], last_name="Vanhanen")
        c.customer(id=2, email=EMAILS[2], last_name="Pyytäjä")
        c.customer(id=3, email=EMAILS[3], last_name="Pysyvä")
        c.customer(id=4, until=date(2025, 1, 10), email=EMAILS[4], last_name="Ennen")
        for cid in EMAILS:
            c.order(cid, id=cid)
    with db.connect(store, exclusive=True) as conn:
        from registry.purge import purge_persons

        purge_persons(conn, date.fromisoformat(TODAY), Actor.system("ajo"), [4])
    return store


def backup(store, out, env=None):
    done = run_cli("backup", "--db", store, "--out", out, "--json", env=env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def purge_after_the_backup(store, tmp_path):
    """Person 1 by the retention purge, person 2 by their erasure request."""
    assert run_cli("purge", "--db", store, "--today", TODAY, "--actor", "ajo", "--yes").returncode == 0
    with db.connect(store) as conn:
        Contract(conn).request(2, kind="erasure", received_on=date(2026, 11, 20), verified_on=date(2026, 11, 21),
                               id=20)
    with db.connect(store, exclusive=True) as conn:
        complete_request(conn, Actor("mika", "manager"), 20, date.fromisoformat(TODAY), tmp_path / "letters")


def purged(store) -> list[int]:
    with db.connect(store) as conn:
        return [i for (i,) in conn.execute("SELECT id FROM customers WHERE purged_on IS NOT NULL ORDER BY id").fetchall()]


def bytes_beside(store) -> bytes:
    return b"".join(p.read_bytes() for p in store.parent.iterdir() if p.is_file())


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_persons_purged_after_a_backup_stay_purged_after_restoring_it(register, tmp_path):
    taken = backup(register, tmp_path / "registry.backup")
    assert taken["persons"] == 4 and taken["file"].endswith("registry.backup") and taken["audit_seq"] >= 1
    purge_after_the_backup(register, tmp_path)
    assert purged(register) == [1, 2, 4]

    dry = run_cli("restore", "--db", register, "--from", tmp_path / "registry.backup", "--dry-run", "--json")
    assert dry.returncode == 0, dry.stderr
    assert json.loads(dry.stdout)["reapplied"] == [1, 2]
    assert purged(register) == [1, 2, 4]  # the dry run changed nothing

    done = run_cli("restore", "--db", register, "--from", tmp_path / "registry.backup", "--yes", "--json",
                   "--today", TODAY)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["reapplied"] == [1, 2] and result["restored_from"].endswith("registry.backup")
    assert result["backup_taken_at"] == taken["taken_at"]
    assert purged(register) == [1, 2, 4]
    raw = bytes_beside(register)
    assert all(EMAILS[i].encode() not in raw for i in (1, 2, 4)) and EMAILS[3].encode() in raw
    assert not any(p.name.endswith((".restore", ".restore-journal")) for p in register.parent.iterdir())
    assert run_cli("audit", "verify", "--db", register).returncode == 0  # the restored chain verifies
    with db.connect(register) as conn:
        action, details = conn.execute("SELECT action, details FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
        in_store = {e.purge_id for e in store_entries(conn)}
    assert action == "restore" and json.loads(details)["reapplied"] == [1, 2]
    in_file = read_ledger(ledger_path(register))
    assert in_store == {e.purge_id for e in in_file}  # the ledger and the restored store agree
    assert [e.reason for e in in_file][-1] == "reapplied"


def test_the_backup_is_unreadable_without_its_key_and_another_key_is_refused(register, tmp_path):
    backup(register, tmp_path / "b.backup")
    data = (tmp_path / "b.backup").read_bytes()
    assert all(e.encode() not in data for e in EMAILS.values()) and b"Pysyv" not in data
    before = digest(register)
    other = base64.urlsafe_b64encode(os.urandom(32)).decode()
    refused = run_cli("restore", "--db", register, "--from", tmp_path / "b.backup", "--yes",
                      env={"REGISTRY_BACKUP_KEY": other})
    assert refused.returncode == 2 and "another key" in refused.stderr and "Traceback" not in refused.stderr
    assert digest(register) == before


@pytest.mark.parametrize("change", ["flip", "truncate", "append", "header"])
def test_a_changed_backup_is_refused_and_nothing_changes(register, tmp_path, change):
    backup(register, tmp_path / "b.backup")
    data = bytearray((tmp_path / "b.backup").read_bytes())
    if change == "flip":
        data[len(data) // 2] ^= 0x01
    elif change == "truncate":
        data = data[: len(data) - 100]
    elif change == "append":
        data += b"\x00" * 20
    else:  # the persons count in the header, which every chunk's authentication binds
        data = bytearray(bytes(data).replace(b'"persons": 4', b'"persons": 5', 1))
    (tmp_path / "b.backup").write_bytes(bytes(data))
    purge_after_the_backup(register, tmp_path)
    before = digest(register)
    refused = run_cli("restore", "--db", register, "--from", tmp_path / "b.backup", "--yes")
    assert refused.returncode == 2, refused.stderr
    assert "nothing changed" in refused.stderr and "Traceback" not in refused.stderr
    assert digest(register) == before and purged(register) == [1, 2, 4]
    assert not any(".restore" in p.name for p in register.parent.iterdir())


def test_a_file_backup_did_not_write_is_refused(register, tmp_path):
    (tmp_path / "other.backup").write_bytes(register.read_bytes())
    refused = run_cli("restore", "--db", register, "--from", tmp_path / "other.backup", "--yes")
    assert refused.returncode == 2 and "not a backup" in refused.stderr


def test_restore_needs_yes_or_dry_run(register, tmp_path):
    backup(register, tmp_path / "b.backup")
    before = digest(register)
    for flags in ([], ["--yes", "--dry-run"]):
        refused = run_cli("restore", "--db", register, "--from", tmp_path / "b.backup", *flags)
        assert refused.returncode == 2 and "--yes" in refused.stderr
    assert digest(register) == before


def test_a_busy_store_exits_3_and_nothing_changes(register, tmp_path):
    backup(register, tmp_path / "b.backup")
    with db.connect(register):  # another process (this test) holds the store
        busy = run_cli("restore", "--db", register, "--from", tmp_path / "b.backup", "--yes",
                       env={"REGISTRY_BUSY_TIMEOUT": "0.5"})
    assert busy.returncode == 3, busy.stderr
    assert "busy" in busy.stderr


def test_without_a_ledger_the_restore_is_refused_unless_told_and_then_warns(register, tmp_path):
    backup(register, tmp_path / "b.backup")
    purge_after_the_backup(register, tmp_path)
    kept = tmp_path / "off-site.erasures"
    ledger_path(register).rename(kept)
    refused = run_cli("restore", "--db", register, "--from", tmp_path / "b.backup", "--yes")
    assert refused.returncode == 2 and "--without-ledger" in refused.stderr
    # The copy kept elsewhere does the job of the lost one.
    elsewhere = run_cli("restore", "--db", register, "--from", tmp_path / "b.backup", "--yes", "--json",
                        "--ledger", kept, "--today", TODAY)
    assert elsewhere.returncode == 0, elsewhere.stderr
    assert json.loads(elsewhere.stdout)["reapplied"] == [1, 2] and purged(register) == [1, 2, 4]

    ledger_path(register).unlink()
    knowingly = run_cli("restore", "--db", register, "--from", tmp_path / "b.backup", "--yes", "--without-ledger")
    assert knowingly.returncode == 0, knowingly.stderr
    assert "may have come back" in knowingly.stderr
    assert purged(register) == [4]  # exactly what the warning said


def test_a_ledger_of_another_register_is_refused(register, tmp_path):
    backup(register, tmp_path / "b.backup")
    foreign = tmp_path / "foreign.erasures"
    foreign.write_text('{"at": "2026-11-01T10:00:00", "audit_seq": 3, "customer_ids": [3], '
                       '"purge_id": "0123456789abcdef0123456789abcdef", "reason": "due_purge"}\n')
    refused = run_cli("restore", "--db", register, "--from", tmp_path / "b.backup", "--yes", "--ledger", foreign)
    assert refused.returncode == 2 and "another register" in refused.stderr
    assert purged(register) == [4]


def test_a_restore_creates_the_store_where_none_is(register, tmp_path):
    backup(register, tmp_path / "b.backup")
    purge_after_the_backup(register, tmp_path)
    new = tmp_path / "new" / "registry.duckdb"
    new.parent.mkdir()
    key = (register.parent / "registry.duckdb.backup-key").read_text().strip()
    done = run_cli("restore", "--db", new, "--from", tmp_path / "b.backup", "--yes", "--ledger",
                   ledger_path(register), env={"REGISTRY_BACKUP_KEY": key})
    assert done.returncode == 0, done.stderr
    assert purged(new) == [1, 2, 4]


def _backup_at_schema(register, tmp_path, version: int):
    """A backup of the store as an older (8) or newer (99) program would have written it."""
    from registry import backup as bk

    copy = tmp_path / f"copy{version}" / "registry.duckdb"
    copy.parent.mkdir()
    copy.write_bytes(register.read_bytes())
    conn = locks.open_file(copy)
    if version < 9:
        conn.execute("DELETE FROM schema_migrations WHERE version >= 9")
        conn.execute("DROP TABLE erasures")
        conn.execute("DROP TABLE backups")
    else:
        conn.execute("INSERT INTO schema_migrations VALUES (?, 'from the future', now())", [version])
    conn.execute("CHECKPOINT")
    conn.close()
    key = bk.backup_key(register, create=True)
    with open(copy, "rb") as source, open(tmp_path / f"v{version}.backup", "wb") as out:
        bk._encrypt_file(source, out, key, {"taken_at": "2026-11-20T10:00:00Z", "persons": 4, "audit_seq": 1,
                                            "schema_version": version})
    return tmp_path / f"v{version}.backup"


def test_an_older_backup_is_migrated_and_a_newer_one_refused(register, tmp_path):
    newer = _backup_at_schema(register, tmp_path, 99)
    before = digest(register)
    refused = run_cli("restore", "--db", register, "--from", newer, "--yes")
    assert refused.returncode == 2 and "newer" in refused.stderr and digest(register) == before
    older = _backup_at_schema(register, tmp_path, 8)
    done = run_cli("restore", "--db", register, "--from", older, "--yes", "--json", "--today", TODAY)
    assert done.returncode == 0, done.stderr
    with db.connect(register) as conn:
        assert conn.execute("SELECT max(version) FROM schema_migrations").fetchone()[0] >= 9
    assert purged(register) == [4]


# --- kill -9 at every step ---------------------------------------------------------------------

RESTORE_POINTS = [("restore_decrypted", False), ("journal_written", False), ("purge_before_commit", False),
                  ("purge_committed", False), ("rewrite_swapped", False), ("restore_prepared", False),
                  ("restore_journal_written", True), ("restore_ledger_synced", True), ("restore_swapped", True)]


@pytest.mark.parametrize("point,restored", RESTORE_POINTS, ids=[p for p, _ in RESTORE_POINTS])
def test_a_restore_killed_at_any_step_leaves_the_store_before_or_restored(register, tmp_path, point, restored):
    backup(register, tmp_path / "b.backup")
    purge_after_the_backup(register, tmp_path)
    with db.connect(register) as conn:  # something written after the backup: gone only if restored
        conn.execute("INSERT INTO customer_notes VALUES (99, 3, now(), 'mika', 'Soitettu')")
    killed = run_cli("restore", "--db", register, "--from", tmp_path / "b.backup", "--yes", "--today", TODAY,
                     env={"REGISTRY_FAULT_AT": point})
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    after = run_cli("due", "--db", register, "--today", TODAY, "--json")  # the next command
    assert after.returncode == 0, after.stderr
    assert purged(register) == [1, 2, 4]  # either way, nobody erased is back
    with db.connect(register) as conn:
        notes = conn.execute("SELECT count(*) FROM customer_notes WHERE id = 99").fetchone()[0]
        restores = conn.execute("SELECT count(*) FROM audit_log WHERE action = 'restore'").fetchone()[0]
        in_store = {e.purge_id for e in store_entries(conn)}
    assert (notes, restores) == ((0, 1) if restored else (1, 0))
    assert in_store == {e.purge_id for e in read_ledger(ledger_path(register))}
    assert not any(".restore" in p.name for p in register.parent.iterdir())  # no decrypted copy is left
    raw = bytes_beside(register)
    assert all(EMAILS[i].encode() not in raw for i in (1, 2, 4))
    assert run_cli("audit", "verify", "--db", register).returncode == 0


@pytest.mark.parametrize("point", ["backup_started", "backup_written"])
def test_a_backup_killed_at_any_step_leaves_the_store_and_no_partial_backup(register, tmp_path, point):
    killed = run_cli("backup", "--db", register, "--out", tmp_path / "b.backup", env={"REGISTRY_FAULT_AT": point})
    assert killed.returncode == -signal.SIGKILL
    assert run_cli("due", "--db", register, "--today", TODAY).returncode == 0
    assert not (tmp_path / "b.backup").exists()  # never a half-written file under the backup's name
    assert purged(register) == [4] and run_cli("audit", "verify", "--db", register).returncode == 0
    with db.connect(register) as conn:  # a backup that did not finish is not recorded as taken
        assert conn.execute("SELECT count(*) FROM backups").fetchone()[0] == 0


# --- files only their owner reads --------------------------------------------------------------

def modes(folder) -> dict[str, str]:
    return {p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in folder.iterdir() if p.is_file()}


def test_the_store_and_everything_beside_it_is_0600_whatever_the_umask(tmp_path):
    store = tmp_path / "data" / "registry.duckdb"
    store.parent.mkdir()
    old = os.umask(0o022)
    try:
        env = {"REGISTRY_BUSY_TIMEOUT": "5"}
        assert run_cli("init", "--db", store, env=env).returncode == 0
        assert set(modes(store.parent).values()) == {"0o600"}, modes(store.parent)
        assert run_cli("demo", "--db", store, "--customers", 300, "--seed", 1, "--today", TODAY).returncode == 0
        assert run_cli("purge", "--db", store, "--today", TODAY, "--actor", "ajo", "--yes").returncode == 0
        assert set(modes(store.parent).values()) == {"0o600"}, modes(store.parent)
        backups = tmp_path / "backups"
        backups.mkdir()
        taken = backup(store, backups)
        assert modes(backups) == {os.path.basename(taken["file"]): "0o600"}
        restored = run_cli("restore", "--db", store, "--from", taken["file"], "--yes")
        assert restored.returncode == 0, restored.stderr
        names = modes(store.parent)
        assert set(names.values()) == {"0o600"} and {"registry.duckdb", "registry.duckdb.erasures",
                                                     "registry.duckdb.backup-key"} <= set(names), names
    finally:
        os.umask(old)


def test_an_existing_store_made_readable_to_others_is_made_private_on_open(register):
    os.chmod(register, 0o644)
    with db.connect(register):
        pass
    assert stat.S_IMODE(register.stat().st_mode) == 0o600


def test_a_restored_store_knows_the_backup_it_came_from(register, tmp_path):
    """The backup's own row is written after the copy, so a restored store's rows lacked it and
    the Overview said "never backed up": the restore records it, and itself in the audit trail."""
    from registry.backup import backup_status

    (tmp_path / "out").mkdir()
    info = backup(register, tmp_path / "out")
    with db.connect(register) as conn:
        taken = backup_status(conn)
    done = run_cli("restore", "--db", register, "--from", info["file"], "--today", TODAY, "--yes")
    assert done.returncode == 0, done.stderr
    with db.connect(register) as conn:
        status = backup_status(conn)
    assert (status.taken_at, status.taken_by, status.file_name, status.size) == \
        (taken.taken_at, taken.taken_by, taken.file_name, taken.size)
    assert status.restored_from == taken.file_name and status.restored_from_last
    assert status.restored_at >= taken.taken_at and status.restored_by and not status.stale
