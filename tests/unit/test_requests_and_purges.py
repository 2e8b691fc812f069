"""Requests and purges agree (issue #20; REGISTER.md sections 3 and 4): every path that erases a
person completes their open, verified erasure requests with a letter made before the erasure, and
no request is reported completed without its letter and its closed status. Each test reads the end
state back from the store in a new connection, not from the message."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from registry.store import db
from registry.access import Actor
from registry.backup import restore_backup, take_backup
from registry.documents import pdf_text
from registry.errors import AnswerRequestsFirst, NotMatched
from registry.purge import purge_persons
from registry.retention.review import approve_proposal, propose_purge, purge_reviewed
from registry.requests.rights import complete_request
from tests.conftest import Contract, run_cli

TODAY = date(2026, 11, 25)
MANAGER = Actor("mika", "manager")
SECOND = Actor("maija", "manager")
OPERATOR = Actor.system("cron")

ERASED_PERSON, OTHER_PERSON = 1, 2
VERIFIED, DUPLICATE, UNVERIFIED = 7, 8, 9


def _scenario(store: Path) -> None:
    """Person 1 asked (verified) to be erased on 20.11. and again on 22.11., and an unverified
    third time; person 2 is due by retention and asked nothing; person 3 is due with an
    unverified erasure request only."""
    with db.connect(store) as conn:
        c = Contract(conn)
        c.customer(id=ERASED_PERSON, first_name="Äijä", last_name="Öhman", postal_street="Kätkäläntie 3",
                   postal_postcode="80400", postal_city="Ylämylly", until=date(2026, 6, 1))
        c.customer(id=OTHER_PERSON, until=date(2026, 6, 1))
        c.customer(id=3, until=date(2026, 6, 1))
        c.request(ERASED_PERSON, kind="erasure", received_on=date(2026, 11, 20), verified_on=date(2026, 11, 21),
                  id=VERIFIED)
        c.request(ERASED_PERSON, kind="erasure", received_on=date(2026, 11, 22), verified_on=date(2026, 11, 22),
                  id=DUPLICATE)
        c.request(ERASED_PERSON, kind="erasure", received_on=date(2026, 11, 23), id=UNVERIFIED)
        c.request(3, kind="erasure", received_on=date(2026, 11, 23), id=10)


def _requests(store: Path) -> dict[int, tuple]:
    with db.connect(store) as conn:
        rows = conn.execute("SELECT id, status, closed_on FROM requests ORDER BY id").fetchall()
        documents = conn.execute("SELECT request_id, file_name FROM request_documents ORDER BY 1, 2").fetchall()
    found = {rid: (status, closed_on, []) for rid, status, closed_on in rows}
    for rid, name in documents:
        found[rid][2].append(name)
    return found


def _purged(store: Path) -> set[int]:
    with db.connect(store) as conn:
        return {i for (i,) in conn.execute("SELECT id FROM customers WHERE purged_on IS NOT NULL").fetchall()}


# Every way a person is purged; each returns the folder its letters went to.
def _due_list(store, out):
    with db.connect(store, exclusive=True) as conn:
        purge_persons(conn, TODAY, MANAGER, letters_dir=out)


def _review(store, out):
    with db.connect(store, exclusive=True) as conn:
        purge_reviewed(conn, TODAY, MANAGER, [ERASED_PERSON, OTHER_PERSON], letters_dir=out)


def _four_eyes(store, out):
    with db.connect(store) as conn:
        proposal = propose_purge(conn, TODAY, MANAGER, [ERASED_PERSON, OTHER_PERSON])
    with db.connect(store, exclusive=True) as conn:
        approve_proposal(conn, TODAY, SECOND, proposal.proposal_id, letters_dir=out)


def _command_line(store, out):
    receipt = json.loads(run_cli("purge", "--db", store, "--today", TODAY, "--actor", "mika", "--yes", "--json",
                                 "--out", out).stdout)
    assert receipt["requests_completed"] == [VERIFIED, DUPLICATE]
    assert receipt["letters"] == [f"erasure-{VERIFIED}.pdf"] and receipt["letters_dir"] == str(out)


def _command_line_default_folder(store, out):
    run_cli("purge", "--db", store, "--today", TODAY, "--actor", "mika", "--yes", "--ids", "1")
    assert (store.parent / "letters").stat().st_mode & 0o777 == 0o700
    for letter in (store.parent / "letters").iterdir():
        letter.rename(out / letter.name)


def _erasure_request(store, out):
    with db.connect(store, exclusive=True) as conn:
        outcome = complete_request(conn, MANAGER, VERIFIED, TODAY, out)
    assert (outcome.status, outcome.files) == ("completed", (f"erasure-{VERIFIED}.pdf",))


def _duplicate_request(store, out):  # carrying out the later request answers both with the earliest's letter
    with db.connect(store, exclusive=True) as conn:
        outcome = complete_request(conn, MANAGER, DUPLICATE, TODAY, out)
    assert (outcome.status, outcome.files) == ("completed", (f"erasure-{VERIFIED}.pdf",))


PATHS = [_due_list, _review, _four_eyes, _command_line, _command_line_default_folder, _erasure_request,
         _duplicate_request]


@pytest.mark.parametrize("purge", PATHS, ids=[p.__name__.strip("_") for p in PATHS])
def test_every_purge_path_completes_the_persons_verified_erasure_requests_with_their_letter(store, tmp_path, purge):
    _scenario(store)
    out = tmp_path / "letters-out"
    out.mkdir()
    purge(store, out)
    assert ERASED_PERSON in _purged(store)
    requests = _requests(store)
    assert requests[VERIFIED] == ("completed", TODAY, [f"erasure-{VERIFIED}.pdf"])
    assert requests[DUPLICATE] == ("completed", TODAY, [f"erasure-{VERIFIED}.pdf"])  # closed with the earliest
    assert requests[UNVERIFIED][:2] == ("received", None)  # nobody unverified is told anything
    assert requests[10][:2] == ("received", None)
    # The letter was made before the erasure: it is addressed to the person by name.
    text = pdf_text((out / f"erasure-{VERIFIED}.pdf").read_bytes())
    assert "Äijä Öhman" in text and "Kätkäläntie 3" in text and "poistettu" in text
    assert sorted(p.name for p in out.iterdir()) == [f"erasure-{VERIFIED}.pdf"]
    with db.connect(store) as conn:  # audited by id, never by the erased values
        entries = conn.execute("SELECT details FROM audit_log WHERE action = 'request_completed' ORDER BY seq").fetchall()
    assert [json.loads(d)["request_id"] for (d,) in entries] == [VERIFIED, DUPLICATE]
    assert not any("Äijä" in d for (d,) in entries)


def test_a_restore_re_applying_a_purge_completes_the_erasure_requests_the_backup_holds_open(store, tmp_path,
                                                                                            monkeypatch):
    monkeypatch.setenv("REGISTRY_BACKUP_KEY", "k" * 43 + "=")
    _scenario(store)
    backup = take_backup(store, tmp_path / "before.backup", OPERATOR).file
    _due_list(store, tmp_path)  # after the backup: the ledger records it
    (tmp_path / f"erasure-{VERIFIED}.pdf").unlink()
    restore_backup(store, backup, OPERATOR, TODAY, dry_run=False)
    assert ERASED_PERSON in _purged(store)
    requests = _requests(store)
    assert requests[VERIFIED] == ("completed", TODAY, [f"erasure-{VERIFIED}.pdf"])
    assert requests[DUPLICATE][:2] == ("completed", TODAY)
    assert requests[UNVERIFIED][:2] == ("received", None)
    assert "Äijä Öhman" in pdf_text((store.parent / "letters" / f"erasure-{VERIFIED}.pdf").read_bytes())


def test_a_purge_that_rolls_back_takes_its_letters_back(store, tmp_path):
    _scenario(store)
    out = tmp_path / "out"
    out.mkdir()

    def fail(conn):
        raise RuntimeError("disk full")

    with db.connect(store, exclusive=True) as conn, pytest.raises(RuntimeError):
        purge_persons(conn, TODAY, MANAGER, letters_dir=out, also=fail)
    assert list(out.iterdir()) == []
    assert _requests(store)[VERIFIED][:2] == ("received", None) and not _purged(store)


def test_a_dry_run_counts_the_requests_it_would_answer_and_writes_nothing(store, tmp_path):
    _scenario(store)
    with db.connect(store) as conn:
        plan = purge_persons(conn, TODAY, MANAGER, dry_run=True, letters_dir=tmp_path)
    assert plan.counts["erasure_requests_completed"] == 2
    assert not (store.parent / "letters").exists() and _requests(store)[VERIFIED][0] == "received"


# --- every kind of request against every state of its person -----------------------------------

KINDS = ("access", "portability", "rectification", "restriction", "objection", "erasure")
STATES = ("living", "restricted", "blocked", "erased", "unmatched")


def _person(c: Contract, state: str) -> int | None:
    if state == "unmatched":
        return None
    c.customer(id=1, first_name="Äijä", last_name="Öhman", postal_street="Kätkäläntie 3", postal_postcode="80400",
               postal_city="Ylämylly", restricted_on=date(2026, 10, 1) if state == "restricted" else None)
    if state == "blocked":
        c.invoice(1, id=1)  # open: keeps the data
    if state == "erased":
        c.conn.execute("UPDATE customers SET first_name = NULL, last_name = NULL, postal_street = NULL, "
                       "postal_postcode = NULL, postal_city = NULL, email = NULL, "
                       "purged_on = TIMESTAMP '2026-11-10 09:00:00' WHERE id = 1")
    return 1


# (kind, state) -> the status it closes with and what the store shows afterwards; NotMatched: stays open.
EXPECTED = {(kind, state): "completed" for kind in KINDS for state in STATES}
EXPECTED.update({(kind, "unmatched"): NotMatched for kind in KINDS})
EXPECTED[("erasure", "blocked")] = "refused"


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("kind", KINDS)
def test_a_request_is_completed_only_with_its_letter_and_closed_status(store, tmp_path, kind, state):
    with db.connect(store) as conn:
        c = Contract(conn)
        customer_id = _person(c, state)
        c.request(customer_id, kind=kind, received_on=date(2026, 11, 20), verified_on=date(2026, 11, 20), id=5)
    out = tmp_path / "out"
    expected = EXPECTED[(kind, state)]
    with db.connect(store, exclusive=True) as conn:
        if expected is NotMatched:
            with pytest.raises(NotMatched, match="match it to a person first"):
                complete_request(conn, MANAGER, 5, TODAY, out)
            outcome = None
        else:
            outcome = complete_request(conn, MANAGER, 5, TODAY, out, {"postal_city": "Joensuu"})
    status, closed_on, documents = _requests(store)[5]
    if outcome is None:
        assert (status, closed_on, documents) == ("received", None, [])
        assert not out.exists() or list(out.iterdir()) == []
        return
    assert (outcome.status, status, closed_on) == (expected, expected, TODAY)
    assert sorted(documents) == sorted(outcome.files) and outcome.files
    assert all((out / name).is_file() for name in outcome.files)
    letter = next(name for name in outcome.files if name.endswith(".pdf"))
    text = pdf_text((out / letter).read_bytes())
    with db.connect(store) as conn:
        person = conn.execute("SELECT first_name, restricted_on, marketing_objection_on, postal_city, purged_on "
                              "FROM customers WHERE id = 1").fetchone()
    if state == "erased":  # answered, with no personal data and no address in the letter
        assert "10.11.2026" in text and "Äijä" not in text and "Kätkäläntie" not in text
        assert outcome.files == (f"{kind}-5.pdf",)
        return
    assert "Äijä Öhman" in text  # addressed to the person, made while their data was held
    if kind == "erasure":
        assert (person[4] is not None) == (state != "blocked")
        if state == "blocked":
            assert "avoin lasku" in text and "käräjäoikeu" in text  # the blocker and both remedies
    elif kind == "rectification":
        assert person[3] == "Joensuu"
    elif kind == "restriction":
        assert person[1] == (date(2026, 10, 1) if state == "restricted" else TODAY)
    elif kind == "objection":
        assert person[2] == TODAY


def test_an_erasure_waits_for_the_persons_other_open_requests_and_names_them(store, tmp_path):
    with db.connect(store) as conn:
        c = Contract(conn)
        c.customer(id=1, until=date(2026, 6, 1))
        c.request(1, kind="access", received_on=date(2026, 11, 18), verified_on=date(2026, 11, 18), id=4)
        c.request(1, kind="erasure", received_on=date(2026, 11, 20), verified_on=date(2026, 11, 20), id=5)
    with db.connect(store, exclusive=True) as conn, pytest.raises(AnswerRequestsFirst, match=r"answer request 4 \(access\)"):
        complete_request(conn, MANAGER, 5, TODAY, tmp_path / "out")
    assert _requests(store)[5] == ("received", None, []) and not _purged(store)
    line = run_cli("request", "complete", "--db", store, "--today", TODAY, "--id", 5, "--actor", "mika", "--out",
                   tmp_path / "out", "--json")
    assert line.returncode == 1 and "answer request 4" in line.stderr and "Traceback" not in line.stderr
    # Answered, the access request no longer holds the erasure back.
    with db.connect(store, exclusive=True) as conn:
        complete_request(conn, MANAGER, 4, TODAY, tmp_path / "out")
        assert complete_request(conn, MANAGER, 5, TODAY, tmp_path / "out").status == "completed"
    assert _requests(store)[5][:2] == ("completed", TODAY) and _purged(store) == {1}


def test_the_command_line_answers_an_erasure_request_whose_person_a_purge_erased_first(store, tmp_path):
    """The reported bug: purged from the due list, then `request complete` printed completed with no
    files and left the request open. Now the purge closes it; and a request that reaches the
    register after the erasure is answered with its letter."""
    _scenario(store)
    out = tmp_path / "out"
    assert run_cli("purge", "--db", store, "--today", TODAY, "--actor", "mika", "--yes", "--out", out).returncode == 0
    done = run_cli("request", "complete", "--db", store, "--today", TODAY, "--id", VERIFIED, "--actor", "mika",
                   "--out", out, "--json")
    assert done.returncode == 1 and "closed" in done.stderr  # answered by the purge already, not again
    with db.connect(store) as conn:
        conn.execute("UPDATE requests SET identity_verified_on = DATE '2026-11-24' WHERE id = ?", [UNVERIFIED])
    late = json.loads(run_cli("request", "complete", "--db", store, "--today", TODAY, "--id", UNVERIFIED, "--actor",
                              "mika", "--out", out, "--json").stdout)
    assert late == {"request_id": UNVERIFIED, "status": "completed", "files": [f"erasure-{UNVERIFIED}.pdf"], "closed_with": []}
    assert _requests(store)[UNVERIFIED] == ("completed", TODAY, [f"erasure-{UNVERIFIED}.pdf"])
    assert "Äijä" not in pdf_text((out / f"erasure-{UNVERIFIED}.pdf").read_bytes())
