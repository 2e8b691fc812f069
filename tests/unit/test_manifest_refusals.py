"""Art. 12(5) refusals on the dashboard: a manager proposes with a ground and a justification,
another manager approves (or declines), the proposer may withdraw; the auditor reads the
justification (REGISTER.md section 4, "Manifestly unfounded or excessive")."""

from __future__ import annotations

from datetime import date

import pytest

from registry import users
from registry.access import Actor, NotPermitted
from registry.documents import pdf_text
from registry.errors import BadInput, RefusedByRule
from registry.requests.manifest import (approve_refusal, art_12_5_refusals, decline_refusal, pending_refusals,
                                        propose_refusal)
from registry.requests.register import get_request, record_request

TODAY = date(2026, 11, 25)
MIKA = Actor("mika", "manager")
SANNA = Actor("sanna", "manager")
AUDITOR = Actor("tarja", "auditor")
WHY = "Kuudes samansisältöinen pyyntö kahdessa viikossa; tiedot annettiin 12.11. ja 19.11."


@pytest.fixture
def request_id(conn, contract):
    contract.customer(id=1)
    for name, role in (("mika", "manager"), ("sanna", "manager"), ("tarja", "auditor")):
        users.add_user(conn, Actor.system("test"), name, role, "salainen-sana-1")
    return record_request(conn, MIKA, TODAY, "access", date(2026, 11, 20), "email", customer_id=1,
                          language="en").request_id


def test_a_proposal_waits_for_another_manager_who_approves_it_with_the_letter(conn, request_id, tmp_path):
    tmp_path = tmp_path / "letters"
    tmp_path.mkdir()
    proposal = propose_refusal(conn, MIKA, request_id, "excessive", WHY)
    assert propose_refusal(conn, MIKA, request_id, "excessive", WHY) == proposal  # a double click: one proposal
    assert pending_refusals(conn, SANNA) == ([proposal], [])
    assert pending_refusals(conn, MIKA) == ([], [proposal])
    assert get_request(conn, request_id).status == "received"  # nothing is sent before the approval

    with pytest.raises(RefusedByRule, match="cannot approve it too"):
        approve_refusal(conn, MIKA, request_id, TODAY, tmp_path)
    assert get_request(conn, request_id).status == "received" and list(tmp_path.iterdir()) == []

    outcome = approve_refusal(conn, SANNA, request_id, TODAY, tmp_path)
    request = get_request(conn, request_id)
    assert (outcome.status, request.status, request.refusal_ground, request.approved_by, request.closing_reason) == \
        ("refused", "refused", "excessive", "sanna", WHY)
    words = " ".join(pdf_text((tmp_path / f"access-{request_id}-refusal.pdf").read_bytes()).split())
    for part in ("excessive", "Article 12(5)", "Kuudes samansisältöinen", "Data Protection Ombudsman", "court"):
        assert part in words, part
    assert pending_refusals(conn, SANNA) == ([], [])

    (shown,) = art_12_5_refusals(conn, AUDITOR)
    assert (shown.request_id, shown.ground, shown.justification, shown.decided_by, shown.approved_by) == \
        (request_id, "excessive", WHY, "mika", "sanna")
    with pytest.raises(NotPermitted):
        art_12_5_refusals(conn, MIKA)


def test_a_proposal_declined_or_withdrawn_leaves_the_request_open(conn, request_id):
    propose_refusal(conn, MIKA, request_id, "unfounded", WHY)
    with pytest.raises(RefusedByRule, match="already has a refusal proposal"):
        propose_refusal(conn, SANNA, request_id, "excessive", "toinen")
    decline_refusal(conn, SANNA, request_id)
    assert pending_refusals(conn, SANNA) == ([], []) and get_request(conn, request_id).status == "received"
    propose_refusal(conn, MIKA, request_id, "unfounded", WHY)
    decline_refusal(conn, MIKA, request_id)
    actions = [a for (a,) in conn.execute("SELECT action FROM audit_log WHERE action LIKE 'refusal%' ORDER BY seq").fetchall()]
    assert actions == ["refusal_proposed", "refusal_declined", "refusal_proposed", "refusal_withdrawn"]


@pytest.mark.parametrize("ground,why,error", [("rude", WHY, BadInput), ("excessive", "  ", BadInput)])
def test_a_proposal_needs_a_ground_and_a_justification(conn, request_id, ground, why, error):
    with pytest.raises(error):
        propose_refusal(conn, MIKA, request_id, ground, why)
    assert pending_refusals(conn, SANNA) == ([], [])


def test_an_approver_disabled_since_cannot_approve(conn, request_id, tmp_path):
    propose_refusal(conn, MIKA, request_id, "excessive", WHY)
    users.disable_user(conn, Actor.system("test"), "sanna")
    with pytest.raises(RefusedByRule, match="not an active manager"):
        approve_refusal(conn, SANNA, request_id, TODAY, tmp_path)
    assert get_request(conn, request_id).status == "received"
