"""Who is due for purge, why, and what blocks it (REGISTER.md section 3).

A person is due on customer_until + the retention in force (reason `retention`; the setting
`retention_days`, 90 days in a new store), or, when they have an open, identity-verified erasure
request, on the earliest such request's receipt date (reason `erasure_request`: the request's own
verification, never a duplicate's, whose earliest request is the one carried out); due when
today >= due_on. Purged persons are never due. A due person is
blocked while any blocker holds: `collection`, `legal_hold`, `open_invoice`, `open_request` (an
open request of another kind than erasure: the person is answered from their data before it is
erased), `org_contact`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from ..settings import RETENTION_SQL

RETENTION_DAYS = 90  # the notice's retention: a new store's setting (registry/settings.py reads the one in force)
BLOCKERS = ("collection", "legal_hold", "open_invoice", "open_request", "org_contact")  # alphabetical, as reported

# Open on $today: received by then and not closed by then (registry/requests/register.py counts a request
# open the same way). Any kind but erasure blocks: an access, portability, rectification,
# restriction or objection request is answered from the person's data before it is erased.
OPEN_OTHER_REQUESTS_WHERE = """kind <> 'erasure' AND customer_id IS NOT NULL AND received_on <= $today
  AND (status IN ('received', 'in_progress') OR closed_on > $today)"""
OPEN_OTHER_REQUESTS_SQL = """
SELECT customer_id, min(received_on) AS since, count(*) AS items
FROM requests
WHERE """ + OPEN_OTHER_REQUESTS_WHERE
# The requests themselves, for one person: what an erasure waits for (registry/requests/rights.py).
PERSONS_OPEN_OTHER_REQUESTS_SQL = ("SELECT id, kind FROM requests WHERE customer_id = $id AND "
                                   + OPEN_OTHER_REQUESTS_WHERE + " ORDER BY received_on, id")

# Section 3's due date and reason of every person the register holds a row for (purged too: a
# review names whom it reviewed): the one definition; the due list below and the purge review
# (registry/retention/review.py) select from it. No parameters.
ERASURE_REQUESTED_SQL = """
SELECT customer_id, min(received_on) AS received_on
FROM requests
WHERE kind = 'erasure' AND status IN ('received', 'in_progress')
  AND identity_verified_on IS NOT NULL AND customer_id IS NOT NULL AND duplicate_of IS NULL
GROUP BY customer_id"""
DUE_ON_SQL = """
SELECT c.id AS customer_id,
       coalesce(e.received_on, c.customer_until + r.days) AS due_on,
       CASE WHEN e.customer_id IS NULL THEN 'retention' ELSE 'erasure_request' END AS reason,
       c.purged_on, c.is_contact_person, c.organisation_id
FROM customers c
CROSS JOIN (SELECT """ + RETENTION_SQL + """ AS days) r
LEFT JOIN (""" + ERASURE_REQUESTED_SQL + """) e ON e.customer_id = c.id"""

# Parameters: $today, $ids (NULL for everyone). Blockers come as one comma-separated string in
# alphabetical order ('' when none): cheaper to fetch than a list for 100,000 rows.
DUE_SQL = """
WITH due AS (
    SELECT customer_id, due_on, reason, is_contact_person, organisation_id
    FROM (""" + DUE_ON_SQL + """)
    WHERE purged_on IS NULL AND due_on <= $today
      AND ($ids IS NULL OR customer_id IN (SELECT unnest($ids::BIGINT[])))
)
SELECT d.customer_id, d.due_on, d.reason,
       concat_ws(',',
           CASE WHEN coll.customer_id IS NOT NULL THEN 'collection' END,
           CASE WHEN hold.customer_id IS NOT NULL THEN 'legal_hold' END,
           CASE WHEN inv.customer_id IS NOT NULL THEN 'open_invoice' END,
           CASE WHEN req.customer_id IS NOT NULL THEN 'open_request' END,
           CASE WHEN d.is_contact_person AND org.id IS NOT NULL THEN 'org_contact' END) AS blockers
FROM due d
LEFT JOIN (SELECT DISTINCT customer_id FROM collection_cases WHERE closed_on IS NULL) coll
       ON coll.customer_id = d.customer_id
LEFT JOIN (SELECT DISTINCT customer_id FROM legal_holds WHERE lifted_on IS NULL) hold
       ON hold.customer_id = d.customer_id
LEFT JOIN (SELECT DISTINCT customer_id FROM invoices WHERE paid_on IS NULL AND credited_on IS NULL) inv
       ON inv.customer_id = d.customer_id
LEFT JOIN (""" + OPEN_OTHER_REQUESTS_SQL + """ GROUP BY customer_id) req
       ON req.customer_id = d.customer_id
LEFT JOIN (SELECT id FROM organisations WHERE customer_until IS NULL OR customer_until >= $today) org
       ON org.id = d.organisation_id
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
SELECT customer_id, 'open_request', since, items FROM (""" + OPEN_OTHER_REQUESTS_SQL + """
  AND customer_id IN (SELECT unnest($ids::BIGINT[])) GROUP BY customer_id)
