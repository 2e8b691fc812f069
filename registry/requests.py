"""Data-subject requests: the open ones and their deadlines (REGISTER.md section 4)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from .deadlines import request_due_on

REQUEST_KINDS = ("access", "rectification", "erasure", "restriction", "objection", "portability")
REQUEST_STATUSES = ("received", "in_progress", "completed", "refused", "withdrawn")
OPEN_STATUSES = ("received", "in_progress")
CHANNELS = ("letter", "email", "in_person")

OPEN_REQUESTS_SQL = """
SELECT id, customer_id, kind, status, received_on, extended_on IS NOT NULL
FROM requests
WHERE status IN ('received', 'in_progress')
ORDER BY id"""


@dataclass(frozen=True)
class OpenRequest:
    request_id: int
    customer_id: int | None
    kind: str
    status: str
    due_on: date
    days_left: int
    overdue: bool

    def as_json(self) -> dict:
        row = asdict(self)
        row["due_on"] = self.due_on.isoformat()
        return row


def deadline_of(received_on: date, extended: bool, today: date) -> tuple[date, int, bool]:
    """(due_on, days_left, overdue) of a request as seen on `today`; due today is not overdue."""
    due_on = request_due_on(received_on, extended)
    days_left = (due_on - today).days
    return due_on, days_left, days_left < 0


def open_requests(conn, today: date) -> list[OpenRequest]:
    """Every open request (received or in progress), sorted by due date, then id."""
    found = []
    for request_id, customer_id, kind, status, received_on, extended in conn.execute(OPEN_REQUESTS_SQL).fetchall():
        due_on, days_left, overdue = deadline_of(received_on, extended, today)
        found.append(OpenRequest(request_id, customer_id, kind, status, due_on, days_left, overdue))
    found.sort(key=lambda r: (r.due_on, r.request_id))
    return found
