"""Aggregate figures for the overview: counts only, never personal data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .requests import open_requests
from .retention import due_persons

PERSONS_SQL = """
SELECT count(*) AS persons,
       count(*) FILTER (WHERE purged_on IS NULL AND customer_until IS NULL) AS active,
       count(*) FILTER (WHERE purged_on IS NOT NULL) AS purged
FROM customers"""


@dataclass(frozen=True)
class Overview:
    persons: int
    active_customers: int
    purged: int
    due_now: int
    blocked: int
    open_requests: int
    overdue_requests: int
    requests_due_within_7_days: int


def overview(conn, today: date) -> Overview:
    """The week's figures on `today`: persons, due and blocked, open and overdue requests."""
    persons, active, purged = conn.execute(PERSONS_SQL).fetchone()
    due = due_persons(conn, today)
    blocked = sum(p.blocked for p in due)
    requests = open_requests(conn, today)
    overdue = sum(r.overdue for r in requests)
    soon = sum(0 <= r.days_left <= 7 for r in requests)
    return Overview(persons, active, purged, len(due) - blocked, blocked, len(requests), overdue, soon)
