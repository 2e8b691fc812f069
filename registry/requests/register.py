"""Data-subject requests: the open ones and their deadlines (REGISTER.md section 4)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from ..access import Actor, require
from ..audit import write_audit
from ..store.db import transaction
from ..settings import ask_days
from .deadlines import ASK_DAYS, EXTENDED_MONTHS, RESPONSE_MONTHS, Deadline, deadline, holidays_between
from ..errors import BadInput, NotFound, RefusedByRule

REQUEST_KINDS = ("access", "rectification", "erasure", "restriction", "objection", "portability")
REQUEST_STATUSES = ("received", "in_progress", "completed", "refused", "withdrawn")
OPEN_STATUSES = ("received", "in_progress")
CHANNELS = ("letter", "email", "in_person")
GROUNDS = ("unfounded", "excessive")  # Art. 12(5): a request manifestly unfounded, or excessive

# Open at the end of $today: received by then and not closed by then. A request closed since was
# still open that day: its status then was in_progress if it had been extended by then, else
# received (the store keeps no other history of a status). An extension made since did not count yet,
# nor an ask or an answer recorded for a later day.
# The deadline is registry.requests.deadlines.deadline in SQL, so that the list sorts, filters and
# pages in the store: one or three months (DuckDB's month interval clamps to the month's last day, as
# Art. 3(2)(c) does), plus the days suspended while waiting for the person (an ask within $ask_days
# days of receipt, to the answer or to $today), then the first day of the next 14 that is neither a
# weekend nor in $holidays. strict_due_on is the same without the suspension; extend_by is one month
# with it.


def _working_day_sql(day: str) -> str:
    """The first working day from the DATE expression `day` on (its own SQL: no value is pasted)."""
    return (f"list_filter(generate_series(CAST({day} AS TIMESTAMP), CAST({day} AS TIMESTAMP) + INTERVAL 14 DAY, "
            "INTERVAL 1 DAY), lambda d: isodow(d) <= 5 AND NOT list_contains($holidays, CAST(d AS DATE)))[1]::DATE")


_MONTHS_SQL = (f"CAST(received_on + CASE WHEN extended THEN INTERVAL {EXTENDED_MONTHS} MONTH "
               f"ELSE INTERVAL {RESPONSE_MONTHS} MONTH END AS DATE)")
_FIRST_MONTH_SQL = f"CAST(received_on + INTERVAL {RESPONSE_MONTHS} MONTH AS DATE)"
OPEN_REQUESTS_CTE = f"""
WITH open_then AS (
    SELECT id, customer_id, kind,
           CASE WHEN status IN ('received', 'in_progress') THEN status
                WHEN extended_on <= $today THEN 'in_progress' ELSE 'received' END AS status,
           received_on, coalesce(extended_on <= $today, false) AS extended,
           CAST(CASE WHEN asked_on IS NULL OR asked_on > $today OR date_diff('day', received_on, asked_on) > $ask_days
                     THEN 0
                     ELSE greatest(0, date_diff('day', asked_on,
                                                CASE WHEN answered_on <= $today THEN answered_on ELSE $today END))
                END AS INTEGER) AS suspended_days,
           coalesce(asked_on <= $today AND (answered_on IS NULL OR answered_on > $today), false) AS waiting,
           coalesce(asked_on <= $today AND date_diff('day', received_on, asked_on) > $ask_days, false) AS asked_late,
           duplicate_of
    FROM requests
    WHERE received_on <= $today
      AND (status IN ('received', 'in_progress') OR closed_on > $today)
), due AS (
    SELECT *, {_working_day_sql(_MONTHS_SQL + " + suspended_days")} AS due_on,
           {_working_day_sql(_MONTHS_SQL)} AS strict_due_on,
           {_working_day_sql(_FIRST_MONTH_SQL + " + suspended_days")} AS extend_by
    FROM open_then
), listed AS (
    SELECT id, customer_id, kind, status, due_on, date_diff('day', $today, due_on) AS days_left,
           strict_due_on, suspended_days, waiting, asked_late, extend_by, duplicate_of
    FROM due
)"""
# The filters the page and the Overview offer ($show): every open request, overdue, due within DUE_SOON_DAYS.
SHOW_FILTERS = ("all", "overdue", "due_soon")
SHOWN_SQL = "($show = 'all' OR ($show = 'overdue' AND days_left < 0) OR ($show = 'due_soon' AND days_left BETWEEN 0 AND $soon))"
OPEN_REQUESTS_SQL = OPEN_REQUESTS_CTE + "\nSELECT * FROM listed ORDER BY due_on, id"
OPEN_REQUESTS_PAGE_SQL = OPEN_REQUESTS_CTE + f"""
SELECT * FROM listed
WHERE {SHOWN_SQL} AND ($after_due IS NULL OR (due_on, id) > ($after_due, $after_id))
ORDER BY due_on, id
LIMIT $limit"""
OPEN_REQUEST_BY_ID_SQL = OPEN_REQUESTS_CTE + "\nSELECT * FROM listed WHERE id = $id"
OPEN_REQUEST_COUNTS_SQL = OPEN_REQUESTS_CTE + f"""
SELECT count(*), count(*) FILTER (WHERE days_left < 0), count(*) FILTER (WHERE days_left BETWEEN 0 AND $soon),
       count(*) FILTER (WHERE {SHOWN_SQL})
