"""Mail at once about proposals awaiting a second manager (REGISTER.md section 12): a purge
proposal (four eyes) and an Art. 12(5) refusal are mailed to the other managers, through a real
SMTP server on 127.0.0.1; a failed send never undoes the proposal; a double click mails nobody twice;
no personal data in any message."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest

from registry import users
from registry.access import Actor
from registry.notify import notify_approvers
from registry.requests.manifest import pending_refusals, propose_refusal
from registry.requests.register import record_request
from registry.retention.review import FOUR_EYES_THRESHOLD, get_proposal, propose_purge
from registry.store import db
from tests.conftest import Contract
from tests.smtp import free_port, use_server

TODAY = date(2026, 12, 7)
NOW = datetime(2026, 12, 7, 8, 0)  # UTC
ENDED = TODAY - timedelta(days=200)
ADMIN = Actor.system("test")
MIKA = Actor("mika", "manager")
PERSONS = FOUR_EYES_THRESHOLD + 1


@pytest.fixture
def register(store):
    """Persons 1..PERSONS due for purge, person 1 with an open access request; managers mika (fi),
    sanna (en), leo (no language), ville (disabled), nora (no address); an admin."""
    with db.connect(store) as conn:
        c = Contract(conn)
        for cid in range(1, PERSONS + 1):
            c.customer(id=cid, until=ENDED, first_name=f"Aino{cid}", last_name="Virtanen",
                       email=f"aino{cid}@example.fi")
        for name, role, email, language in (("mika", "manager", "mika@molentum.fi", "fi"),
                                            ("sanna", "manager", "sanna@molentum.fi", "en"),
                                            ("leo", "manager", "leo@molentum.fi", None),
                                            ("ville", "manager", "ville@molentum.fi", "fi"),
                                            ("nora", "manager", None, "fi"),
                                            ("aada", "admin", "aada@molentum.fi", "fi")):
            users.add_user(conn, ADMIN, name, role, "salainen-sana-1", email=email, language=language)
        users.disable_user(conn, ADMIN, "ville")
        record_request(conn, MIKA, TODAY, "erasure", TODAY - timedelta(days=3), "email", customer_id=1)
    return store


mail_set_up = use_server


def opener(store):
    return lambda: db.connect(store)


def propose(store) -> int:
    with db.connect(store) as conn:
        return propose_purge(conn, TODAY, MIKA, list(range(1, PERSONS + 1)), now=NOW).proposal_id


def test_a_purge_proposal_mails_the_other_active_managers_in_their_language_and_nobody_twice(register, smtp):
    inbox, port = smtp()
    mail_set_up(register, port)
    proposal_id = propose(register)
    notified = notify_approvers(opener(register), MIKA, "purge_proposal", proposal_id)
    assert notified.set_up and notified.mailed == ("leo", "sanna") and notified.failed == ()
    mails = {to[0]: mail for to, mail in inbox.parsed()}
    assert set(mails) == {"leo@molentum.fi", "sanna@molentum.fi"}  # not the proposer, disabled, admin or no address
    assert mails["sanna@molentum.fi"]["Subject"] == f"Customer register: purge proposal {proposal_id} awaits your approval"
    assert mails["leo@molentum.fi"]["Subject"] == f"Asiakasrekisteri: poistoehdotus {proposal_id} odottaa hyväksyntääsi"
    text = mails["sanna@molentum.fi"].get_body(("plain",)).get_content()
    assert f"mika proposes purging {PERSONS} persons today (2026-12-07)" in text
    assert f"https://rekisteri.molentum.fi/due?proposal={proposal_id}&lang=en" in text
    # A double click on "Propose" is one proposal, and mails nobody again.
    assert propose(register) == proposal_id
    again = notify_approvers(opener(register), MIKA, "purge_proposal", proposal_id)
    assert again.mailed == () and len(inbox.messages) == 2
    with db.connect(register) as conn:
        audit = conn.execute("SELECT details FROM audit_log WHERE action = 'approval_mailed'").fetchall()
        names = conn.execute("SELECT first_name, last_name, email FROM customers").fetchall()
    assert len(audit) == 1 and json.loads(audit[0][0])["mailed"] == ["leo", "sanna"]
    every_byte = b"".join(raw for _, raw in inbox.messages).decode("utf-8", errors="replace")
    assert not [v for row in names for v in row if v and v in every_byte]  # no customer's name or address


def test_a_server_that_is_down_or_refuses_leaves_the_proposal_standing(register, smtp):
    mail_set_up(register, free_port())  # nothing listens there
    proposal_id = propose(register)
    down = notify_approvers(opener(register), MIKA, "purge_proposal", proposal_id)
    assert down.mailed == () and [u for u, _ in down.failed] == ["leo", "sanna"]
    assert "ConnectionRefusedError" in down.failed[0][1]
    refusing, port = smtp(refuse=True)
    mail_set_up(register, port)
    refused = notify_approvers(opener(register), MIKA, "purge_proposal", proposal_id)
    assert [why for _, why in refused.failed] == ["550 5.7.1 Relaying denied"] * 2
    with db.connect(register) as conn:
        assert get_proposal(conn, proposal_id).status == "proposed"  # the proposal stands
        assert conn.execute("SELECT count(*) FROM approval_mails").fetchone()[0] == 0
    inbox, port = smtp()  # the server is back: a later try mails exactly those not reached
    mail_set_up(register, port)
    assert notify_approvers(opener(register), MIKA, "purge_proposal", proposal_id).mailed == ("leo", "sanna")


def test_without_mail_set_up_nothing_is_sent_and_nothing_fails(register):
    proposal_id = propose(register)
    notified = notify_approvers(opener(register), MIKA, "purge_proposal", proposal_id)
    assert notified.set_up is False and notified.failed == ()


def test_an_art_12_5_refusal_awaiting_approval_is_mailed_with_its_ground_and_link(register, smtp):
    inbox, port = smtp()
    mail_set_up(register, port)
    with db.connect(register) as conn:
        propose_refusal(conn, MIKA, 1, "excessive", "Kuudes samansisältöinen pyyntö kahdessa viikossa.")
        awaiting, _ = pending_refusals(conn, Actor("sanna", "manager"))
    assert [p.request_id for p in awaiting] == [1]
    notified = notify_approvers(opener(register), MIKA, "refusal_proposal", 1)
    assert notified.mailed == ("leo", "sanna")
    mails = {to[0]: mail for to, mail in inbox.parsed()}
    english = mails["sanna@molentum.fi"].get_body(("plain",)).get_content()
    finnish = mails["leo@molentum.fi"].get_body(("plain",)).get_content()
    assert "mika proposes refusing request 1 (erasure) as excessive (GDPR Art. 12(5))" in english
    assert "https://rekisteri.molentum.fi/requests?request=1&lang=en" in english
    assert "pyynnön 1 (poisto) epäämistä, koska se on kohtuuton" in finnish
    assert "Kuudes" not in english + finnish  # the justification stays in the dashboard


def test_a_proposal_no_longer_awaiting_approval_is_not_mailed(register, smtp):
    inbox, port = smtp()
    mail_set_up(register, port)
    assert notify_approvers(opener(register), MIKA, "refusal_proposal", 1).mailed == ()  # nothing proposed
    assert inbox.messages == []
