"""Open data-subject requests and their deadlines (REGISTER.md sections 4 and 7)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from registry.requests.deadlines import deadline, request_due_on
from registry.errors import BadInput
from registry.requests.register import open_requests, open_requests_page, request_counts

TODAY = date(2026, 12, 7)


def test_only_received_and_in_progress_requests_are_listed(contract, conn):
    contract.customer(id=1)
    for request_id, status in enumerate(("received", "in_progress", "completed", "refused", "withdrawn"), start=1):
        contract.request(1, id=request_id, status=status, received_on=date(2026, 11, 2))

    listed = open_requests(conn, TODAY)

    assert [(r.request_id, r.status) for r in listed] == [(1, "received"), (2, "in_progress")]


def test_no_open_requests_gives_an_empty_list(contract, conn):
    contract.customer(id=1)
    contract.request(1, id=1, status="completed")

    assert open_requests(conn, TODAY) == []


def test_requests_are_sorted_by_due_date_then_id(contract, conn):
    contract.customer(id=1)
    # Received earliest but extended: Fri 2027-01-01 (New Year) -> Mon 2027-01-04, so it sorts last.
    contract.request(1, id=1, received_on=date(2026, 10, 1), extended_on=date(2026, 10, 20))
    # Both due Mon 2026-12-07 (Sun Dec 6 is Independence Day), inserted in reverse id order.
    contract.request(1, id=5, received_on=date(2026, 11, 6))
    contract.request(1, id=3, received_on=date(2026, 11, 6))
    # Received later than request 1, not extended: due Wed 2026-12-02, so it sorts first.
    contract.request(1, id=4, received_on=date(2026, 11, 2))

    listed = open_requests(conn, TODAY)

    assert [(r.request_id, r.due_on) for r in listed] == [
        (4, date(2026, 12, 2)),
        (3, date(2026, 12, 7)),
        (5, date(2026, 12, 7)),
        (1, date(2027, 1, 4)),
    ]


@pytest.mark.parametrize(
    ("today", "days_left", "overdue"),
    [
        pytest.param(date(2026, 12, 6), 1, False, id="day-before-due-one-day-left"),
        pytest.param(date(2026, 12, 7), 0, False, id="due-today-is-not-overdue"),
        pytest.param(date(2026, 12, 8), -1, True, id="due-yesterday-is-overdue"),
    ],
)
def test_days_left_and_overdue_at_the_due_date(contract, conn, today, days_left, overdue):
    contract.customer(id=1)
    # Received 2026-11-06: one month is Sun 2026-12-06 (Independence Day), due Mon 2026-12-07.
    contract.request(1, id=1, received_on=date(2026, 11, 6))

    (listed,) = open_requests(conn, today)

    assert (listed.due_on, listed.days_left, listed.overdue) == (date(2026, 12, 7), days_left, overdue)


def test_extended_request_gets_three_months(contract, conn):
    contract.customer(id=1)
    # Received 2026-11-06: three months is Sat 2027-02-06, due Mon 2027-02-08.
    contract.request(1, id=1, received_on=date(2026, 11, 6), extended_on=date(2026, 11, 20))

    (listed,) = open_requests(conn, TODAY)

    assert (listed.due_on, listed.days_left, listed.overdue) == (date(2027, 2, 8), 63, False)


def test_unmatched_request_is_listed_without_a_customer(contract, conn):
    contract.request(None, id=1, kind="erasure", received_on=date(2026, 11, 6))

    (listed,) = open_requests(conn, TODAY)

    assert (listed.request_id, listed.customer_id, listed.kind) == (1, None, "erasure")


def test_as_json_has_exactly_the_contract_keys(contract, conn):
    contract.customer(id=17)
    contract.request(17, id=3, kind="access", status="in_progress", received_on=date(2026, 11, 6))

    (listed,) = open_requests(conn, date(2026, 11, 24))

    assert listed.as_json() == {
        "request_id": 3,
        "customer_id": 17,
        "kind": "access",
        "status": "in_progress",
        "due_on": "2026-12-07",
        "days_left": 13,
        "overdue": False,
        "strict_due_on": "2026-12-07",
        "suspended_days": 0,
        "waiting": False,
        "asked_late": False,
        "extend_by": "2026-12-07",
        "duplicate_of": None,
    }


def test_the_store_counts_every_deadline_as_the_python_rule_does(conn):
    # The list is sorted and paged in SQL, so the store computes the deadline itself: it must agree
    # with registry.deadlines for every receipt day of twelve years, extended or not (month ends,
    # leap days, Easter, Midsummer, Christmas).
    first, last = date(2020, 1, 1), date(2031, 12, 31)
    days = [first + timedelta(n) for n in range((last - first).days + 1)]
    rows = [(2 * n + extended + 1, None, "access", day, "email", day if extended else None, "received")
            for n, day in enumerate(days) for extended in (0, 1)]
    conn.executemany("INSERT INTO requests (id, customer_id, kind, received_on, channel, extended_on, status) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    today = date(2032, 1, 1)

    listed = {r.request_id: r for r in open_requests(conn, today)}

    assert len(listed) == len(rows)
    wrong = [(day, bool(extended), listed[rid].due_on, request_due_on(day, bool(extended)))
             for rid, _, _, day, _, extended, _ in rows if listed[rid].due_on != request_due_on(day, bool(extended))]
    assert wrong == []
    assert all(r.days_left == (r.due_on - today).days and r.overdue == (r.days_left < 0) for r in listed.values())


def test_the_store_counts_every_suspended_deadline_as_the_python_rule_does(conn):
    # The same with waiting for the person: every receipt day of 2020-2031, extended or not, an ask
    # 0-9 days after receipt (8 and 9 are late under the default 7 days) and an answer 0-60 days
    # after it, every tenth still unanswered on the day of the list (a moving deadline); the list
    # is taken on a day inside the years (asks and answers after it have not happened yet) and
    # after them. Every key the contract adds is compared, not only due_on.
    first, last = date(2020, 1, 1), date(2031, 12, 31)
    days = [first + timedelta(n) for n in range((last - first).days + 1)]
    rows = []
    for n, day in enumerate(days):
        for extended in (0, 1):
            asked = day + timedelta(days=(n + extended) % 10)
            answered = None if n % 10 == 3 else asked + timedelta(days=(7 * n + extended) % 61)
            rows.append((2 * n + extended + 1, None, "access", day, "email", day if extended else None,
                         "received", asked, "identity", answered))
    conn.executemany("INSERT INTO requests (id, customer_id, kind, received_on, channel, extended_on, status, "
                     "asked_on, asked_for, answered_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)

    for today in (date(2026, 3, 15), date(2032, 3, 1)):
        listed = {r.request_id: r for r in open_requests(conn, today)}
        expected = {rid: deadline(day, today, bool(ext) and ext_on <= today, asked, answered)
                    for rid, _, _, day, _, ext_on, _, asked, _, answered in rows if day <= today
                    for ext in [ext_on is not None]}
        assert set(listed) == set(expected)
        wrong = [(rid, listed[rid], want) for rid, want in expected.items()
                 if (listed[rid].due_on, listed[rid].strict_due_on, listed[rid].suspended_days, listed[rid].waiting,
                     listed[rid].asked_late, listed[rid].extend_by)
                 != (want.due_on, want.strict_due_on, want.suspended_days, want.waiting, want.asked_late,
                     want.extend_by)]
        assert wrong[:3] == []
        assert any(r.waiting for r in listed.values()) and any(r.asked_late for r in listed.values())
        assert max(r.suspended_days for r in listed.values() if not r.waiting) == 60


def many_requests(contract, today):
    contract.customer(id=1)
    # 60 open requests received over 90 days (some extended), three closed; due dates repeat, so ids break ties.
    for n in range(63):
        received = today - timedelta(days=n * 3 // 2)
        contract.request(1, id=n + 1, received_on=received, status="completed" if n % 21 == 5 else "received",
                         extended_on=received if n % 4 == 0 else None)


@pytest.mark.parametrize("show", ["all", "overdue", "due_soon"])
def test_the_pages_of_a_filter_are_its_part_of_the_full_list_in_order(contract, conn, show):
    many_requests(contract, TODAY)
    expected = [r for r in open_requests(conn, TODAY)
                if show == "all" or (r.overdue if show == "overdue" else r.due_soon)]
    assert expected, "the filter should show someone"

    seen, cursor = [], None
    while True:
        page, cursor = open_requests_page(conn, TODAY, show, cursor, limit=7)
        seen += page
        assert len(page) <= 7
        if cursor is None:
            break
    counts = request_counts(conn, TODAY, show)

    assert seen == expected
    assert counts.shown == len(expected) and counts.total == 60
    everyone = open_requests(conn, TODAY)
    assert (counts.overdue, counts.due_soon) == (sum(r.overdue for r in everyone), sum(r.due_soon for r in everyone))
    assert 0 < counts.overdue < 60 and 0 < counts.due_soon < 60


def test_a_filter_the_list_does_not_know_is_refused(conn):
    with pytest.raises(BadInput):
        open_requests_page(conn, TODAY, "everything")