FROM listed"""
DAYS_LEFT_COUNTS_SQL = OPEN_REQUESTS_CTE + """
SELECT count(*) FILTER (WHERE ($low IS NULL OR days_left >= $low) AND ($high IS NULL OR days_left <= $high))
FROM listed"""
OLDEST_OPEN_SQL = """
SELECT min(received_on) FROM requests
WHERE received_on <= $today AND (status IN ('received', 'in_progress') OR closed_on > $today)"""


@dataclass(frozen=True)
class OpenRequest:
    """An open request as the `requests` command lists it (as_json is its contract shape)."""

    request_id: int
    customer_id: int | None
    kind: str
    status: str
    due_on: date  # with the days suspended while waiting for the person
    days_left: int
    overdue: bool
    strict_due_on: date  # without the suspension
    suspended_days: int
    waiting: bool  # asked, no answer yet: due_on moves a day with each day
    asked_late: bool  # asked later than request_ask_days after receipt: suspends nothing
    extend_by: date  # the last day an extension may be recorded
    duplicate_of: int | None  # the earliest open request of the same kind and person, else None

    @property
    def due_soon(self) -> bool:
        """Due within DUE_SOON_DAYS (today included), not yet overdue."""
        return 0 <= self.days_left <= DUE_SOON_DAYS

    def as_json(self) -> dict:
        row = asdict(self)
        for key in ("due_on", "strict_due_on", "extend_by"):
            row[key] = row[key].isoformat()
        return row


DUE_SOON_DAYS = 7  # "due within 7 days" on the Overview and the Requests page


def _params(conn, today: date) -> dict:
    """$today, $ask_days and the holidays the deadlines of the requests open on `today` can fall on
    (a wait moves a deadline at most as far past `today` as the request's months reach)."""
    oldest = conn.execute(OLDEST_OPEN_SQL, {"today": today}).fetchone()[0] or today
    return {"today": today, "ask_days": ask_days(conn),
            "holidays": holidays_between(oldest.year, max(oldest, today).year + 1)}


def _open_request(row) -> OpenRequest:
    request_id, customer_id, kind, status, due_on, days_left, *timing = row
    return OpenRequest(request_id, customer_id, kind, status, due_on, days_left, days_left < 0, *timing)


def open_requests(conn, today: date) -> list[OpenRequest]:
    """Every request open at the end of `today` (received or in progress then), sorted by due
    date, then id. For the real today that is every request open now; for a past day it is the
    list as it stood then (received since: not yet there; closed since: still open)."""
    return [_open_request(row) for row in conn.execute(OPEN_REQUESTS_SQL, _params(conn, today)).fetchall()]


def listed_request(conn, today: date, request_id: int) -> OpenRequest | None:
    """The request as the open list shows it on `today`, or None when it is not open then (a link
    to a request on a later page of the list, or hidden by its filter, opens it all the same)."""
    row = conn.execute(OPEN_REQUEST_BY_ID_SQL, _params(conn, today) | {"id": request_id}).fetchone()
    return _open_request(row) if row else None


def requests_by_days_left(conn, today: date, buckets) -> list[tuple[str, int]]:
    """(label, open requests whose days left lie in low..high) for each (label, low, high) of
    `buckets`; None for an open end."""
    params = _params(conn, today)
    return [(label, conn.execute(DAYS_LEFT_COUNTS_SQL, params | {"low": low, "high": high}).fetchone()[0])
            for label, low, high in buckets]


@dataclass(frozen=True)
class RequestCounts:
    total: int  # open on the day
    overdue: int
    due_soon: int
    shown: int  # those the chosen filter shows


def request_counts(conn, today: date, show: str = "all") -> RequestCounts:
    """How many requests are open on `today`, overdue, due within DUE_SOON_DAYS, and shown by `show`."""
    _check_show(show)
    params = _params(conn, today) | {"show": show, "soon": DUE_SOON_DAYS}
    return RequestCounts(*conn.execute(OPEN_REQUEST_COUNTS_SQL, params).fetchone())


def open_requests_page(conn, today: date, show: str = "all", after: tuple[date, int] | None = None,
                       limit: int = 50) -> tuple[list[OpenRequest], tuple[date, int] | None]:
    """One page of the open requests `show` picks ("all", "overdue", "due_soon"), in the order of
    `open_requests`, after the keyset cursor `after` (due date, id); and the next page's cursor
    (None on the last page)."""
    _check_show(show)
    after_due, after_id = after or (None, None)
    params = _params(conn, today) | {"show": show, "soon": DUE_SOON_DAYS, "after_due": after_due,
                                     "after_id": after_id, "limit": limit + 1}
    rows = [_open_request(row) for row in conn.execute(OPEN_REQUESTS_PAGE_SQL, params).fetchall()]
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, ((rows[-1].due_on, rows[-1].request_id) if more else None)


def _check_show(show: str) -> None:
    if show not in SHOW_FILTERS:
        raise BadInput(f"show must be one of {', '.join(SHOW_FILTERS)}", code="bad_choice", value=show)


# Requests closed in the $days days up to $today, newest first, with the names of their documents
# (the documents themselves are not kept), keyset-paged by (closed_on, id) descending.
CLOSED_REQUESTS_SQL = """
SELECT r.id, r.customer_id, r.kind, r.status, r.received_on, r.closed_on, r.closing_reason,
       coalesce(list(d.file_name ORDER BY d.file_name) FILTER (WHERE d.file_name IS NOT NULL), []) AS files
FROM requests r LEFT JOIN request_documents d ON d.request_id = r.id
WHERE r.status IN ('completed', 'refused', 'withdrawn') AND r.closed_on <= $today
  AND r.closed_on > $today - CAST($days AS INTEGER)
  AND ($after_closed IS NULL OR (r.closed_on, r.id) < ($after_closed, $after_id))
GROUP BY ALL
ORDER BY r.closed_on DESC, r.id DESC
LIMIT $limit"""
CLOSED_DAYS = 30  # the Requests page's "closed" view


@dataclass(frozen=True)
class ClosedRequest:
    request_id: int
    customer_id: int | None
    kind: str
    status: str
    received_on: date
    closed_on: date
    closing_reason: str | None
    files: tuple[str, ...]

    @property
    def closed_with(self) -> int | None:
        """The earlier request this one closed with (a duplicate erasure request), else None."""
        reason = self.closing_reason or ""
        return int(reason.rsplit(" ", 1)[1]) if reason.startswith("closed with request ") else None


def closed_requests_page(conn, today: date, after: tuple[date, int] | None = None, limit: int = 50,
                         days: int = CLOSED_DAYS) -> tuple[list[ClosedRequest], tuple[date, int] | None]:
    """One page of the requests closed in the `days` days up to `today`, newest first, and the next
    page's cursor (None on the last page)."""
    after_closed, after_id = after or (None, None)
    rows = conn.execute(CLOSED_REQUESTS_SQL, {"today": today, "days": days, "after_closed": after_closed,
                                              "after_id": after_id, "limit": limit + 1}).fetchall()
    page = [ClosedRequest(*row[:7], tuple(row[7])) for row in rows[:limit]]
    return page, ((page[-1].closed_on, page[-1].request_id) if len(rows) > limit else None)


# --- the lifecycle: record, match, verify, extend, close (one transaction each, audited) -----

REQUEST_SQL = """
SELECT id, customer_id, kind, received_on, channel, identity_verified_on, extended_on, status, closed_on, language,
       extension_reason, closing_reason, asked_on, asked_for, answered_on, duplicate_of, refusal_ground, approved_by
FROM requests WHERE id = ?"""
NEXT_REQUEST_ID_SQL = "SELECT coalesce(max(id), 0) + 1 FROM requests"
INSERT_REQUEST_SQL = """
INSERT INTO requests (id, customer_id, kind, received_on, channel, identity_verified_on, status, language, details)
VALUES (?, ?, ?, ?, ?, ?, 'received', ?, ?)"""
LANGUAGES = ("fi", "en")
CLOSING_STATUSES = ("completed", "refused", "withdrawn")


@dataclass(frozen=True)
class Request:
    request_id: int
    customer_id: int | None
    kind: str
    received_on: date
    channel: str | None
    identity_verified_on: date | None
    extended_on: date | None
    status: str
    closed_on: date | None
    language: str | None
    extension_reason: str | None
    closing_reason: str | None
    asked_on: date | None = None  # the controller asked the person for what it needs (once)
    asked_for: str | None = None  # 'identity' or 'clarification'
    answered_on: date | None = None  # the person's answer arrived
    duplicate_of: int | None = None  # the earliest open request of the same kind and person
    refusal_ground: str | None = None  # Art. 12(5): 'unfounded' or 'excessive'
    approved_by: str | None = None  # the second manager of an Art. 12(5) refusal

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def timing(self, today: date, ask_days: int = ASK_DAYS) -> Deadline:
        """The deadline as it stands on `today`, with the days spent waiting for the person
        (an extension or an ask recorded for a later day has not happened yet)."""
        extended = self.extended_on is not None and self.extended_on <= today
        return deadline(self.received_on, today, extended, self.asked_on, self.answered_on, ask_days)

    def deadline(self, today: date, ask_days: int = ASK_DAYS) -> tuple[date, int, bool]:
        """(due_on, days_left, overdue) as seen on `today`; due today is not overdue."""
        due_on = self.timing(today, ask_days).due_on
        days_left = (due_on - today).days
        return due_on, days_left, days_left < 0

    def missing(self) -> list[str]:
        """What the request still needs before it can be decided: 'person', 'identity'."""
        needs = []
        if self.customer_id is None:
            needs.append("person")
        if self.identity_verified_on is None and self.kind in ("access", "rectification", "erasure", "portability"):
            needs.append("identity")
        return needs


def get_request(conn, request_id: int) -> Request:
    row = conn.execute(REQUEST_SQL, [request_id]).fetchone()
    if row is None:
        raise NotFound(f"no request with id {request_id}", code="no_request", id=request_id)
    return Request(*row)


def _check_day(what: str, day: date | None, today: date, not_before: date | None = None) -> None:
    if day is None:
        return
    if day > today:
        raise BadInput(f"{what} {day.isoformat()} is in the future (today is {today.isoformat()})",
                       code="day_in_future", day=day)
    if not_before and day < not_before:
        raise BadInput(f"{what} {day.isoformat()} is before the request was received ({not_before.isoformat()})",
                       code="day_before_received", day=day, received=not_before)


def _check_person(conn, customer_id: int | None) -> None:
    if customer_id is None:
        return
    row = conn.execute("SELECT purged_on FROM customers WHERE id = ?", [customer_id]).fetchone()
    if row is None:
        raise NotFound(f"no person with id {customer_id} in the register", code="no_person", id=customer_id)


def record_request(conn, actor: Actor, today: date, kind: str, received_on: date, channel: str,
                   customer_id: int | None = None, verified_on: date | None = None, language: str = "fi",
                   details: str | None = None) -> Request:
    """Record a data-subject request as received. The deadline runs from `received_on` whether
    or not the person is matched yet."""
    require(actor, "record_request")
    if kind not in REQUEST_KINDS:
        raise BadInput(f"kind {kind!r} is not one of {', '.join(REQUEST_KINDS)}", code="bad_choice", value=kind)
    if channel not in CHANNELS:
        raise BadInput(f"channel {channel!r} is not one of {', '.join(CHANNELS)}", code="bad_choice", value=channel)
    if language not in LANGUAGES:
        raise BadInput(f"language {language!r} is not one of {', '.join(LANGUAGES)}", code="bad_language")
    _check_day("received on", received_on, today)
    _check_day("identity verified on", verified_on, today, received_on)
    with transaction(conn):
        _check_person(conn, customer_id)
        request_id = conn.execute(NEXT_REQUEST_ID_SQL).fetchone()[0]
        conn.execute(INSERT_REQUEST_SQL, [request_id, customer_id, kind, received_on, channel, verified_on,
                                          language, details or None])
        _link_duplicates(conn, kind, customer_id)
        first = get_request(conn, request_id).duplicate_of
        write_audit(conn, actor.name, "request_recorded", {"request_id": request_id, "kind": kind,
                                                           "customer_id": customer_id, "duplicate_of": first})
    return get_request(conn, request_id)


# The open requests of one kind from one person, earliest received first: the first is the one the
# others duplicate (REGISTER.md section 4, "Duplicates": received while it was open).
OPEN_GROUP_SQL = """
SELECT id, duplicate_of FROM requests
WHERE kind = ? AND customer_id = ? AND status IN ('received', 'in_progress')
ORDER BY received_on, id"""
SET_DUPLICATE_SQL = "UPDATE requests SET duplicate_of = ? WHERE id = ?"
DUPLICATES_SQL = """
SELECT id FROM requests WHERE duplicate_of = ? AND status IN ('received', 'in_progress') ORDER BY received_on, id"""


def _link_duplicates(conn, kind: str, customer_id: int | None) -> None:
    """Inside the caller's transaction: of the person's open requests of this kind, the earliest
    received is nobody's duplicate and every other one is its duplicate. Run when a request is
    recorded or matched (one recorded later may have been received earlier: a letter typed in
    after an e-mail) and when one closes on its own (a withdrawal leaves the next earliest)."""
    if customer_id is None:
        return
    group = conn.execute(OPEN_GROUP_SQL, [kind, customer_id]).fetchall()
    if not group:
        return
    first = group[0][0]
    for request_id, duplicate_of in group:
        wanted = None if request_id == first else first
        if duplicate_of != wanted:
            conn.execute(SET_DUPLICATE_SQL, [wanted, request_id])


def duplicates_of(conn, request_id: int) -> list[Request]:
    """The open duplicates of a request, in order of receipt: closed with it, by its letter."""
    return [get_request(conn, rid) for (rid,) in conn.execute(DUPLICATES_SQL, [request_id]).fetchall()]


CLOSE_SQL = "UPDATE requests SET status = ?, closed_on = ?, closing_reason = ? WHERE id = ?"


def open_request(conn, request_id: int) -> Request:
    """The request, refused (RefusedByRule) when it is already closed."""
    request = get_request(conn, request_id)
    if not request.is_open:
        raise RefusedByRule(f"request {request_id} is closed ({request.status} on {request.closed_on}); "
                            "nothing changed", code="request_closed", id=request_id)
    return request


def match_request(conn, actor: Actor, request_id: int, customer_id: int) -> Request:
    """Link a request recorded without a person to the person it concerns."""
    require(actor, "record_request")
    with transaction(conn):
        open_request(conn, request_id)
        _check_person(conn, customer_id)
        conn.execute("UPDATE requests SET customer_id = ? WHERE id = ?", [customer_id, request_id])
        _link_duplicates(conn, get_request(conn, request_id).kind, customer_id)
        first = get_request(conn, request_id).duplicate_of
        write_audit(conn, actor.name, "request_matched", {"request_id": request_id, "customer_id": customer_id,
                                                          "duplicate_of": first})
    return get_request(conn, request_id)


def verify_identity(conn, actor: Actor, request_id: int, verified_on: date, today: date) -> Request:
    """Record that the requester's identity was verified (signed letter or identifiable e-mail)."""
    require(actor, "record_request")
    with transaction(conn):
        request = open_request(conn, request_id)
        _check_day("identity verified on", verified_on, today, request.received_on)
        if request.identity_verified_on == verified_on:
            return request  # a repeated click records nothing twice
        conn.execute("UPDATE requests SET identity_verified_on = ? WHERE id = ?", [verified_on, request_id])
        write_audit(conn, actor.name, "identity_verified", {"request_id": request_id})
    return get_request(conn, request_id)


def extend_request(conn, actor: Actor, request_id: int, reason: str, today: date, also=None) -> Request:
    """Extend the deadline once, to three months from receipt (Art. 12(3)), with a reason. Refused
    for a closed request, one already extended, or after the first deadline has passed. `also(conn,
    extended_request)` runs inside the same transaction (the letter telling the person) and returns
    details for the audit entry."""
    require(actor, "decide_request")
    reason = (reason or "").strip()
    if not reason:
        raise BadInput("an extension needs a reason (Art. 12(3) requires telling the person why)",
                       code="extension_reason_needed")
    with transaction(conn):
        request = open_request(conn, request_id)
        if request.extended_on is not None:
            raise RefusedByRule(f"request {request_id} was already extended on {request.extended_on}; "
                                "a request can be extended only once", code="already_extended", id=request_id,
                                day=request.extended_on)
        extend_by = request.timing(today, ask_days(conn)).extend_by
        if today > extend_by:
            raise RefusedByRule(f"request {request_id} could be extended until {extend_by.isoformat()} (one month "
                                "from receipt, plus the days spent waiting for the person): an extension must be "
                                "notified within the first month (Art. 12(3)); nothing changed",
                                code="extension_too_late", id=request_id, day=extend_by)
        conn.execute("UPDATE requests SET extended_on = ?, extension_reason = ?, status = 'in_progress' "
                     "WHERE id = ?", [today, reason, request_id])
        extended = get_request(conn, request_id)
        details = also(conn, extended) if also else {}
        write_audit(conn, actor.name, "request_extended", {"request_id": request_id, **details})
    return extended


def close_request(conn, actor: Actor, request_id: int, status: str, today: date, reason: str | None = None) -> Request:
    """Close a request without documents: only as withdrawn by the person. A request is completed
    by carrying it out (registry/requests/rights.py, with its letter) and refused with a letter of reasons,
    never by a status alone (REGISTER.md section 4, "nothing is completed without its outcome")."""
    require(actor, "decide_request")
    if status not in CLOSING_STATUSES:
        raise BadInput(f"status {status!r} is not one of {', '.join(CLOSING_STATUSES)}", code="bad_choice",
                       value=status)
    if status != "withdrawn":
        raise RefusedByRule(f"request {request_id} is {status} only with its letter: carry it out or refuse it "
                            "with reasons; nothing changed", code="close_needs_letter", id=request_id)
    reason = (reason or "").strip() or None
    with transaction(conn):
        request = open_request(conn, request_id)
        conn.execute(CLOSE_SQL, [status, today, reason, request_id])
        _link_duplicates(conn, request.kind, request.customer_id)
        write_audit(conn, actor.name, "request_closed", {"request_id": request_id, "status": status})
    return get_request(conn, request_id)


def start_request(conn, actor: Actor, request_id: int) -> Request:
    """Mark a received request as being worked on (idempotent)."""
    require(actor, "record_request")
    with transaction(conn):
        request = open_request(conn, request_id)
        if request.status == "in_progress":
            return request
        conn.execute("UPDATE requests SET status = 'in_progress' WHERE id = ?", [request_id])
        write_audit(conn, actor.name, "request_started", {"request_id": request_id})
    return get_request(conn, request_id)


# --- waiting for the person: one ask, one answer (REGISTER.md section 4) ----------------------

ASK_PURPOSES = ("identity", "clarification")


def ask_person(conn, actor: Actor, request_id: int, asked_for: str, asked_on: date, today: date,
               also=None) -> Request:
    """Record that the controller asked the person for what it needs to identify them or to
    understand the request, on `asked_on`: from that day the deadline stands still until the
    answer arrives, when the ask was made within request_ask_days of receipt (later: recorded,
    suspends nothing). One ask per request. `also(conn, asked_request)` runs in the same transaction
    (the letter asking) and returns details for the audit entry."""
    require(actor, "record_request")
    if asked_for not in ASK_PURPOSES:
        raise BadInput(f"--for must be one of {', '.join(ASK_PURPOSES)}", code="bad_choice", value=asked_for)
    with transaction(conn):
        request = open_request(conn, request_id)
        _check_day("asked on", asked_on, today, request.received_on)
        if request.asked_on is not None:
            raise BadInput(f"request {request_id} already has its ask ({request.asked_for}, on "
                           f"{request.asked_on.isoformat()}); a request is asked once; nothing changed",
                           code="already_asked", id=request_id, day=request.asked_on)
        conn.execute("UPDATE requests SET asked_on = ?, asked_for = ? WHERE id = ?", [asked_on, asked_for, request_id])
        asked = get_request(conn, request_id)
        details = also(conn, asked) if also else {}
        write_audit(conn, actor.name, "request_asked", {"request_id": request_id, "asked_for": asked_for,
                                                        "late": asked.timing(today, ask_days(conn)).asked_late,
                                                        **details})
    return asked


def record_answer(conn, actor: Actor, request_id: int, answered_on: date, today: date) -> Request:
    """Record the day the person's answer to the ask arrived: the deadline runs again from it."""
    require(actor, "record_request")
    with transaction(conn):
        request = open_request(conn, request_id)
        if request.asked_on is None:
            raise BadInput(f"request {request_id} has no ask to answer: record the ask first (request ask); "
                           "nothing changed", code="no_ask", id=request_id)
        if request.answered_on is not None:
            raise BadInput(f"request {request_id} was answered on {request.answered_on.isoformat()} already; "
                           "nothing changed", code="already_answered", id=request_id, day=request.answered_on)
        _check_day("answered on", answered_on, today, request.received_on)
        if answered_on < request.asked_on:
            raise BadInput(f"answered on {answered_on.isoformat()} is before the ask ({request.asked_on.isoformat()})",
                           code="answer_before_ask", day=answered_on, asked=request.asked_on)
        conn.execute("UPDATE requests SET answered_on = ? WHERE id = ?", [answered_on, request_id])
        write_audit(conn, actor.name, "request_answered", {"request_id": request_id})
    return get_request(conn, request_id)
