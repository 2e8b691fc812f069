"""`user` and `request` commands of the command-line contract (REGISTER.md section 7)."""

import json
from datetime import date

import pytest

from registry.store import db
from tests.cli.test_cli import TODAY, ok, one_line_error
from tests.conftest import Contract, run_cli


def test_user_add_reads_the_password_from_stdin_and_stores_a_hash(store):
    out = ok(run_cli("user", "add", "--db", store, "--username", "mika.l", "--role", "manager",
                     "--nda-signed-on", "2026-01-15", "--email", "mika.l@molentum.fi", "--language", "en",
                     "--password-stdin", input="salainen-sana-1\n")).stdout
    assert "Created mika.l (manager)" in out
    listed = json.loads(ok(run_cli("user", "list", "--db", store, "--json")).stdout)
    assert listed == [{"username": "mika.l", "display_name": None, "role": "manager", "nda_signed_on": "2026-01-15",
                       "created_at": listed[0]["created_at"], "disabled_at": None, "failed_logins": 0,
                       "locked_until": None, "email": "mika.l@molentum.fi", "language": "en",
                       "sessions_valid_from": None}]
    with db.connect(store) as conn:
        stored = conn.execute("SELECT password_hash FROM staff_users").fetchone()[0]
    assert stored.startswith("$2b$") and "salainen" not in stored


@pytest.mark.parametrize("args,stdin,fragment", [
    (["--username", "x1", "--role", "manager"], "short\n", "at least 10"),
    (["--username", "x1", "--role", "boss"], "long-enough-pw\n", "'boss' is not one of"),
    (["--username", "x1", "--role", "staff"], "", "no password on standard input"),
    (["--username", "X Y", "--role", "staff"], "long-enough-pw\n", "username"),
])
def test_user_add_refuses_bad_input_with_exit_2(store, args, stdin, fragment):
    line = one_line_error(run_cli("user", "add", "--db", store, *args, "--password-stdin", input=stdin), 2)
    assert fragment in line


def test_user_set_password_reads_stdin_and_the_new_password_signs_in(store):
    from registry import users

    ok(run_cli("user", "add", "--db", store, "--username", "aino", "--role", "staff", "--password-stdin",
               input="salainen-sana-1\n"))
    out = ok(run_cli("user", "set-password", "--db", store, "--username", "aino", "--password-stdin",
                     input="toinen-sana-22\n")).stdout
    assert "New password set for aino" in out
    with db.connect(store) as conn:
        assert users.sign_in(conn, "aino", "toinen-sana-22").username == "aino"
        assert users.get_user(conn, "aino").sessions_valid_from is not None
    assert "at least 10" in one_line_error(run_cli("user", "set-password", "--db", store, "--username", "aino",
                                                   "--password-stdin", input="short\n"), 2)
    assert "no staff account" in one_line_error(run_cli("user", "set-password", "--db", store, "--username",
                                                        "nobody", "--password-stdin", input="toinen-sana-22\n"), 2)


def test_user_disable_and_unlock(store):
    ok(run_cli("user", "add", "--db", store, "--username", "aino", "--role", "staff", "--password-stdin",
               input="salainen-sana-1\n"))
    with db.connect(store) as conn:
        conn.execute("UPDATE staff_users SET failed_logins = 5, locked_until = TIMESTAMP '2099-01-01 00:00:00'")
    assert "Unlocked aino" in ok(run_cli("user", "unlock", "--db", store, "--username", "aino")).stdout
    assert "Disabled aino" in ok(run_cli("user", "disable", "--db", store, "--username", "aino")).stdout
    listed = json.loads(ok(run_cli("user", "list", "--db", store, "--json")).stdout)[0]
    assert listed["failed_logins"] == 0 and listed["locked_until"] is None and listed["disabled_at"]
    assert "no staff account 'ghost'" in one_line_error(run_cli("user", "unlock", "--db", store, "--username",
                                                                "ghost"), 2)


def test_request_record_prints_id_deadline_and_days_left(store):
    with db.connect(store) as conn:
        Contract(conn).customer(id=17)
    result = json.loads(ok(run_cli("request", "record", "--db", store, "--kind", "access", "--received-on",
                                   "2026-11-06", "--channel", "letter", "--customer-id", 17, "--verified-on",
                                   "2026-11-07", "--today", TODAY, "--json")).stdout)
    assert result == {"request_id": 1, "due_on": "2026-12-07", "days_left": 12, "duplicate_of": None}
    listed = json.loads(ok(run_cli("requests", "--db", store, "--today", TODAY, "--json")).stdout)
    assert [r["request_id"] for r in listed] == [1]


