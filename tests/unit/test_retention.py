"""Who is due for purge, why, and what blocks it (REGISTER.md section 3).

The usual person here was a customer until 2026-08-27, so retention is due on
2026-08-27 + 90 days = 2026-11-25 (Aug 31 is +4, Sep 30 +34, Oct 31 +65, Nov 25 +90).
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from registry.retention.due import BlockerDetail, DuePerson, blocker_details, due_persons

UNTIL = date(2026, 8, 27)
DUE_ON = date(2026, 11, 25)
TODAY = DUE_ON


def _blockers(conn, today=TODAY):
    return {p.customer_id: p.blockers for p in due_persons(conn, today)}


# --- when a person is due ---------------------------------------------------------------


def test_person_is_not_due_the_day_before_customer_until_plus_90_days(contract, conn):
    contract.customer(id=1, until=UNTIL)

    assert due_persons(conn, date(2026, 11, 24)) == []


def test_person_is_due_exactly_on_customer_until_plus_90_days(contract, conn):
    contract.customer(id=1, until=UNTIL)

    assert due_persons(conn, DUE_ON) == [DuePerson(1, DUE_ON, "retention", ())]


def test_person_stays_due_after_the_due_date(contract, conn):
    contract.customer(id=1, until=UNTIL)

    assert due_persons(conn, date(2027, 6, 1)) == [DuePerson(1, DUE_ON, "retention", ())]


def test_active_customer_is_never_due(contract, conn):
    contract.customer(id=1, until=None)

    assert due_persons(conn, date(2099, 12, 31)) == []


def test_purged_person_is_never_due(contract, conn):
    contract.customer(id=1, until=UNTIL)
    contract.customer(id=2, until=None)
    contract.request(2, id=1, kind="erasure", received_on=date(2026, 11, 1), verified_on=date(2026, 11, 2))
    conn.execute("UPDATE customers SET purged_on = ? WHERE id IN (1, 2)", [datetime(2026, 11, 3, 12, 0)])

    assert due_persons(conn, date(2027, 6, 1)) == []


def test_only_not_purged_persons_are_listed(contract, conn):
    contract.customer(id=1, until=UNTIL)
    contract.customer(id=2, until=UNTIL)
    conn.execute("UPDATE customers SET purged_on = ? WHERE id = 1", [datetime(2026, 11, 3, 12, 0)])

    assert [p.customer_id for p in due_persons(conn, TODAY)] == [2]


# --- erasure requests -----------------------------------------------------------------------


def test_verified_erasure_request_makes_an_active_customer_due_on_its_receipt_date(contract, conn):
    contract.customer(id=1, until=None)
    contract.request(1, id=1, kind="erasure", received_on=date(2026, 11, 10), verified_on=date(2026, 11, 12))

    assert due_persons(conn, date(2026, 11, 9)) == []
    assert due_persons(conn, date(2026, 11, 10)) == [DuePerson(1, date(2026, 11, 10), "erasure_request", ())]


def test_in_progress_erasure_request_makes_a_person_due(contract, conn):
    contract.customer(id=1, until=None)
    contract.request(1, id=1, kind="erasure", status="in_progress", received_on=date(2026, 11, 10),
                     verified_on=date(2026, 11, 10))

    assert due_persons(conn, TODAY) == [DuePerson(1, date(2026, 11, 10), "erasure_request", ())]


def test_earliest_of_several_erasure_requests_sets_the_due_date(contract, conn):
    contract.customer(id=1, until=None)
    contract.request(1, id=1, kind="erasure", received_on=date(2026, 11, 10), verified_on=date(2026, 11, 10))
    contract.request(1, id=2, kind="erasure", received_on=date(2026, 11, 3), verified_on=date(2026, 11, 4))
    contract.request(1, id=3, kind="erasure", status="in_progress", received_on=date(2026, 11, 5),
                     verified_on=date(2026, 11, 5))

    assert due_persons(conn, TODAY) == [DuePerson(1, date(2026, 11, 3), "erasure_request", ())]


def test_erasure_request_is_the_reason_even_when_retention_is_also_due(contract, conn):
    contract.customer(id=1, until=UNTIL)
    contract.request(1, id=1, kind="erasure", received_on=date(2026, 11, 20), verified_on=date(2026, 11, 20))

    assert due_persons(conn, TODAY) == [DuePerson(1, date(2026, 11, 20), "erasure_request", ())]


def test_unverified_erasure_request_does_not_make_a_person_due(contract, conn):
    contract.customer(id=1, until=None)
    contract.request(1, id=1, kind="erasure", received_on=date(2026, 11, 10), verified_on=None)

    assert due_persons(conn, TODAY) == []


def test_unverified_erasure_request_leaves_the_reason_retention(contract, conn):
    contract.customer(id=1, until=UNTIL)
    contract.request(1, id=1, kind="erasure", received_on=date(2026, 11, 10), verified_on=None)

    assert due_persons(conn, TODAY) == [DuePerson(1, DUE_ON, "retention", ())]


@pytest.mark.parametrize("status", ["completed", "refused", "withdrawn"])
def test_closed_erasure_request_does_not_make_a_person_due(contract, conn, status):
    contract.customer(id=1, until=None)
    contract.request(1, id=1, kind="erasure", status=status, received_on=date(2026, 11, 10),
                     verified_on=date(2026, 11, 10))

    assert due_persons(conn, TODAY) == []


@pytest.mark.parametrize("kind", ["access", "rectification", "restriction", "objection", "portability"])
def test_verified_request_of_another_kind_does_not_make_a_person_due(contract, conn, kind):
    contract.customer(id=1, until=None)
    contract.request(1, id=1, kind=kind, received_on=date(2026, 11, 10), verified_on=date(2026, 11, 10))

    assert due_persons(conn, TODAY) == []


def test_unmatched_erasure_request_makes_nobody_due(contract, conn):
    contract.customer(id=1, until=None)
    contract.request(None, id=1, kind="erasure", received_on=date(2026, 11, 10), verified_on=date(2026, 11, 10))

    assert due_persons(conn, TODAY) == []


# --- blockers ---------------------------------------------------------------------------------


def test_due_person_without_blockers_is_not_blocked(contract, conn):
    contract.customer(id=1, until=UNTIL)

    (person,) = due_persons(conn, TODAY)

    assert (person.blockers, person.blocked) == ((), False)


def test_open_invoice_blocks_purge(contract, conn):
    contract.customer(id=1, until=UNTIL)
    contract.invoice(1, issued_on=date(2026, 8, 1))

    (person,) = due_persons(conn, TODAY)

    assert (person.blockers, person.blocked) == (("open_invoice",), True)


@pytest.mark.parametrize(
    ("paid_on", "credited_on"),
    [
        pytest.param(date(2026, 8, 20), None, id="paid"),
        pytest.param(None, date(2026, 8, 20), id="credited"),
    ],
)
def test_paid_or_credited_invoice_does_not_block_purge(contract, conn, paid_on, credited_on):
    contract.customer(id=1, until=UNTIL)
    contract.invoice(1, issued_on=date(2026, 8, 1), paid_on=paid_on, credited_on=credited_on)

    assert _blockers(conn) == {1: ()}


def test_open_collection_case_blocks_purge(contract, conn):
    contract.customer(id=1, until=UNTIL)
    contract.collection(1, opened_on=date(2026, 9, 1))

    assert _blockers(conn) == {1: ("collection",)}


def test_closed_collection_case_does_not_block_purge(contract, conn):
    contract.customer(id=1, until=UNTIL)
    contract.collection(1, opened_on=date(2026, 9, 1), closed_on=date(2026, 10, 1))

    assert _blockers(conn) == {1: ()}


def test_legal_hold_blocks_purge(contract, conn):
    contract.customer(id=1, until=UNTIL)
    contract.legal_hold(1, placed_on=date(2026, 9, 1))

    assert _blockers(conn) == {1: ("legal_hold",)}


def test_lifted_legal_hold_does_not_block_purge(contract, conn):
    contract.customer(id=1, until=UNTIL)
    contract.legal_hold(1, placed_on=date(2026, 9, 1), lifted_on=date(2026, 10, 1))

    assert _blockers(conn) == {1: ()}


@pytest.mark.parametrize(
    ("org_until", "blockers"),
    [
        pytest.param(None, ("org_contact",), id="organisation-still-a-customer-blocks"),
        pytest.param(TODAY, ("org_contact",), id="organisation-ending-today-still-blocks"),
        pytest.param(date(2026, 11, 24), (), id="organisation-ended-yesterday-does-not-block"),
    ],
)
def test_contact_person_of_a_current_organisation_blocks_purge(contract, conn, org_until, blockers):
    contract.organisation(id=7, until=org_until)
    contract.customer(id=1, until=UNTIL, organisation_id=7, is_contact_person=True)

    assert _blockers(conn) == {1: blockers}


def test_non_contact_person_of_an_active_organisation_is_not_blocked(contract, conn):
    contract.organisation(id=7, until=None)
    contract.customer(id=1, until=UNTIL, organisation_id=7, is_contact_person=False)

    assert _blockers(conn) == {1: ()}


def test_contact_person_without_an_organisation_is_not_blocked(contract, conn):
    contract.customer(id=1, until=UNTIL, organisation_id=None, is_contact_person=True)

    assert _blockers(conn) == {1: ()}


def test_blockers_of_other_persons_do_not_block(contract, conn):
    contract.customer(id=1, until=UNTIL)
    contract.customer(id=2, until=None)
    contract.invoice(2)
    contract.collection(2)
    contract.legal_hold(2)

    assert _blockers(conn) == {1: ()}


def test_several_blockers_are_listed_alphabetically(contract, conn):
    contract.organisation(id=7, until=None)
    contract.customer(id=1, until=UNTIL, organisation_id=7, is_contact_person=True)
    contract.invoice(1, issued_on=date(2026, 8, 1))
    contract.legal_hold(1, placed_on=date(2026, 9, 1))
    contract.collection(1, opened_on=date(2026, 9, 2))

    assert _blockers(conn) == {1: ("collection", "legal_hold", "open_invoice", "org_contact")}


# --- order, selection and shape ----------------------------------------------------------------


def test_due_persons_are_sorted_by_customer_id(contract, conn):
    contract.customer(id=30, until=UNTIL)
    contract.customer(id=10, until=date(2026, 1, 1))
    contract.customer(id=25, until=None)
    contract.customer(id=20, until=None)
    contract.request(20, id=1, kind="erasure", received_on=date(2026, 11, 1), verified_on=date(2026, 11, 1))

    assert [p.customer_id for p in due_persons(conn, TODAY)] == [10, 20, 30]


def test_due_persons_can_be_limited_to_given_ids(contract, conn):
    contract.customer(id=1, until=UNTIL)
    contract.customer(id=2, until=UNTIL)
    contract.customer(id=3, until=None)

    assert [p.customer_id for p in due_persons(conn, TODAY, ids=[2, 3])] == [2]


def test_as_json_has_the_contract_shape(contract, conn):
    # 2025-12-01 + 90 days: Dec 31 is +30, Jan 31 +61, Feb 28 +89, Mar 1 +90.
    contract.customer(id=17, until=date(2025, 12, 1))
    contract.customer(id=18, until=date(2025, 12, 1))
    contract.invoice(18, issued_on=date(2025, 11, 1))
    contract.legal_hold(18, placed_on=date(2025, 11, 2))

    assert [p.as_json() for p in due_persons(conn, date(2026, 3, 1))] == [
        {"customer_id": 17, "due_on": "2026-03-01", "reason": "retention", "blockers": []},
        {"customer_id": 18, "due_on": "2026-03-01", "reason": "retention", "blockers": ["legal_hold", "open_invoice"]},
    ]


# --- blocker details ----------------------------------------------------------------------------


def test_blocker_details_report_since_when_and_how_many_items(contract, conn):
    contract.organisation(id=7, since=date(2019, 4, 1), until=None)
    contract.customer(id=1, until=UNTIL, organisation_id=7, is_contact_person=True)
    contract.invoice(1, issued_on=date(2025, 3, 1))
    contract.invoice(1, issued_on=date(2025, 1, 15))
    contract.invoice(1, issued_on=date(2024, 12, 1), paid_on=date(2024, 12, 20))
    contract.invoice(1, issued_on=date(2024, 11, 1), credited_on=date(2024, 11, 5))
    contract.collection(1, opened_on=date(2025, 6, 1))
    contract.collection(1, opened_on=date(2025, 2, 1))
    contract.collection(1, opened_on=date(2024, 1, 1), closed_on=date(2024, 3, 1))
    contract.legal_hold(1, placed_on=date(2025, 4, 1))
    contract.legal_hold(1, placed_on=date(2024, 5, 1), lifted_on=date(2024, 6, 1))

    assert blocker_details(conn, TODAY, [1]) == [
        BlockerDetail(1, "collection", date(2025, 2, 1), 2),
        BlockerDetail(1, "legal_hold", date(2025, 4, 1), 1),
        BlockerDetail(1, "open_invoice", date(2025, 1, 15), 2),
        BlockerDetail(1, "org_contact", date(2019, 4, 1), 1),
    ]


def test_blocker_details_cover_only_the_named_persons_in_id_order(contract, conn):
    contract.customer(id=1, until=UNTIL)
    contract.customer(id=2, until=UNTIL)
    contract.customer(id=3, until=UNTIL)
    contract.customer(id=4, until=UNTIL)
    contract.legal_hold(3, placed_on=date(2025, 5, 5))
    contract.invoice(1, issued_on=date(2025, 7, 7))
    contract.collection(4, opened_on=date(2025, 8, 8))

    assert blocker_details(conn, TODAY, [3, 2, 1]) == [
        BlockerDetail(1, "open_invoice", date(2025, 7, 7), 1),
        BlockerDetail(3, "legal_hold", date(2025, 5, 5), 1),
    ]


@pytest.mark.parametrize(
    ("org_until", "reported"),
    [
        pytest.param(TODAY, True, id="organisation-ending-today-is-reported"),
        pytest.param(date(2026, 11, 24), False, id="organisation-ended-yesterday-is-not-reported"),
    ],
)
def test_blocker_details_report_org_contact_at_its_date_edge(contract, conn, org_until, reported):
    contract.organisation(id=7, since=date(2019, 4, 1), until=org_until)
    contract.customer(id=1, until=UNTIL, organisation_id=7, is_contact_person=True)

    expected = [BlockerDetail(1, "org_contact", date(2019, 4, 1), 1)] if reported else []
    assert blocker_details(conn, TODAY, [1]) == expected


def test_blocker_details_of_no_one_is_empty(contract, conn):
    contract.customer(id=1, until=UNTIL)
    contract.invoice(1)

    assert blocker_details(conn, TODAY, []) == []
