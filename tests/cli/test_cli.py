"""The command-line contract (REGISTER.md section 7), run as scheduled jobs run it: a fresh
`python -m registry` process, exit codes, JSON on stdout, one-line errors on stderr."""

from __future__ import annotations

import fcntl
import json
import re
from datetime import date

import duckdb
import pytest

from registry.store import db, files
from registry.store.schema import CONTRACT_SQL, CURRENT_VERSION
from tests.conftest import no_wait, PROJECT_ROOT, Contract, run_cli

TODAY = "2026-11-25"


def ok(result):
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result


def one_line_error(result, code: int) -> str:
    assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture
def scenario(store):
    """1 due; 2 due, open invoice + legal hold; 3 due by erasure request; 4 active; 5 purged."""
    with db.connect(store) as conn:
        c = Contract(conn)
        c.customer(id=1, until=date(2026, 6, 1), email="one@example.fi")
        c.customer(id=2, until=date(2026, 6, 1), email="two@example.fi")
        c.invoice(2, id=1)
        c.legal_hold(2, placed_on=date(2026, 2, 1), id=1)
        c.customer(id=3, email="three@example.fi")
        c.request(3, kind="erasure", received_on=date(2026, 11, 20), verified_on=date(2026, 11, 21), id=7)
        c.customer(id=4, email="four@example.fi")
        c.customer(id=5, until=date(2025, 1, 1))
        conn.execute("UPDATE customers SET purged_on = TIMESTAMP '2025-05-01 00:00:00', email = NULL WHERE id = 5")
        c.request(4, kind="access", received_on=date(2026, 10, 24), id=8)
        c.request(1, kind="portability", received_on=date(2026, 11, 1), status="completed", id=9)
        c.request(None, kind="rectification", received_on=date(2026, 10, 26), id=10)
    return store


def test_init_twice_is_harmless(tmp_path):
    path = tmp_path / "r.duckdb"
    assert f"-> {CURRENT_VERSION}" in ok(run_cli("init", "--db", path)).stdout
    assert "already current" in ok(run_cli("init", "--db", path)).stdout


def test_init_migrates_a_store_with_only_contract_tables_without_losing_rows(tmp_path):
    path = tmp_path / "old.duckdb"
    conn = duckdb.connect(str(path))
    conn.execute(CONTRACT_SQL)
    conn.execute("INSERT INTO customers (id, first_name, customer_since) VALUES (1, 'Aino', DATE '2020-01-01')")
    conn.execute("INSERT INTO requests (id, kind, received_on) VALUES (1, 'access', DATE '2026-11-01')")
    conn.close()
    assert "schema version 0 -> " in ok(run_cli("init", "--db", path)).stdout
    with db.connect(path) as conn:
        assert conn.execute("SELECT first_name FROM customers").fetchall() == [("Aino",)]
        assert conn.execute("SELECT count(*) FROM requests").fetchone()[0] == 1
        assert conn.execute("SELECT max(version) FROM schema_migrations").fetchone()[0] == CURRENT_VERSION


def test_an_insert_naming_only_contract_columns_works_after_init(tmp_path):
    path = tmp_path / "r.duckdb"
    ok(run_cli("init", "--db", path))
    conn = duckdb.connect(str(path))
    conn.execute("INSERT INTO customers (id, customer_since) VALUES (1, DATE '2026-01-01')")
    conn.execute("INSERT INTO requests (id, kind, received_on) VALUES (1, 'erasure', DATE '2026-11-01')")
    row = conn.execute("SELECT is_contact_person, language, source, purged_on FROM customers").fetchone()
    status = conn.execute("SELECT status, language FROM requests").fetchone()
    conn.close()
    assert row == (False, "fi", "registration", None)
    assert status == ("received", "fi")


def test_due_json_lists_due_persons_by_id_with_sorted_blockers(scenario):
    result = json.loads(ok(run_cli("due", "--db", scenario, "--today", TODAY, "--json")).stdout)
    assert result == [
        {"customer_id": 1, "due_on": "2026-08-30", "reason": "retention", "blockers": []},
        {"customer_id": 2, "due_on": "2026-08-30", "reason": "retention", "blockers": ["legal_hold", "open_invoice"]},
        {"customer_id": 3, "due_on": "2026-11-20", "reason": "erasure_request", "blockers": []},
    ]


def test_due_without_json_prints_a_readable_list(scenario):
    out = ok(run_cli("due", "--db", scenario, "--today", TODAY)).stdout
    assert "3 due on 2026-11-25: 2 can be purged, 1 blocked" in out
    assert "legal_hold, open_invoice" in out


