"""Finding a person and reading their full record (REGISTER.md sections 1 and 6).

Search is paginated in SQL by keyset (`id > after_id ORDER BY id LIMIT n + 1`). Every opening
of a full record is written to the audit trail (the id, never the values).
"""

from __future__ import annotations

import re

from dataclasses import dataclass, field
from datetime import date

from .access import Actor, require
from .audit import write_audit
from .clock import finnish_time
from .store.db import transaction
from .errors import NotFound
from .retention.due import blocker_details, due_persons

SEARCH_COLUMNS = """c.id, c.first_name, c.last_name, c.email, c.phone, o.name AS organisation,
       c.customer_since, c.customer_until, c.restricted_on, c.marketing_objection_on, c.purged_on"""

# $q: lower-cased search text or NULL; $id: the text as an id or NULL; $phone: the text as a phone
# number in international form (then only phone and id are searched), or NULL; $one_word: the
# text has no space (then first and last name are tested apart, which is cheaper than joined);
# $after: keyset; $limit: page size + 1. contains() takes the text literally: '_' and '%' are
# no wildcards. Restricted persons are found only by id (Art. 18).
SEARCH_SQL = f"""
SELECT {SEARCH_COLUMNS}
FROM customers c LEFT JOIN organisations o ON o.id = c.organisation_id
WHERE c.id > $after
  AND ($q IS NULL
       OR c.id = $id
       OR c.restricted_on IS NULL AND (
              $phone IS NOT NULL AND contains(replace(c.phone, ' ', ''), $phone)
           OR $phone IS NULL AND (
                  $one_word AND (contains(lower(c.first_name), $q) OR contains(lower(c.last_name), $q))
               OR NOT $one_word AND (contains(lower(concat_ws(' ', c.first_name, c.last_name)), $q)
                                     OR contains(lower(concat_ws(' ', c.last_name, c.first_name)), $q))
               OR contains(lower(c.email), $q)
               OR contains(lower(o.name), $q))))
ORDER BY c.id
LIMIT $limit"""  # SEARCH_COLUMNS is a fixed constant above

PERSON_SQL = """
SELECT c.*, o.name AS organisation_name, o.business_id, o.customer_until AS organisation_until
FROM customers c LEFT JOIN organisations o ON o.id = c.organisation_id WHERE c.id = ?"""

RELATED_SQL = {
    "orders": "SELECT id, ordered_on, product, amount_eur FROM orders WHERE customer_id = ? ORDER BY ordered_on DESC, id",
    "invoices": """SELECT id, order_id, issued_on, due_on, amount_eur, paid_on, credited_on FROM invoices
                   WHERE customer_id = ? ORDER BY issued_on DESC, id""",
    "collection_cases": """SELECT id, opened_on, closed_on, agency FROM collection_cases
                           WHERE customer_id = ? ORDER BY opened_on DESC, id""",
    "legal_holds": "SELECT id, reason, placed_on, lifted_on FROM legal_holds WHERE customer_id = ? ORDER BY placed_on DESC",
    "requests": """SELECT id, kind, received_on, channel, identity_verified_on, extended_on, status, closed_on, language
                   FROM requests WHERE customer_id = ? ORDER BY received_on DESC, id""",
    "disclosures": """SELECT id, disclosed_on, recipient, purpose, outside_eu FROM disclosures
                      WHERE customer_id = ? ORDER BY disclosed_on DESC, id""",
    "notes": "SELECT written_at, author, body FROM customer_notes WHERE customer_id = ? ORDER BY written_at DESC",
    "data_sources": """SELECT source, first_on AS first_at, last_on AS last_at
                       FROM person_sources WHERE customer_id = ? ORDER BY source""",
    "field_changes": """SELECT field, source, changed_on FROM field_changes WHERE customer_id = ?
                        ORDER BY changed_on DESC, field""",
}


@dataclass(frozen=True)
class CustomerRow:
    customer_id: int
    first_name: str | None
    last_name: str | None
    email: str | None
    phone: str | None
    organisation: str | None
    customer_since: date
    customer_until: date | None
    restricted_on: date | None
    marketing_objection_on: date | None
    purged_on: object

    @property
    def status(self) -> str:
        if self.purged_on is not None:
            return "purged"
        if self.restricted_on is not None:
            return "restricted"
        return "active" if self.customer_until is None else "ended"


@dataclass(frozen=True)
class SearchPage:
    rows: tuple[CustomerRow, ...]
    next_after: int | None  # pass as after_id for the next page; None when this is the last


@dataclass(frozen=True)
class CustomerRecord:
    person: dict
    related: dict = field(default_factory=dict)  # name -> list of dicts
    due: object = None  # DuePerson when due on `today`
    blockers: tuple = ()  # BlockerDetail, whether or not due

    @property
    def open_holds(self) -> list[dict]:
        """The legal holds placed on the person and not lifted: what blocks a purge as `legal_hold`."""
        return [hold for hold in self.related.get("legal_holds", []) if hold["lifted_on"] is None]