def test_request_record_refuses_an_unknown_person_and_a_future_date(store):
    assert "no person with id 99" in one_line_error(run_cli(
        "request", "record", "--db", store, "--kind", "access", "--received-on", "2026-11-06", "--channel", "email",
        "--customer-id", 99, "--today", TODAY), 2)
    assert "in the future" in one_line_error(run_cli(
        "request", "record", "--db", store, "--kind", "access", "--received-on", "2026-12-06", "--channel", "email",
        "--today", TODAY), 2)


def test_request_extend_once_then_refused(store):
    with db.connect(store) as conn:
        Contract(conn).request(None, kind="portability", received_on=date(2026, 11, 6), id=7)
    result = json.loads(ok(run_cli("request", "extend", "--db", store, "--id", 7, "--actor", "mika", "--reason",
                                   "Tiedot kolmesta järjestelmästä", "--today", TODAY, "--json")).stdout)
    assert result["due_on"] == "2027-02-08" and result["extended_on"] == TODAY  # Feb 6 is a Saturday
    line = one_line_error(run_cli("request", "extend", "--db", store, "--id", 7, "--actor", "mika", "--reason", "x",
                                  "--today", TODAY), 1)
    assert "only once" in line
    with db.connect(store) as conn:
        conn.execute("UPDATE requests SET status = 'completed', closed_on = DATE '2026-11-20'")
        Contract(conn).request(None, kind="access", received_on=date(2026, 11, 1), status="withdrawn", id=8)
    assert "closed" in one_line_error(run_cli("request", "extend", "--db", store, "--id", 8, "--actor", "mika",
                                              "--reason", "x", "--today", TODAY), 1)
    assert "no request with id 99" in one_line_error(run_cli("request", "extend", "--db", store, "--id", 99,
                                                             "--actor", "mika", "--reason", "x"), 2)


@pytest.fixture
def requested(store):
    with db.connect(store) as conn:
        c = Contract(conn)
        c.customer(id=17, first_name="Aino", email="aino@example.fi", until=date(2026, 10, 1))
        c.request(17, kind="access", received_on=date(2026, 11, 20), id=1, verified_on=date(2026, 11, 21))
        c.request(17, kind="rectification", received_on=date(2026, 11, 20), id=2)
        c.request(17, kind="erasure", received_on=date(2026, 11, 20), id=3, verified_on=date(2026, 11, 21))
        c.invoice(17, issued_on=date(2026, 9, 1), id=1)
    return store


def test_request_complete_prints_status_and_files(requested, tmp_path):
    result = json.loads(ok(run_cli("request", "complete", "--db", requested, "--id", 1, "--actor", "mika", "--out",
                                   tmp_path / "docs", "--today", TODAY, "--json")).stdout)
    assert result == {"request_id": 1, "status": "completed", "files": ["access-1.pdf", "access-1.json"], "closed_with": []}
    assert (tmp_path / "docs" / "access-1.pdf").read_bytes().startswith(b"%PDF")


def test_request_complete_of_unverified_rectification_exits_1_and_changes_nothing(requested, tmp_path):
    line = one_line_error(run_cli("request", "complete", "--db", requested, "--id", 2, "--actor", "mika", "--out",
                                  tmp_path, "--set", "email=uusi@example.fi", "--today", TODAY), 1)
    assert "verified identity" in line
    with db.connect(requested) as conn:
        assert conn.execute("SELECT email FROM customers").fetchone()[0] == "aino@example.fi"


def test_request_complete_of_a_blocked_erasure_exits_0_as_refused_with_a_letter(requested, tmp_path):
    result = json.loads(ok(run_cli("request", "complete", "--db", requested, "--id", 3, "--actor", "mika", "--out",
                                   tmp_path, "--today", TODAY, "--json")).stdout)
    assert result["status"] == "refused" and result["files"] == ["erasure-3-refusal.pdf"]


def test_request_complete_rejects_a_malformed_set(requested, tmp_path):
    line = one_line_error(run_cli("request", "complete", "--db", requested, "--id", 2, "--actor", "mika", "--out",
                                  tmp_path, "--set", "email"), 2)
    assert "FIELD=VALUE" in line