def test_requests_json_lists_open_requests_by_due_date_then_id(scenario):
    result = json.loads(ok(run_cli("requests", "--db", scenario, "--today", TODAY, "--json")).stdout)
    assert result == [
        {"request_id": 8, "customer_id": 4, "kind": "access", "status": "received", "due_on": "2026-11-24",
         "days_left": -1, "overdue": True, **no_wait("2026-11-24")},
        {"request_id": 10, "customer_id": None, "kind": "rectification", "status": "received",
         "due_on": "2026-11-26", "days_left": 1, "overdue": False, **no_wait("2026-11-26")},
        {"request_id": 7, "customer_id": 3, "kind": "erasure", "status": "received", "due_on": "2026-12-21",
         "days_left": 26, "overdue": False, **no_wait("2026-12-21")},
    ]


def test_purge_dry_run_prints_the_plan_and_changes_nothing(scenario):
    out = ok(run_cli("purge", "--db", scenario, "--today", TODAY, "--actor", "mika", "--dry-run", "--json")).stdout
    plan = json.loads(out)
    assert plan["dry_run"] is True and plan["customer_ids"] == [1, 3]
    assert plan["blocked"] == [{"customer_id": 2, "blockers": ["legal_hold", "open_invoice"]}]
    assert len(json.loads(ok(run_cli("due", "--db", scenario, "--today", TODAY, "--json")).stdout)) == 3


def test_purge_yes_purges_due_unblocked_persons_and_prints_a_receipt(scenario):
    receipt = json.loads(ok(run_cli("purge", "--db", scenario, "--today", TODAY, "--actor", "mika", "--yes",
                                    "--json")).stdout)
    assert receipt["actor"] == "mika" and receipt["customer_ids"] == [1, 3]
    assert receipt["counts"]["persons_purged"] == 2 and receipt["audit_seq"] == 1
    assert receipt["at"].endswith("Z") and receipt["today"] == TODAY
    assert "one@example.fi" not in json.dumps(receipt)
    remaining = json.loads(ok(run_cli("due", "--db", scenario, "--today", TODAY, "--json")).stdout)
    assert [p["customer_id"] for p in remaining] == [2]
    text = ok(run_cli("purge", "--db", scenario, "--today", TODAY, "--actor", "mika", "--yes")).stdout
    assert "purged: 0 persons" in text and "blocked, not touched: person 2 (legal_hold, open_invoice)" in text


def test_purge_of_a_named_blocked_person_exits_1_naming_the_blockers(scenario):
    line = one_line_error(run_cli("purge", "--db", scenario, "--today", TODAY, "--actor", "mika", "--yes",
                                  "--ids", "1,2"), 1)
    assert "person 2" in line and "legal_hold since 2026-02-01" in line and "open_invoice" in line
    assert "Nothing changed" in line
    due = json.loads(ok(run_cli("due", "--db", scenario, "--today", TODAY, "--json")).stdout)
    assert [p["customer_id"] for p in due] == [1, 2, 3]


def test_purge_with_ids_purges_only_those(scenario):
    receipt = json.loads(ok(run_cli("purge", "--db", scenario, "--today", TODAY, "--actor", "mika", "--yes",
                                    "--ids", "3", "--json")).stdout)
    assert receipt["customer_ids"] == [3]
    due = json.loads(ok(run_cli("due", "--db", scenario, "--today", TODAY, "--json")).stdout)
    assert [p["customer_id"] for p in due] == [1, 2]


@pytest.mark.parametrize("args,fragment", [
    (["due", "--today", "2026-13-01"], "'2026-13-01' is not a date"),
    (["due", "--today", "yesterday"], "is not a date"),
    (["purge", "--actor", "mika", "--yes", "--ids", "1,x,3"], "'x' is not an id"),
    (["purge", "--actor", "mika", "--yes", "--ids", ",,"], "give at least one id"),
    (["purge", "--actor", "mika", "--yes", "--ids", "404"], "no person with id 404"),
    (["purge", "--actor", "mika"], "exactly one of --dry-run"),
    (["purge", "--actor", "mika", "--dry-run", "--yes"], "exactly one of --dry-run"),
    (["purge", "--dry-run"], "Missing option '--actor'"),
    (["purge", "--actor", "  ", "--yes"], "needs a named actor"),
    (["no-such-command"], "No such command"),
])
def test_bad_input_is_one_line_exit_2_and_changes_nothing(scenario, args, fragment):
    line = one_line_error(run_cli(*args, "--db", scenario), 2)
    assert fragment in line
    due = json.loads(ok(run_cli("due", "--db", scenario, "--today", TODAY, "--json")).stdout)
    assert len(due) == 3


def test_a_missing_db_directory_is_bad_input(tmp_path):
    line = one_line_error(run_cli("due", "--db", tmp_path / "nowhere" / "r.duckdb"), 2)
    assert "does not exist" in line
    assert not (tmp_path / "nowhere").exists()


def test_a_missing_store_file_is_bad_input_and_not_created(tmp_path):
    line = one_line_error(run_cli("due", "--db", tmp_path / "r.duckdb"), 2)
    assert "no register at" in line and "init" in line
    assert not (tmp_path / "r.duckdb").exists()


