"""Duplicates and the identity rule (REGISTER.md section 4, "Duplicates"): a request of the same
kind from the same person received while another is open is its duplicate, closed with it by
one letter; identity is verified per request and never taken over, checked in registry/ on
every executing path (the lesson of GHSA-qx5f-ghc2-7g5c: an unverified duplicate approved by a
click erased a person who had never proven who they were)."""

from __future__ import annotations

from datetime import date

import pytest

from registry.access import Actor
from registry.errors import IdentityNotVerified, NotDue, RefusedByRule
from registry.purge import purge_persons
from registry.requests.register import (close_request, get_request, match_request, open_requests, record_request,
                                        verify_identity)
from registry.requests.rights import complete_request, preview_letter, refuse_request
from registry.retention.due import due_persons
from registry.retention.review import approve_proposal, propose_purge, purge_reviewed

TODAY = date(2026, 11, 25)
STAFF = Actor("aino", "staff")
MANAGER = Actor("mika", "manager")
SECOND = Actor("maija", "manager")
PERSON = 1


@pytest.fixture
def person(contract):
    """A current customer (not due by retention) who owes nothing."""
    contract.customer(id=PERSON, first_name="Äijä", last_name="Öhman")
    return PERSON


def erasure(conn, received: date, verified: date | None = None, customer_id: int | None = PERSON):
    return record_request(conn, STAFF, TODAY, "erasure", received, "email", customer_id=customer_id,
                          verified_on=verified)


def purged(conn) -> bool:
    return conn.execute("SELECT purged_on IS NOT NULL FROM customers WHERE id = ?", [PERSON]).fetchone()[0]


def test_a_request_of_the_same_kind_and_person_while_one_is_open_is_its_duplicate(conn, person, contract):
    contract.customer(id=2)
    first = erasure(conn, date(2026, 11, 10))
    second = erasure(conn, date(2026, 11, 17))
    third = erasure(conn, date(2026, 11, 20))
    access = record_request(conn, STAFF, TODAY, "access", date(2026, 11, 17), "letter", customer_id=PERSON)
    someone_else = erasure(conn, date(2026, 11, 17), customer_id=2)
    unmatched = erasure(conn, date(2026, 11, 18), customer_id=None)
    assert [r.duplicate_of for r in (first, second, third, access, someone_else, unmatched)] == \
        [None, first.request_id, first.request_id, None, None, None]
    # Matched later, it is recognised then.
    assert match_request(conn, STAFF, unmatched.request_id, PERSON).duplicate_of == first.request_id
    listed = {r.request_id: r for r in open_requests(conn, TODAY)}
    assert listed[second.request_id].duplicate_of == first.request_id
    assert listed[second.request_id].due_on == date(2026, 12, 17)  # its own receipt, its own deadline


def test_a_withdrawn_earliest_leaves_its_duplicates_to_the_next_earliest(conn, person):
    first, second, third = (erasure(conn, date(2026, 11, d)) for d in (10, 17, 20))
    close_request(conn, MANAGER, first.request_id, "withdrawn", TODAY, "the person withdrew it")
    assert get_request(conn, second.request_id).duplicate_of is None
    assert get_request(conn, third.request_id).duplicate_of == second.request_id


