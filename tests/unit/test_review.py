"""The purge review: names, keeping a person out with a reason, four eyes on a large purge."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from registry.store import db
from registry.access import Actor, NotPermitted
from registry.audit import verify_chain
from registry.errors import BadInput, PurgeBlocked, RefusedByRule
from registry.retention.due import due_persons, purgeable_ids
from registry.errors import NotFound
from registry.retention.review import (FOUR_EYES_THRESHOLD, AwaitingProposals, FourEyesRequired, KeptOutPerson,
                                       approve_proposal, get_proposal, keep_out, kept_out_persons, lift_hold,
                                       open_proposals, proposals_awaiting, propose_purge, purge_reviewed, refuse_proposal,
                                       review_page, withdraw_proposal)
from tests.conftest import Contract

TODAY = date(2026, 11, 25)
ENDED = date(2026, 6, 1)  # due on 2026-08-30
NOW = datetime(2026, 11, 25, 9, 30)
MIKA = Actor("mika", "manager")
SANNA = Actor("sanna", "manager")
STAFF = Actor("tuula", "staff")


def fill(store, persons: int) -> None:
    """Persons 1..n due (relationship ended) and unblocked, one organisation; person n+1 active."""
    with db.connect(store) as conn:
        c = Contract(conn)
        c.organisation(id=1, name="Kahvila Kaneli Oy")
        for cid in range(1, persons + 1):
            c.customer(id=cid, until=ENDED - timedelta(days=cid % 7), first_name=f"Aino{cid}",
                       last_name="Virtanen" if cid % 2 else "Korhonen", organisation_id=1 if cid % 3 == 0 else None)
        c.customer(id=persons + 1, first_name="Aktiivi", last_name="Asiakas")


def purged(store) -> list[int]:
    with db.connect(store) as conn:
        return [r[0] for r in conn.execute("SELECT id FROM customers WHERE purged_on IS NOT NULL ORDER BY id").fetchall()]


def actions(store) -> list[str]:
    with db.connect(store) as conn:
        return [r[0] for r in conn.execute("SELECT action FROM audit_log ORDER BY seq").fetchall()]


def test_the_review_names_each_person_and_pages_and_searches_in_sql(store):
    fill(store, 30)
    with db.connect(store) as conn:
        ids = purgeable_ids(conn, TODAY)
        first = review_page(conn, MIKA, ids, limit=10)
        assert first.matched == 30 and len(first.rows) == 10 and first.next_after == 10
        row = first.rows[2]
        assert (row.customer_id, row.name, row.organisation, row.reason) == (3, "Aino3 Virtanen", "Kahvila Kaneli Oy",
                                                                           "retention")
        assert row.due_on == row.customer_until + timedelta(days=90)
        last = review_page(conn, MIKA, ids, after_id=20, limit=10)
        assert [r.customer_id for r in last.rows] == list(range(21, 31)) and last.next_after is None
        found = review_page(conn, MIKA, ids, search="korhonen aino4")  # last name first works too
        assert [r.name for r in found.rows] == ["Aino4 Korhonen"] and found.matched == 1
        assert review_page(conn, MIKA, ids, search="KANELI").matched == 10
        assert review_page(conn, MIKA, ids, search="31").matched == 0  # the active person is not in the review
        assert review_page(conn, MIKA, ids, search="%").matched == 0  # taken literally
        with pytest.raises(NotPermitted):
            review_page(conn, STAFF, ids)


def test_keeping_a_person_out_places_a_hold_with_the_reason_until_it_is_lifted(store):
    fill(store, 3)
    with db.connect(store) as conn:
        with pytest.raises(BadInput) as err:
            keep_out(conn, TODAY, MIKA, 2, "   ")
        assert err.value.code == "reason_needed"
        hold = keep_out(conn, TODAY, MIKA, 2, "Asiakas riitauttaa laskun", now=NOW)
        assert keep_out(conn, TODAY, MIKA, 2, "Asiakas  riitauttaa laskun", now=NOW) == hold  # a double click
        assert purgeable_ids(conn, TODAY) == [1, 3]
        blocked = {p.customer_id: p.blockers for p in due_persons(conn, TODAY)}
        assert blocked[2] == ("legal_hold",)
        assert conn.execute("SELECT reason, placed_on FROM legal_holds WHERE id = ?", [hold]).fetchone() == (
            "Asiakas riitauttaa laskun", TODAY)
        lift_hold(conn, TODAY, MIKA, hold, now=NOW)
        lift_hold(conn, TODAY, MIKA, hold, now=NOW)  # lifted once
        assert purgeable_ids(conn, TODAY) == [1, 2, 3]
        with pytest.raises(NotPermitted):
            lift_hold(conn, TODAY, STAFF, hold)
        assert verify_chain(conn).ok
        details = conn.execute("SELECT details FROM audit_log WHERE action LIKE 'legal_hold%'").fetchall()
    assert actions(store).count("legal_hold_placed") == 1 and actions(store).count("legal_hold_lifted") == 1
    assert all("riitauttaa" not in d[0] for d in details)  # the audit holds ids, not the reason's words


def test_a_small_reviewed_purge_is_one_click(store):
    fill(store, 5)
    with db.connect(store, exclusive=True) as conn:
        receipt = purge_reviewed(conn, TODAY, MIKA, [1, 2, 3], now=NOW)
    assert receipt.customer_ids == (1, 2, 3) and purged(store) == [1, 2, 3]


def test_a_large_purge_needs_a_second_manager_and_covers_exactly_the_persons_reviewed(store):
    n = FOUR_EYES_THRESHOLD + 1
    fill(store, n + 1)
    reviewed = list(range(1, n + 1))  # one due person (n + 1) is left out of what was reviewed
    with db.connect(store, exclusive=True) as conn:
        with pytest.raises(FourEyesRequired) as err:
            purge_reviewed(conn, TODAY, MIKA, reviewed)
        assert err.value.params == {"n": n, "limit": FOUR_EYES_THRESHOLD}
        proposal = propose_purge(conn, TODAY, MIKA, reviewed, now=NOW)
        assert propose_purge(conn, TODAY, MIKA, reviewed, now=NOW) == proposal  # a double click
        assert [p.proposal_id for p in open_proposals(conn, MIKA, TODAY)] == [proposal.proposal_id]
        with pytest.raises(RefusedByRule) as own:
            approve_proposal(conn, TODAY, MIKA, proposal.proposal_id)
        assert own.value.code == "own_proposal"
    assert purged(store) == []
    with db.connect(store, exclusive=True) as conn:
        receipt = approve_proposal(conn, TODAY, SANNA, proposal.proposal_id, now=NOW)
    assert purged(store) == reviewed  # n + 1 was due too, but not reviewed
    assert receipt.actor == "sanna" and receipt.proposed_by == "mika"
    assert receipt.as_json()["approved_by"] == "sanna" and receipt.as_json()["proposal_id"] == proposal.proposal_id
    with db.connect(store, exclusive=True) as conn:
        with pytest.raises(RefusedByRule) as again:
            approve_proposal(conn, TODAY, SANNA, proposal.proposal_id)
        assert again.value.code == "proposal_approved"
        assert open_proposals(conn, SANNA, TODAY) == []
        assert verify_chain(conn).ok
    assert actions(store)[-3:] == ["purge_proposed", "purge", "purge_approved"]  # the approval with its purge


def test_a_proposal_lapses_at_the_end_of_its_day(store):
    fill(store, FOUR_EYES_THRESHOLD + 1)
    with db.connect(store, exclusive=True) as conn:
        proposal = propose_purge(conn, TODAY, MIKA, purgeable_ids(conn, TODAY), now=NOW)
        assert open_proposals(conn, SANNA, TODAY + timedelta(days=1)) == []
        with pytest.raises(RefusedByRule) as err:
            approve_proposal(conn, TODAY + timedelta(days=1), SANNA, proposal.proposal_id)
        assert err.value.code == "proposal_lapsed"
    assert purged(store) == []


def test_a_refused_or_withdrawn_proposal_purges_nobody_and_is_audited(store):
    fill(store, FOUR_EYES_THRESHOLD + 1)
    with db.connect(store, exclusive=True) as conn:
        ids = purgeable_ids(conn, TODAY)
        first = propose_purge(conn, TODAY, MIKA, ids, now=NOW)
        with pytest.raises(BadInput):
            refuse_proposal(conn, TODAY, SANNA, first.proposal_id, " ")
        with pytest.raises(RefusedByRule):
            refuse_proposal(conn, TODAY, MIKA, first.proposal_id, "oma")  # not one's own either
        refused = refuse_proposal(conn, TODAY, SANNA, first.proposal_id, "Tarkistetaan laskut ensin", now=NOW)
        assert (refused.status, refused.decided_by, refused.decision_reason) == ("refused", "sanna",
                                                                                "Tarkistetaan laskut ensin")
        with pytest.raises(RefusedByRule):
            approve_proposal(conn, TODAY, SANNA, first.proposal_id)
        second = propose_purge(conn, TODAY, MIKA, ids, now=NOW)
        assert second.proposal_id != first.proposal_id
        with pytest.raises(RefusedByRule):
            withdraw_proposal(conn, TODAY, SANNA, second.proposal_id)
        assert withdraw_proposal(conn, TODAY, MIKA, second.proposal_id).status == "withdrawn"
    assert purged(store) == []
    assert [a for a in actions(store) if a.startswith("purge_")] == ["purge_proposed", "purge_refused",
                                                                      "purge_proposed", "purge_withdrawn"]


def test_an_approval_is_refused_whole_when_a_person_was_kept_out_meanwhile(store):
    fill(store, FOUR_EYES_THRESHOLD + 1)
    with db.connect(store, exclusive=True) as conn:
        proposal = propose_purge(conn, TODAY, MIKA, purgeable_ids(conn, TODAY), now=NOW)
        keep_out(conn, TODAY, SANNA, 7, "Perintäasia vireillä")
        with pytest.raises(PurgeBlocked):
            approve_proposal(conn, TODAY, SANNA, proposal.proposal_id)
        assert open_proposals(conn, SANNA, TODAY)[0].status == "proposed"  # still to decide: refuse it
    assert purged(store) == []


def test_a_proposal_of_a_blocked_person_is_refused_and_records_nothing(store):
    fill(store, 3)
    with db.connect(store) as conn:
        Contract(conn).invoice(2, issued_on=date(2026, 5, 1))
        with pytest.raises(PurgeBlocked):
            propose_purge(conn, TODAY, MIKA, [1, 2, 3])
        assert conn.execute("SELECT count(*) FROM purge_proposals").fetchone()[0] == 0


def test_the_approver_reads_whom_the_review_kept_out_by_name_with_who_when_and_why(store):
    fill(store, 6)
    later = NOW + timedelta(minutes=3)
    with db.connect(store, exclusive=True) as conn:
        first = keep_out(conn, TODAY, MIKA, 2, "Asiakas riitauttaa laskun", now=NOW)
        second = keep_out(conn, TODAY, MIKA, 5, "Perintä vireillä", now=later)
        assert conn.execute("SELECT placed_by, placed_at FROM legal_holds WHERE id = ?", [first]).fetchone() == (
            "mika", NOW)
        proposal = propose_purge(conn, TODAY, MIKA, purgeable_ids(conn, TODAY), kept_out=[second, first], now=later)
        assert proposal.kept_out == (first, second) and proposal.customer_ids == (1, 3, 4, 6)
        assert kept_out_persons(conn, SANNA, proposal.proposal_id) == [
            KeptOutPerson(first, 2, "Aino2 Korhonen", "Asiakas riitauttaa laskun", "mika", NOW, TODAY, None),
            KeptOutPerson(second, 5, "Aino5 Virtanen", "Perintä vireillä", "mika", later, TODAY, None)]
        with pytest.raises(NotPermitted):
            kept_out_persons(conn, STAFF, proposal.proposal_id)
        details = conn.execute("SELECT details FROM audit_log WHERE action = 'purge_proposed'").fetchone()[0]
        assert f'"kept_out_holds":[{first},{second}]' in details.replace(" ", "")
        assert "riitauttaa" not in details and "Aino" not in details  # ids, never names or reasons
        without = propose_purge(conn, TODAY, SANNA, [1, 3], now=NOW)  # a review that kept nobody out
        assert without.kept_out == () and kept_out_persons(conn, MIKA, without.proposal_id) == []


def test_a_proposal_records_only_holds_its_proposer_placed_that_day_and_otherwise_nothing(store):
    fill(store, 6)
    with db.connect(store, exclusive=True) as conn:
        by_other = keep_out(conn, TODAY, SANNA, 2, "Sannan pito", now=NOW)
        yesterday = keep_out(conn, TODAY - timedelta(days=1), MIKA, 3, "Eilinen pito", now=NOW)
        from_elsewhere = Contract(conn).legal_hold(4, placed_on=TODAY)  # another system's: nobody named
        ids = purgeable_ids(conn, TODAY)
        for hold in (by_other, yesterday, from_elsewhere):
            with pytest.raises(BadInput) as err:
                propose_purge(conn, TODAY, MIKA, ids, kept_out=[hold])
            assert err.value.code == "hold_not_in_review" and err.value.params == {"id": hold}
        with pytest.raises(NotFound) as missing:
            propose_purge(conn, TODAY, MIKA, ids, kept_out=[999])
        assert missing.value.code == "no_hold"
        mine = keep_out(conn, TODAY, MIKA, 6, "Oma pito", now=NOW)
        lift_hold(conn, TODAY, MIKA, mine)  # lifted: 6 is purgeable again, and in the ids below
        with pytest.raises(BadInput) as inside:
            propose_purge(conn, TODAY, MIKA, purgeable_ids(conn, TODAY), kept_out=[mine])
        assert inside.value.code == "kept_out_in_purge"
        assert conn.execute("SELECT count(*) FROM purge_proposals").fetchone()[0] == 0
    assert "purge_proposed" not in actions(store)


def test_a_proposal_made_before_kept_out_was_recorded_reads_as_keeping_nobody_out(store):
    fill(store, 3)
    with db.connect(store) as conn:
        conn.execute("INSERT INTO purge_proposals (id, proposed_by, proposed_at, for_day, customer_ids, ids_digest, "
                     "status) VALUES (1, 'mika', ?, ?, [1, 2], 'x', 'proposed')", [NOW, TODAY])
        assert get_proposal(conn, 1).kept_out == () and kept_out_persons(conn, SANNA, 1) == []


def test_each_manager_is_told_of_the_proposals_awaiting_them_and_of_their_own(store):
    fill(store, 4)
    with db.connect(store, exclusive=True) as conn:
        assert proposals_awaiting(conn, SANNA, TODAY) == AwaitingProposals((), ())
        proposal = propose_purge(conn, TODAY, MIKA, [1, 2], now=NOW)
        pid = proposal.proposal_id
        assert proposals_awaiting(conn, SANNA, TODAY) == AwaitingProposals((pid,), ())
        assert proposals_awaiting(conn, MIKA, TODAY) == AwaitingProposals((), (pid,))
        assert proposals_awaiting(conn, SANNA, TODAY + timedelta(days=1)) == AwaitingProposals((), ())  # lapsed
        with pytest.raises(NotPermitted):
            proposals_awaiting(conn, STAFF, TODAY)
        approve_proposal(conn, TODAY, SANNA, pid, now=NOW)
        assert proposals_awaiting(conn, SANNA, TODAY) == AwaitingProposals((), ())
        assert proposals_awaiting(conn, MIKA, TODAY) == AwaitingProposals((), ())