def test_a_file_that_is_not_a_duckdb_store_is_bad_input(tmp_path):
    path = tmp_path / "notes.duckdb"
    path.write_text("these are not the rows you are looking for\n" * 200)
    line = one_line_error(run_cli("due", "--db", path), 2)
    assert "is not a DuckDB register file" in line
    assert path.read_text().startswith("these are not")


def test_a_store_held_by_another_process_exits_3_saying_try_again(scenario):
    holder = duckdb.connect(str(scenario))  # this test process holds the file read-write
    try:
        line = one_line_error(run_cli("due", "--db", scenario, env={"REGISTRY_BUSY_TIMEOUT": "0.5"}), 3)
    finally:
        holder.close()
    assert "the register is busy" in line and "try again" in line
    ok(run_cli("due", "--db", scenario))


def test_a_purge_waits_for_other_commands_then_reports_busy(scenario):
    lock = open(files.StorePaths(scenario).lock, "a")
    fcntl.flock(lock, fcntl.LOCK_SH)  # another process of ours is in a unit of work
    try:
        line = one_line_error(run_cli("purge", "--db", scenario, "--actor", "mika", "--yes", "--today", TODAY,
                                      env={"REGISTRY_BUSY_TIMEOUT": "0.5"}), 3)
    finally:
        lock.close()
    assert "busy" in line
    assert json.loads(ok(run_cli("purge", "--db", scenario, "--actor", "mika", "--yes", "--today", TODAY,
                                 "--json")).stdout)["customer_ids"] == [1, 3]


def test_audit_verify_passes_on_an_intact_chain_and_names_the_first_broken_entry(scenario):
    ok(run_cli("purge", "--db", scenario, "--today", TODAY, "--actor", "mika", "--yes", "--ids", "1"))
    ok(run_cli("purge", "--db", scenario, "--today", TODAY, "--actor", "mika", "--yes", "--ids", "3"))
    # Two purges and the erasure request 7 that the second carried out.
    assert "3 entries verified" in ok(run_cli("audit", "verify", "--db", scenario)).stdout
    conn = duckdb.connect(str(scenario))
    conn.execute("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 1")
    conn.close()
    line = one_line_error(run_cli("audit", "verify", "--db", scenario), 1)
    assert "entry 1" in line and "changed" in line


def test_audit_verify_detects_a_removed_entry(scenario):
    for cid in ("1", "3"):
        ok(run_cli("purge", "--db", scenario, "--today", TODAY, "--actor", "mika", "--yes", "--ids", cid))
    conn = duckdb.connect(str(scenario))
    conn.execute("DELETE FROM audit_log WHERE seq = 1")
    conn.close()
    result = run_cli("audit", "verify", "--db", scenario, "--json")
    assert result.returncode == 1
    assert json.loads(result.stdout)["first_broken_seq"] == 2


def test_every_command_has_help_with_an_example():
    for command in (["init"], ["demo"], ["due"], ["purge"], ["requests"], ["audit", "verify"], ["user", "add"],
                    ["user", "list"], ["user", "disable"], ["user", "unlock"], ["request", "record"],
                    ["request", "extend"], ["request", "complete"], ["request", "refuse"], ["marketing-list"], ["stats"]):
        out = ok(run_cli(*command, "--help")).stdout
        assert "Example: python -m registry" in out, command


def every_command(group=None, prefix=""):
    """(name, click command) of every command of the CLI, groups' commands as 'user add'."""
    import click

    from registry.cli import cli

    for name, command in (group or cli).commands.items():
        if isinstance(command, click.Group):
            yield from every_command(command, f"{prefix}{name} ")
        else:
            yield prefix + name, command


def test_every_command_is_documented_in_docs_cli_md():
    text = (PROJECT_ROOT / "docs" / "cli.md").read_text()
    found = [name for name, _ in every_command()]
    assert {"init", "demo", "due", "purge", "requests", "audit verify", "user add", "stats", "marketing-list",
            "request complete"} <= set(found)
    for command in found:
        assert f"python -m registry {command}" in text, command


def test_docs_cli_md_says_for_every_command_whether_and_how_it_reads_the_date():
    text = (PROJECT_ROOT / "docs" / "cli.md").read_text()
    section = text.split("## Dates: what `--today` means, command by command", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("`"):
            for name in re.findall(r"`([^`]+)`", cells[0]):
                rows[name.rstrip(" …")] = cells[1]
    for name, command in every_command():
        takes_today = any("--today" in p.opts for p in command.params)
        says = rows.get(name) or next((v for k, v in rows.items() if name.startswith(k + " ")), None)
        assert says is not None, f"{name} is not in the Dates table of docs/cli.md"
        assert (says == "`--today`") == takes_today, (name, says)
