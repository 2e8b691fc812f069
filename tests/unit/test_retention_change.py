"""What a new retention would do today, said on the Settings page before it is set: counted as
Due for purge counts, persons purgeable (due and not blocked)."""

from __future__ import annotations

from datetime import date, timedelta

from registry.access import Actor
from registry.retention.due import due_counts
from registry.retention.change import retention_change
from registry.settings import retention_days, set_setting

TODAY = date(2026, 11, 24)
ADMIN = Actor.system("asetukset")


def ended(days_ago: int) -> date:
    return TODAY - timedelta(days=days_ago)


def test_a_retention_change_says_first_how_many_persons_it_would_make_purgeable(conn, contract):
    contract.customer(id=1, until=ended(100))
    contract.customer(id=2, until=ended(40))
    contract.customer(id=3, until=ended(10))
    assert retention_change(conn, TODAY, 30) == (1, 0) and retention_change(conn, TODAY, 5) == (2, 0)
    assert retention_change(conn, TODAY, 150) == (0, 1) and retention_change(conn, TODAY, 90) == (0, 0)
    assert retention_change(conn, TODAY, 100) == (0, 0) and retention_change(conn, TODAY, 101) == (0, 1)  # due_on edge
    assert retention_days(conn) == 90  # asking changes nothing


def test_blocked_persons_and_those_due_by_an_erasure_request_are_not_counted(conn, contract):
    contract.customer(id=1, until=ended(100))
    contract.invoice(1)  # due, blocked by an open invoice
    contract.customer(id=2, until=ended(100))
    contract.legal_hold(2)  # due, blocked by a legal hold
    contract.customer(id=3, until=ended(40))
    contract.collection(3)  # due with 30 days, but blocked by a collection case
    contract.customer(id=4, until=ended(100))
    contract.request(4, kind="erasure", received_on=ended(5), verified_on=ended(5))  # due by the request
    contract.customer(id=5, until=ended(100))  # the only one a longer retention moves off the Due page
    assert (due_counts(conn, TODAY).purgeable, due_counts(conn, TODAY).blocked) == (2, 2)
    assert retention_change(conn, TODAY, 150) == (0, 1)
    assert retention_change(conn, TODAY, 30) == (0, 0)


def test_what_it_says_is_what_the_due_page_counts_once_it_is_set(conn, contract):
    for cid, days_ago in enumerate((400, 200, 120, 95, 80, 60, 45, 31, 20, 5), start=1):
        contract.customer(id=cid, until=ended(days_ago))
    contract.invoice(2)
    contract.legal_hold(5)
    contract.collection(7)
    contract.request(3, kind="erasure", received_on=ended(2), verified_on=ended(2))
    for days in (10, 30, 60, 90, 150, 365, 90):
        before = due_counts(conn, TODAY).purgeable
        change = retention_change(conn, TODAY, days)
        set_setting(conn, ADMIN, "retention_days", str(days))
        assert due_counts(conn, TODAY).purgeable == before + change.newly_purgeable - change.no_longer_purgeable
        assert retention_change(conn, TODAY, days) == (0, 0)
