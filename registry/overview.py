"""Aggregate figures for the overview: counts only, never personal data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .requests.register import request_counts, requests_by_days_left
from .retention.due import DUE_ON_SQL, due_counts

PERSONS_SQL = """
SELECT count(*) FILTER (WHERE purged_on IS NULL) AS persons,
       count(*) FILTER (WHERE purged_on IS NULL AND customer_until IS NULL) AS active,
       count(*) FILTER (WHERE purged_on IS NOT NULL) AS purged
FROM customers"""

# Persons who come due in each of the coming weeks (week 0 starts tomorrow), by section 3's one
# due date (retention.due.DUE_ON_SQL): an erasure request is due on receipt, so only retention is ahead.
COMING_DUE_SQL = """
SELECT floor((due_on - $today::DATE - 1) / 7)::INTEGER AS week, count(*) AS persons
FROM (""" + DUE_ON_SQL + """)
WHERE purged_on IS NULL AND due_on > $today::DATE AND due_on <= $today::DATE + 7 * $weeks
GROUP BY week ORDER BY week"""

DAYS_LEFT_BUCKETS = (("overdue", None, -1), ("0-7", 0, 7), ("8-14", 8, 14), ("15-30", 15, 30), ("31+", 31, None))


@dataclass(frozen=True)
class Overview:
    persons: int  # whose data the register holds: a purged person's row is a tombstone, not a person held
    active_customers: int
    purged: int
    due_now: int
    blocked: int
    open_requests: int
    overdue_requests: int
    requests_due_within_7_days: int


def overview(conn, today: date) -> Overview:
    """The week's figures on `today`: persons held (not purged), due and blocked, open and overdue requests."""
    persons, active, purged = conn.execute(PERSONS_SQL).fetchone()
    counts = due_counts(conn, today)
    requests = request_counts(conn, today)
    return Overview(persons, active, purged, counts.purgeable, counts.blocked, requests.total, requests.overdue,
                    requests.due_soon)


def purges_coming_due(conn, today: date, weeks: int = 12) -> list[tuple[date, int]]:
    """(first day of the week, persons whose retention ends that week) for the next `weeks`
    weeks, starting tomorrow; weeks with nobody are listed with 0."""
    found = dict(conn.execute(COMING_DUE_SQL, {"today": today, "weeks": weeks}).fetchall())
    return [(today + timedelta(days=1 + 7 * w), found.get(w, 0)) for w in range(weeks)]


def open_requests_by_days_left(conn, today: date) -> list[tuple[str, int]]:
    """Open requests counted in buckets of days left: overdue, 0-7, 8-14, 15-30, 31+."""
    return requests_by_days_left(conn, today, DAYS_LEFT_BUCKETS)