UNION ALL
SELECT c.id, 'org_contact', o.customer_since, 1
FROM customers c JOIN organisations o ON o.id = c.organisation_id
WHERE c.is_contact_person AND (o.customer_until IS NULL OR o.customer_until >= $today)
  AND c.id IN (SELECT unnest($ids::BIGINT[]))
ORDER BY 1, 2"""


class DuePerson(NamedTuple):
    """A due person (a NamedTuple: the full list at a million persons builds fast)."""

    customer_id: int
    due_on: date
    reason: str
    blockers: tuple[str, ...]

    @classmethod
    def from_row(cls, customer_id, due_on, reason, blockers: str) -> DuePerson:
        return cls(customer_id, due_on, reason, tuple(blockers.split(",")) if blockers else ())

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
    return [DuePerson.from_row(*row) for row in rows]


def open_other_requests(conn, today: date, customer_id: int) -> list[tuple[int, str]]:
    """(request id, kind) of the person's requests that make the `open_request` blocker hold on `today`."""
    return conn.execute(PERSONS_OPEN_OTHER_REQUESTS_SQL, {"today": today, "id": customer_id}).fetchall()


def blocker_details(conn, today: date, ids: list[int]) -> list[BlockerDetail]:
    """For each named person, each blocker that holds on `today`, since when, and how many items."""
    if not ids:
        return []
    rows = conn.execute(BLOCKER_DETAILS_SQL, {"today": today, "ids": list(ids)}).fetchall()
    return [BlockerDetail(*row) for row in rows]


# The due list filtered and paginated in SQL (the dashboard never loads it whole).
# $blocker: NULL (everyone), 'none' (purgeable only), 'any' (blocked by anything), or one blocker code.
DUE_FILTER = """
    WHERE ($reason IS NULL OR reason = $reason)
      AND ($blocker IS NULL OR ($blocker = 'none' AND blockers = '') OR ($blocker = 'any' AND blockers <> '')
           OR list_contains(string_split(blockers, ','), $blocker))"""
DUE_COUNTS_SQL = ("SELECT count(*) FILTER (WHERE blockers = ''), count(*) FILTER (WHERE blockers <> '') "
                  "FROM (" + DUE_SQL + ") d" + DUE_FILTER)
DUE_VIEW_COUNTS_SQL = ("SELECT count(*) FILTER (WHERE blockers = ''), count(*) FILTER (WHERE blockers <> '') "
                       "FROM due_now" + DUE_FILTER)
DUE_VIEW_PAGE_SQL = "SELECT * FROM due_now" + DUE_FILTER + " AND customer_id > $after ORDER BY customer_id LIMIT $limit"
PURGEABLE_IDS_SQL = ("SELECT customer_id FROM (" + DUE_SQL + ") d" + DUE_FILTER
                     + " AND blockers = '' ORDER BY customer_id")


@dataclass(frozen=True)
class DueCounts:
    purgeable: int
    blocked: int


def _filter_params(today: date, reason: str | None, blocker: str | None) -> dict:
    return {"today": today, "ids": None, "reason": reason, "blocker": blocker}


def due_page(conn, today: date, reason: str | None = None, blocker: str | None = None, after_id: int = 0,
             limit: int = 50) -> tuple[list[DuePerson], int | None]:
    """One page of the due list (by id), filtered by reason and blocker ('none' = purgeable);
    returns the persons and the `after_id` of the next page (None on the last page)."""
    _, persons, next_after = due_view(conn, today, reason, blocker, after_id, limit)
    return persons, next_after


def due_counts(conn, today: date, reason: str | None = None, blocker: str | None = None) -> DueCounts:
    return DueCounts(*conn.execute(DUE_COUNTS_SQL, _filter_params(today, reason, blocker)).fetchone())


def due_view(conn, today: date, reason: str | None = None, blocker: str | None = None, after_id: int = 0,
             limit: int = 50) -> tuple[DueCounts, list[DuePerson], int | None]:
    """Counts and one page of the filtered due list, computing the due list once (the page
    would otherwise run the due query twice per view)."""
    conn.execute("CREATE OR REPLACE TEMP TABLE due_now AS " + DUE_SQL, {"today": today, "ids": None})
    try:
        params = {"reason": reason, "blocker": blocker}
        counts = DueCounts(*conn.execute(DUE_VIEW_COUNTS_SQL, params).fetchone())
        rows = conn.execute(DUE_VIEW_PAGE_SQL, {**params, "after": after_id, "limit": limit + 1}).fetchall()
    finally:
        conn.execute("DROP TABLE IF EXISTS due_now")
    persons = [DuePerson.from_row(*row) for row in rows[:limit]]
    return counts, persons, (persons[-1].customer_id if len(rows) > limit else None)


def purgeable_ids(conn, today: date, reason: str | None = None, blocker: str | None = None) -> list[int]:
    """Ids of the due, unblocked persons under the filter: what a reviewed purge will name."""
    return [r[0] for r in conn.execute(PURGEABLE_IDS_SQL, _filter_params(today, reason, blocker)).fetchall()]