def test_request_refuse_writes_the_letter_and_closes(requested, tmp_path):
    result = json.loads(ok(run_cli("request", "refuse", "--db", requested, "--id", 2, "--actor", "mika", "--reason",
                                   "Pyyntö on ilmeisen perusteeton.", "--out", tmp_path, "--today", TODAY,
                                   "--json")).stdout)
    assert result == {"request_id": 2, "status": "refused", "files": ["rectification-2-refusal.pdf"], "closed_with": []}
    open_ids = [r["request_id"] for r in json.loads(ok(run_cli("requests", "--db", requested, "--today", TODAY,
                                                                "--json")).stdout)]
    assert 2 not in open_ids


def test_marketing_list_writes_only_addressable_persons(requested, tmp_path):
    with db.connect(requested) as conn:
        Contract(conn).customer(id=18, first_name="Eino", email="eino@example.fi")
    out = ok(run_cli("marketing-list", "--db", requested, "--out", tmp_path / "m.csv", "--today", TODAY)).stdout
    assert "Wrote 1 persons" in out
    assert (tmp_path / "m.csv").read_text().splitlines() == ["customer_id,first_name,last_name,email,language",
                                                             "18,Eino,Meikäläinen,eino@example.fi,fi"]


# Every command that changes data, and whether the contract (REGISTER.md section 7) requires its --actor.
CHANGING = {("purge",): True, ("request", "extend"): True, ("request", "complete"): True,
            ("request", "refuse"): True, ("request", "ask"): True, ("request", "answer"): True, ("import",): True,
            ("settings", "set"): True,
            ("request", "record"): False, ("backup",): False, ("restore",): False, ("marketing-list",): False,
            ("user", "add"): False, ("user", "set-password"): False, ("user", "disable"): False,
            ("user", "unlock"): False, ("user", "set-email"): False, ("digest",): False}


def test_every_command_that_changes_data_takes_one_actor_option_required_where_the_contract_names_it():
    import click

    from registry.cli import ACTOR_HELP, cli

    def commands(group, path=()):
        for name, command in group.commands.items():
            if isinstance(command, click.Group):
                yield from commands(command, (*path, name))
            else:
                yield (*path, name), command

    found = {path: next((p for p in command.params if p.name == "actor"), None) for path, command in commands(cli)}
    assert {path for path, option in found.items() if option} == set(CHANGING)
    for path, required in CHANGING.items():
        assert (found[path].required, found[path].help) == (required, ACTOR_HELP), path


def test_an_account_change_names_the_actor_given_else_the_operating_system_user(store):
    import getpass

    ok(run_cli("user", "add", "--db", store, "--username", "aino", "--role", "staff", "--password-stdin",
               "--actor", "mika", input="salainen-sana-1\n"))
    ok(run_cli("user", "disable", "--db", store, "--username", "aino"))
    with db.connect(store) as conn:
        actors = conn.execute("SELECT action, actor FROM audit_log WHERE action LIKE 'user_%' ORDER BY seq").fetchall()
    assert actors[0][1] == "mika" and actors[-1][1] == f"cli:{getpass.getuser()}", actors


def test_an_existing_account_gets_an_address_for_its_mail_and_a_wrong_one_is_exit_2(store):
    ok(run_cli("user", "add", "--db", store, "--username", "mika", "--role", "manager", "--password-stdin",
               "--language", "en", input="salainen-sana-1\n"))
    done = run_cli("user", "set-email", "--db", store, "--username", "mika", "--email", "Mika.L@Molentum.fi")
    assert done.returncode == 0 and done.stdout.strip() == "mika: e-mail mika.l@molentum.fi, language en"
    wrong = run_cli("user", "set-email", "--db", store, "--username", "mika", "--email", "mika(at)molentum.fi")
    assert wrong.returncode == 2 and "not an e-mail address" in wrong.stderr
    unknown = run_cli("user", "set-email", "--db", store, "--username", "nobody", "--email", "n@molentum.fi")
    assert unknown.returncode == 2
    with db.connect(store) as conn:
        assert conn.execute("SELECT email, language FROM staff_users WHERE username = 'mika'").fetchone() == \
            ("mika.l@molentum.fi", "en")