def test_a_verified_duplicate_of_an_unverified_request_erases_nobody_by_any_path(conn, person, tmp_path):
    first = erasure(conn, date(2026, 11, 10))  # someone claiming to be the person
    second = erasure(conn, date(2026, 11, 17), verified=date(2026, 11, 18))
    assert second.duplicate_of == first.request_id
    out = tmp_path / "out"

    with pytest.raises(RefusedByRule, match=f"duplicate of request {first.request_id}"):
        complete_request(conn, MANAGER, second.request_id, TODAY, out)  # the CLI's and the page's call
    with pytest.raises(RefusedByRule, match="duplicate"):
        preview_letter(conn, MANAGER, second.request_id, TODAY)
    with pytest.raises(IdentityNotVerified):
        complete_request(conn, MANAGER, first.request_id, TODAY, out)  # the verification is not taken over
    assert PERSON not in {p.customer_id for p in due_persons(conn, TODAY)}  # the due list and the review
    with pytest.raises(NotDue):
        purge_persons(conn, TODAY, MANAGER, [PERSON], letters_dir=out)
    with pytest.raises(NotDue):
        purge_reviewed(conn, TODAY, MANAGER, [PERSON], letters_dir=out)
    with pytest.raises(NotDue):
        propose_purge(conn, TODAY, MANAGER, [PERSON])
    assert not purged(conn)
    assert {get_request(conn, r).status for r in (first.request_id, second.request_id)} == {"received"}
    assert not out.exists() or list(out.iterdir()) == []

    # Staff verify the earliest (identity is the person's, recorded per request): then it is carried out.
    verify_identity(conn, STAFF, first.request_id, date(2026, 11, 24), TODAY)
    outcome = complete_request(conn, MANAGER, first.request_id, TODAY, out)
    assert purged(conn) and outcome.closed_with == (second.request_id,)
    assert get_request(conn, second.request_id).closing_reason == f"closed with request {first.request_id}"


@pytest.mark.parametrize("path", ["complete", "due_list", "review", "four_eyes"])
def test_an_unverified_duplicate_of_a_verified_request_closes_with_it_on_every_path(conn, person, tmp_path, path):
    out = tmp_path / "letters"
    out.mkdir()
    first = erasure(conn, date(2026, 11, 10), verified=date(2026, 11, 11))
    second = erasure(conn, date(2026, 11, 17))  # unverified
    with pytest.raises(RefusedByRule, match="duplicate"):
        complete_request(conn, MANAGER, second.request_id, TODAY, out)
    assert not purged(conn)
    if path == "complete":
        complete_request(conn, MANAGER, first.request_id, TODAY, out)
    elif path == "due_list":
        purge_persons(conn, TODAY, MANAGER, letters_dir=out)
    elif path == "review":
        purge_reviewed(conn, TODAY, MANAGER, [PERSON], letters_dir=out)
    else:
        proposal = propose_purge(conn, TODAY, MANAGER, [PERSON])
        approve_proposal(conn, TODAY, SECOND, proposal.proposal_id, letters_dir=out)
    assert purged(conn)
    done = [get_request(conn, r) for r in (first.request_id, second.request_id)]
    assert [(r.status, r.closed_on) for r in done] == [("completed", TODAY)] * 2
    names = conn.execute("SELECT request_id, file_name FROM request_documents ORDER BY 1").fetchall()
    assert names == [(first.request_id, f"erasure-{first.request_id}.pdf"),
                     (second.request_id, f"erasure-{first.request_id}.pdf")]  # one letter for both
    assert [p.name for p in out.iterdir()] == [f"erasure-{first.request_id}.pdf"]


def test_a_refusal_closes_the_duplicates_and_a_duplicate_is_never_refused_alone(conn, person, tmp_path):
    first = record_request(conn, STAFF, TODAY, "access", date(2026, 11, 10), "email", customer_id=PERSON)
    second = record_request(conn, STAFF, TODAY, "access", date(2026, 11, 12), "letter", customer_id=PERSON)
    with pytest.raises(RefusedByRule, match="duplicate"):
        refuse_request(conn, MANAGER, second.request_id, "ei perusteita", TODAY, tmp_path)
    outcome = refuse_request(conn, MANAGER, first.request_id, "Pyyntö koski toista henkilöä.", TODAY, tmp_path)
    assert outcome.closed_with == (second.request_id,)
    assert get_request(conn, second.request_id).status == "refused"


def test_a_request_recorded_later_but_received_earlier_is_the_earliest(conn, person):
    email = erasure(conn, date(2026, 11, 10))
    letter = erasure(conn, date(2026, 11, 8))  # the letter came first and was typed in later
    assert letter.duplicate_of is None
    assert get_request(conn, email.request_id).duplicate_of == letter.request_id