PHONE_MIN_DIGITS = 5


def phone_pattern(text: str | None) -> str | None:
    """'040 123' -> '+35840123': a Finnish national number as stored (international, no spaces);
    None unless the text looks like a phone number of at least five digits."""
    if not text:
        return None
    compact = re.sub(r"[\s()-]", "", text)
    if not re.fullmatch(r"\+?\d+", compact) or len(compact.lstrip("+")) < PHONE_MIN_DIGITS:
        return None
    return "+358" + compact[1:] if compact.startswith("0") else compact


def search_customers(conn, actor: Actor, query: str | None, after_id: int = 0, limit: int = 25) -> SearchPage:
    """Persons whose name, e-mail, phone or organisation contains `query`, or whose id it is."""
    require(actor, "view_personal_data")
    text = (query or "").strip().lower() or None
    as_id = int(text) if text and text.isdigit() and len(text) < 19 else None
    params = {"q": text, "id": as_id, "phone": phone_pattern(text), "one_word": " " not in (text or ""),
              "after": after_id, "limit": limit + 1}
    rows = conn.execute(SEARCH_SQL, params).fetchall()
    page = tuple(_masked(CustomerRow(*row)) for row in rows[:limit])
    return SearchPage(page, page[-1].customer_id if len(rows) > limit else None)


def _masked(row: CustomerRow) -> CustomerRow:
    """A restricted person appears in search only as an id with the restricted marker (Art. 18):
    found by id, never by name, e-mail or phone."""
    if row.restricted_on is None:
        return row
    return CustomerRow(row.customer_id, None, None, None, None, None, row.customer_since, row.customer_until,
                       row.restricted_on, row.marketing_objection_on, row.purged_on)


NAMES_SQL = """
SELECT id, concat_ws(' ', first_name, last_name), restricted_on IS NOT NULL, purged_on
FROM customers WHERE id IN (SELECT unnest(?::BIGINT[]))"""


@dataclass(frozen=True)
class PersonName:
    name: str | None  # None for a restricted (withheld, Art. 18) or an erased person
    restricted: bool
    purged: bool
    erased_on: date | None = None  # the day in Finland the person's data was erased


def person_names(conn, actor: Actor, ids) -> dict[int, PersonName]:
    """The names behind these ids, for lists that would otherwise show bare ids; a restricted
    person's name is withheld, as in search (Art. 18)."""
    require(actor, "view_personal_data")
    ids = sorted({i for i in ids if i is not None})
    if not ids:
        return {}
    rows = conn.execute(NAMES_SQL, [ids]).fetchall()
    return {cid: PersonName(None if restricted or purged_on else (name or None), restricted, purged_on is not None,
                            finnish_time(purged_on).date() if purged_on else None)
            for cid, name, restricted, purged_on in rows}


def lift_restriction(conn, actor: Actor, customer_id: int) -> None:
    """End a restriction of processing (recorded in the audit trail)."""
    require(actor, "decide_request")
    with transaction(conn):
        row = conn.execute("SELECT restricted_on FROM customers WHERE id = ?", [customer_id]).fetchone()
        if row is None:
            raise NotFound(f"no person with id {customer_id} in the register", code="no_person", id=customer_id)
        if row[0] is None:
            return
        conn.execute("UPDATE customers SET restricted_on = NULL WHERE id = ?", [customer_id])
        write_audit(conn, actor.name, "restriction_lifted", {"customer_id": customer_id})


def _dicts(cursor) -> list[dict]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def customer_record(conn, actor: Actor, customer_id: int, today: date, audit: bool = True) -> CustomerRecord:
    """A person's full record; the opening is audited (one transaction with the read). A page
    redrawing a record it has already opened passes audit=False."""
    require(actor, "view_personal_data")
    with transaction(conn):
        person, related = person_data(conn, customer_id)
        due = due_persons(conn, today, ids=[customer_id])
        blockers = tuple(blocker_details(conn, today, [customer_id]))
        if audit:
            write_audit(conn, actor.name, "view_record", {"customer_id": customer_id})
    return CustomerRecord(person, related, due[0] if due else None, blockers)


def person_data(conn, customer_id: int) -> tuple[dict, dict]:
    """Everything held about a person: their row (with organisation) and the related lists.
    No role check and no audit: callers (record view, access and portability) do both."""
    people = _dicts(conn.execute(PERSON_SQL, [customer_id]))
    if not people:
        raise NotFound(f"no person with id {customer_id} in the register", code="no_person", id=customer_id)
    return people[0], {name: _dicts(conn.execute(sql, [customer_id])) for name, sql in RELATED_SQL.items()}
