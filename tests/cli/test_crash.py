"""A purge killed at any instant (kill -9) leaves the store as before or fully purged, and the
next command that opens the store finishes an interrupted rewrite."""

from __future__ import annotations

import json
import random
import shutil
import signal
import subprocess
import sys
import time

import pytest

from registry.store import db, files
from tests.conftest import PROJECT_ROOT, Contract, run_cli

TODAY = "2026-11-25"
UNCOMPRESSED = {"force_compression": "uncompressed"}
PURGED = [1, 2, 3]

# Where the purge is killed, and whether its transaction had committed by then.
FAULT_POINTS = [
    ("journal_written", False),
    ("purge_before_commit", False),
    ("purge_committed", True),
    ("ledger_appended", True),
    ("rewrite_copied", True),
    ("rewrite_before_swap", True),
    ("rewrite_swapped", True),
    ("journal_cleared", True),
]


@pytest.fixture
def small_store(store):
    from datetime import date

    with db.connect(store, config=UNCOMPRESSED) as conn:
        c = Contract(conn)
        for cid in (1, 2, 3, 4):
            c.customer(id=cid, until=date(2026, 1, 10), email=f"crash{cid}@secret.example", last_name=f"Kaatuja{cid}")
            c.order(cid, id=cid)
        c.invoice(4, id=1)  # person 4 is blocked
        conn.execute("CHECKPOINT")
    return store


def everything_beside(store) -> bytes:
    return b"".join(p.read_bytes() for p in store.parent.iterdir() if p.is_file())


def purged_ids(store) -> list[int]:
    with db.connect(store) as conn:
        return [r[0] for r in conn.execute("SELECT id FROM customers WHERE purged_on IS NOT NULL ORDER BY id").fetchall()]


def check_consistent_after_recovery(store, expect_purged: bool):
    """Run an ordinary command (it finishes any interrupted rewrite), then check the invariants."""
    result = run_cli("due", "--db", store, "--today", TODAY, "--json")
    assert result.returncode == 0, result.stderr
    assert [p["customer_id"] for p in json.loads(result.stdout)] == ([4] if expect_purged else [1, 2, 3, 4])
    assert purged_ids(store) == (PURGED if expect_purged else [])
    paths = files.StorePaths(store)
    assert not paths.journal.exists() and not paths.rewrite.exists() and not paths.rewrite_wal.exists()
    raw = everything_beside(store)
    for cid in PURGED:
        assert (f"crash{cid}@secret.example".encode() in raw) is (not expect_purged)
    with db.connect(store) as conn:
        assert conn.execute("SELECT count(*) FROM orders").fetchone()[0] == 4
        audit_entries = conn.execute("SELECT count(*) FROM audit_log WHERE action = 'purge'").fetchone()[0]
    assert audit_entries == (1 if expect_purged else 0)
    verify = run_cli("audit", "verify", "--db", store)
    assert verify.returncode == 0, verify.stderr
    assert_ledger_agrees(store, PURGED if expect_purged else [])


def assert_ledger_agrees(store, purged: list[int]) -> None:
    """The erasure ledger beside the store and the store's own copy hold the same entries, and
    between them exactly the persons purged."""
    from registry.store.ledger import ledger_path, read_ledger, store_entries

    in_file = read_ledger(ledger_path(store))
    with db.connect(store) as conn:
        assert store_entries(conn) == in_file
    assert sorted(i for e in in_file for i in e.customer_ids) == sorted(purged)


@pytest.mark.parametrize("point,committed", FAULT_POINTS, ids=[p for p, _ in FAULT_POINTS])
def test_purge_killed_at_any_step_leaves_the_store_before_or_fully_purged(small_store, point, committed):
    killed = run_cli("purge", "--db", small_store, "--today", TODAY, "--actor", "ajo", "--yes",
                     env={"REGISTRY_FAULT_AT": point})
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    if committed and point in ("purge_committed", "rewrite_copied", "rewrite_before_swap"):
        # The transaction committed but the old file was not yet replaced: the erased values
        # are still in its bytes until the next command finishes the rewrite.
        assert b"crash1@secret.example" in everything_beside(small_store)
    check_consistent_after_recovery(small_store, expect_purged=committed)


def test_a_purge_killed_at_random_instants_is_all_or_nothing(tmp_path):
    """Not at chosen points but by the clock, on a store large enough to take a while."""
    template = tmp_path / "template" / "registry.duckdb"
    template.parent.mkdir()
    made = run_cli("demo", "--db", template, "--customers", 20000, "--seed", 5, "--today", TODAY)
    assert made.returncode == 0, made.stderr
    due_before = json.loads(run_cli("due", "--db", template, "--today", TODAY, "--json").stdout)
    purgeable = {p["customer_id"] for p in due_before if not p["blockers"]}
    rng = random.Random(11)
    outcomes = set()
    for trial in range(5):
        store = tmp_path / f"trial{trial}" / "registry.duckdb"
        store.parent.mkdir()
        shutil.copy(template, store)
        proc = subprocess.Popen([sys.executable, "-m", "registry", "purge", "--db", str(store), "--today", TODAY,
                                 "--actor", "ajo", "--yes"], cwd=PROJECT_ROOT,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 1.6))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        after = run_cli("due", "--db", store, "--today", TODAY, "--json")
        assert after.returncode == 0, after.stderr
        still_due = {p["customer_id"] for p in json.loads(after.stdout)}
        purged = set(purged_ids(store)) - set(purged_ids(template))
        assert purged in (set(), purgeable), f"trial {trial}: {len(purged)} of {len(purgeable)} purged"
        assert still_due.isdisjoint(purged)
        outcomes.add("purged" if purged else "before")
        paths = files.StorePaths(store)
        assert not paths.journal.exists() and not paths.rewrite.exists()
        assert_ledger_agrees(store, sorted(purged))
    assert outcomes  # each trial ended in one of the two states; which depends on the clock


@pytest.mark.parametrize("point,committed", [("letters_written", False), ("purge_before_commit", False),
                                             ("purge_committed", True)])
def test_a_purge_killed_after_writing_its_letters_keeps_them_only_if_it_committed(small_store, tmp_path, point,
                                                                                    committed):
    """The letters of the erasure requests a purge carries out are written before its commit; one
    killed before the commit erased nobody, so the next command takes its letters back (the
    journal names them), and the request stays open."""
    from datetime import date

    with db.connect(small_store) as conn:
        Contract(conn).request(1, kind="erasure", received_on=date(2026, 11, 20), verified_on=date(2026, 11, 20),
                               id=7)
    out = tmp_path / "letters"
    killed = run_cli("purge", "--db", small_store, "--today", TODAY, "--actor", "ajo", "--yes", "--out", out,
                     env={"REGISTRY_FAULT_AT": point})
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert (out / "erasure-7.pdf").exists()  # written before the commit, whatever came after
    assert run_cli("due", "--db", small_store, "--today", TODAY).returncode == 0  # the next command recovers
    assert (out / "erasure-7.pdf").exists() is committed
    with db.connect(small_store) as conn:
        assert conn.execute("SELECT status FROM requests WHERE id = 7").fetchone()[0] == (
            "completed" if committed else "received")
