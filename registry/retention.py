"""Who is due for purge, why, and what blocks it (REGISTER.md section 3).

A person is due on customer_until + 90 days (reason `retention`), or, when they have an open,
identity-verified erasure request, on the earliest such request's receipt date (reason
`erasure_request`); due when today >= due_on. Purged persons are never due. A due person is
blocked while any blocker holds: `collection`, `legal_hold`, `open_invoice`, `org_contact`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

RETENTION_DAYS = 90
BLOCKERS = ("collection", "legal_hold", "open_invoice", "org_contact")  # alphabetical, as reported

# Parameters: today (for org_contact), today (for due), ids (NULL for everyone).
DUE_SQL = """
WITH erasure AS (
    SELECT customer_id, min(received_on) AS received_on
    FROM requests
    WHERE kind = 'erasure' AND status IN ('received', 'in_progress')
      AND identity_verified_on IS NOT NULL AND customer_id IS NOT NULL
    GROUP BY customer_id
),
due AS (
    SELECT c.id AS customer_id,
           coalesce(e.received_on, c.customer_until + INTERVAL 90 DAY)::DATE AS due_on,
           CASE WHEN e.customer_id IS NULL THEN 'retention' ELSE 'erasure_request' END AS reason,
           c.is_contact_person, c.organisation_id
    FROM customers c
    LEFT JOIN erasure e ON e.customer_id = c.id
    WHERE c.purged_on IS NULL
      AND coalesce(e.received_on, c.customer_until + INTERVAL 90 DAY)::DATE <= $today
      AND ($ids IS NULL OR c.id IN (SELECT unnest($ids::BIGINT[])))
)
SELECT d.customer_id, d.due_on, d.reason,
       list_filter([
           CASE WHEN d.customer_id IN (SELECT customer_id FROM collection_cases WHERE closed_on IS NULL)
                THEN 'collection' END,
           CASE WHEN d.customer_id IN (SELECT customer_id FROM legal_holds WHERE lifted_on IS NULL)
                THEN 'legal_hold' END,
           CASE WHEN d.customer_id IN (SELECT customer_id FROM invoices
                                       WHERE paid_on IS NULL AND credited_on IS NULL)
                THEN 'open_invoice' END,
           CASE WHEN d.is_contact_person AND d.organisation_id IN (
                    SELECT id FROM organisations WHERE customer_until IS NULL OR customer_until >= $today)
                THEN 'org_contact' END
       ], lambda b: b IS NOT NULL) AS blockers
FROM due d
ORDER BY d.customer_id"""

# What each blocker is and since when it holds, for the named persons (dashboard and refusals).
BLOCKER_DETAILS_SQL = """
SELECT customer_id, 'collection' AS blocker, min(opened_on) AS since, count(*) AS items
FROM collection_cases WHERE closed_on IS NULL AND customer_id IN (SELECT unnest($ids::BIGINT[]))
GROUP BY customer_id
UNION ALL
SELECT customer_id, 'legal_hold', min(placed_on), count(*)
FROM legal_holds WHERE lifted_on IS NULL AND customer_id IN (SELECT unnest($ids::BIGINT[]))
GROUP BY customer_id
UNION ALL
SELECT customer_id, 'open_invoice', min(issued_on), count(*)
FROM invoices WHERE paid_on IS NULL AND credited_on IS NULL
  AND customer_id IN (SELECT unnest($ids::BIGINT[]))
GROUP BY customer_id
UNION ALL
SELECT c.id, 'org_contact', o.customer_since, 1
FROM customers c JOIN organisations o ON o.id = c.organisation_id
WHERE c.is_contact_person AND (o.customer_until IS NULL OR o.customer_until >= $today)
  AND c.id IN (SELECT unnest($ids::BIGINT[]))
ORDER BY 1, 2"""


@dataclass(frozen=True)
class DuePerson:
    customer_id: int
    due_on: date
    reason: str
    blockers: tuple[str, ...]

    @property
    def blocked(self) -> bool:
        return bool(self.blockers)

    def as_json(self) -> dict:
        return {
            "customer_id": self.customer_id,
            "due_on": self.due_on.isoformat(),
            "reason": self.reason,
            "blockers": list(self.blockers),
        }


@dataclass(frozen=True)
class BlockerDetail:
    customer_id: int
    blocker: str
    since: date
    items: int


def due_persons(conn, today: date, ids: list[int] | None = None) -> list[DuePerson]:
    """Every not-purged person who is due on `today` (or only those among `ids`), by id."""
    rows = conn.execute(DUE_SQL, {"today": today, "ids": ids}).fetchall()
    return [DuePerson(cid, due_on, reason, tuple(blockers)) for cid, due_on, reason, blockers in rows]


def blocker_details(conn, today: date, ids: list[int]) -> list[BlockerDetail]:
    """For each named person, each blocker that holds on `today`, since when, and how many items."""
    if not ids:
        return []
    rows = conn.execute(BLOCKER_DETAILS_SQL, {"today": today, "ids": list(ids)}).fetchall()
    return [BlockerDetail(*row) for row in rows]
