"""Imports from the register's four sources (REGISTER.md section 9; the notice's
"Säännönmukaiset tietolähteet"): a file's rows matched to persons, validated and applied in bulk.

The file is read as text (registry/intake/files.py) into a temporary DuckDB table; each checked
column's distinct values go once through their validator (registry/validation.py); matching,
the reasons for rejecting a row, what changes and whom to notify (Art. 19) are SQL over the
whole file. Applying is one transaction with its audit entry (ids, counts and field names, never
a value). No raw row is kept: what stays is each person's sources and the day each field last
changed (`person_sources`, `field_changes`)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pyarrow as pa

from .. import spreadsheet, validation
from ..access import Actor, require
from ..audit import write_audit
from ..errors import BadInput
from ..spreadsheet import unneutralise
from ..store.db import transaction
from . import headers as import_headers
from .files import RawTable, read_table
from .headers import COLUMNS

SOURCES = ("registration", "customer_notice", "update_service", "subcontractor")

# The columns of `customers` an import may set (business_id sets organisation_id).
UPDATABLE = ("first_name", "last_name", "email", "phone", "website", "ip_address", "business_id",
             "is_contact_person", "postal_street", "postal_postcode", "postal_city", "postal_country",
             "billing_street", "billing_postcode", "billing_city", "billing_country", "language",
             "customer_since", "customer_until")
# An address-update service changes names, addresses and phone only.
UPDATE_SERVICE_FIELDS = frozenset({"first_name", "last_name", "full_name", "phone", "postal_street", "postal_postcode",
                                   "postal_city", "postal_country", "billing_street", "billing_postcode",
                                   "billing_city", "billing_country"})
REASONS = ("invalid_email", "invalid_phone", "invalid_postcode", "invalid_business_id", "unknown_organisation",
           "invalid_date", "invalid_value", "missing_field", "duplicate_in_file", "unknown_person",
           "ambiguous_person", "erased_person", "restricted_person")
_VALIDATORS: dict[str, tuple[Callable[[str], object], str]] = {  # column: (validator, reason when it fails)
    "email": (validation.email, "invalid_email"),
    "phone": (validation.phone, "invalid_phone"),
    "business_id": (validation.business_id, "invalid_business_id"),
    "postal_country": (validation.country, "invalid_value"),
    "billing_country": (validation.country, "invalid_value"),
    "language": (validation.language, "invalid_value"),
    "is_contact_person": (validation.yes_no, "invalid_value"),
    "customer_since": (validation.day, "invalid_date"),
    "customer_until": (validation.day, "invalid_date"),
}
_MESSAGES = {
    "invalid_email": "not an e-mail address",
    "invalid_phone": "not a phone number",
    "invalid_postcode": "a Finnish postcode has five digits",
    "invalid_business_id": "not a Y-tunnus (its check digit does not match)",
    "unknown_organisation": "no organisation in the register has this Y-tunnus",
    "invalid_date": "not a date: give it as 2026-11-24 or 24.11.2026, a time of day may follow (2026-11-24 08:15); "
                    "a slashed date (6/25/2025) only where a day over 12 in the column shows which is the day; "
                    "or the relationship ends before it began",
    "invalid_value": "not one of the values this column takes",
    "missing_field": "a new person needs a first or last name and an e-mail address",
    "duplicate_in_file": "the file names this person on more than one row",
    "unknown_person": "no such person in the register (this source only updates known persons)",
    "ambiguous_person": "more than one person has this e-mail address: give the customer_id",
    "erased_person": "this person's data has been erased",
    "restricted_person": "this person's data is restricted: it may not be processed",
}
# Where the column says more than the reason: the form it expects.
_COUNTRY_MESSAGE = "not a country: give it as a code (FI, FIN) or a name in Finnish, Swedish or English (Suomi, Finland)"
_COLUMN_MESSAGES = {
    "postal_country": _COUNTRY_MESSAGE,
    "billing_country": _COUNTRY_MESSAGE,
    "language": "not a language the register writes in: give fi (suomi) or en (English)",
    "is_contact_person": "not a yes or no: give kyllä/ei, yes/no, true/false or 1/0",
}


NOTES = {  # read, not rejected: what the report says of a row that came in otherwise than written
    "address_not_split": "the address does not read as 'street, postcode city[, country]': stored whole as the street",
    "organisation_not_found": "no organisation in the register has this name: the person comes in without one",
    "organisation_ambiguous": "more than one organisation in the register has this name: "
                              "the person comes in without one (give the Y-tunnus)",
}

def header_words_only_name(header: str) -> bool:
    """"Name" or "Nimi" alone (not "Full Name", "Koko nimi"): beside a last name, the first name."""
    return import_headers.header_key(header) in ("name", "nimi")


OUR_ID_HEADERS = frozenset({"customer_id", "asiakasnumero"})  # another program's "Customer ID" is not ours


@dataclass(frozen=True)
class ColumnMap:
    """How each header of the file was understood: its column, or None (ignored); for a candidate
    left out by the rule of registry/intake/headers.py, the header chosen instead."""
    headers: tuple[str, ...]
    columns: tuple[str | None, ...]
    instead: tuple[tuple[str, str], ...] = ()  # (header left out, header chosen for its column)

    @property
    def used(self) -> dict[str, int]:
        return {c: i for i, c in enumerate(self.columns) if c is not None}

    @property
    def ignored(self) -> list[str]:
        return [h for h, c in zip(self.headers, self.columns, strict=True) if c is None]

    @property
    def understood(self) -> dict[str, str]:
        """`--json`'s "columns": each header used, and the register's column it fills."""
        return {h: c for h, c in zip(self.headers, self.columns, strict=True) if c is not None}


def map_columns(headers: list[str], source: str, overrides: dict[str, str | None] | None = None) -> ColumnMap:
    """Each header's column: recognised from the headers of real tools (registry/intake/headers.py,
    choosing among candidates by its rule), or named by an override (None ignores it). The
    register's id only from a header exactly customer_id or asiakasnumero. Two columns of the same
    standing for one field are bad input. Columns the source may not change are ignored, except
    those that name the person (customer_id, email)."""
    overrides = overrides or {}
    raw_twice = sorted({h for h in headers if h and headers.count(h) > 1})
    if raw_twice:
        raise BadInput(f"the header {raw_twice[0]!r} is repeated: give each column its own header",
                       code="import_duplicate_header", columns=raw_twice[0])
    aliases = []
    for header in headers:
        alias = None if header in overrides else import_headers.recognise(header)
        if alias is not None and alias.column == "customer_id" and header.strip().lower() not in OUR_ID_HEADERS:
            alias = None
        if alias is not None and source == "update_service" and \
                alias.column not in UPDATE_SERVICE_FIELDS | {"customer_id", "email"}:
            alias = None
        aliases.append(alias)
    columns, instead = import_headers.choose(aliases)
    for i, header in enumerate(headers):
        if header in overrides:
            column = overrides[header]
            if column is not None and column not in COLUMNS:
                raise BadInput(f"{column!r} is not a column an import takes", code="import_bad_mapping", column=column)
            if source == "update_service" and column not in UPDATE_SERVICE_FIELDS | {"customer_id", "email"}:
                column = None
            columns[i] = column
            instead.pop(i, None)
    # A full name only where the file has neither a first nor a last name column; beside a last name
    # and no first name ("Name", "Last name": MailerLite) it is the first name.
    names = [i for i, c in enumerate(columns) if c in ("first_name", "last_name")]
    for i, column in enumerate(columns):
        if column == "full_name" and names:
            if [columns[j] for j in names] == ["last_name"] and header_words_only_name(headers[i]):
                columns[i] = "first_name"
            else:
                columns[i], instead[i] = None, names[0]
    named = [c for c in columns if c is not None]
    if twice := sorted({c for c in named if named.count(c) > 1}):
        raise BadInput(f"more than one column of the file is {', '.join(twice)}: keep one", code="import_duplicate_header",
                       columns=", ".join(twice))
    return ColumnMap(tuple(headers), tuple(columns),
                     tuple((headers[i], headers[j]) for i, j in sorted(instead.items()) if columns[i] is None))


def reason_message(reason: str, column: str | None) -> str:
    """The sentence for a reason, with the form expected where its column says more."""
    return _COLUMN_MESSAGES.get(column, _MESSAGES[reason]) if reason == "invalid_value" else _MESSAGES[reason]


@dataclass(frozen=True)
class Rejection:
    row: int  # the file's row number; the header is row 1
    reason: str  # the first reason (section 9's one code a row); `also` holds the row's other wrong values
    column: str | None
    values: tuple[tuple[str, str], ...] = ()  # (header, cell) of the row as read, to fix it by
    also: tuple[tuple[str, str], ...] = ()  # (reason, column) of every other wrong value of the row

    @property
    def message(self) -> str:
        """Every wrong value of the row, so that one correction round is enough."""
        return "; ".join(reason_message(r, c) for r, c in ((self.reason, self.column), *self.also))

    def as_json(self) -> dict:
        return {"row": self.row, "reason": self.reason, "column": self.column, "message": self.message,
                "values": dict(self.values)}


@dataclass(frozen=True)
class Note:
    """A row taken in, but not quite as written (NOTES): an address stored whole, a company name
    that names no single organisation. `value` is what was not used (the name), or None."""
    row: int
    note: str
    column: str
    value: str | None = None

    def as_json(self) -> dict:
        return {"row": self.row, "note": self.note, "column": self.column, "value": self.value,
                "message": NOTES[self.note]}


@dataclass(frozen=True)
class Notify:
    customer_id: int
    recipient: str
    fields: tuple[str, ...]

    def as_json(self) -> dict:
        return {"customer_id": self.customer_id, "recipient": self.recipient, "fields": list(self.fields)}


@dataclass(frozen=True)
class ImportResult:
    source: str
    dry_run: bool
    applied: bool  # something may have changed: neither a dry run nor refused
    refused: bool  # all or nothing: rejected rows and no skip_invalid (exit 1, nothing changed)
    rows: int
    created: int
    updated: int
    unchanged: int
    rejected: tuple[Rejection, ...]
    ignored_columns: tuple[str, ...]
    notify: tuple[Notify, ...]
    created_ids: tuple[int, ...] = ()
    updated_ids: tuple[int, ...] = ()
    audit_seq: int | None = None
    duplicate_rows: tuple[tuple[int, int], ...] = ()  # (row, same_as): a copy of an earlier row, imported once
    columns: tuple[tuple[str, str], ...] = ()  # (header, column) of each header used
    notes: tuple[Note, ...] = ()

    def as_json(self) -> dict:
        return {"source": self.source, "dry_run": self.dry_run, "rows": self.rows, "created": self.created,
                "updated": self.updated, "unchanged": self.unchanged,
                "rejected": [r.as_json() for r in self.rejected],
                "duplicate_rows": [{"row": row, "same_as": same_as} for row, same_as in self.duplicate_rows],
                "notes": [n.as_json() for n in self.notes],
                "columns": dict(self.columns), "ignored_columns": list(self.ignored_columns),
                "notify": [n.as_json() for n in self.notify]}


def import_file(conn, actor: Actor, today: date, source: str, path: Path | str, *, dry_run: bool = False,
                skip_invalid: bool = False, name: str | None = None,
                overrides: dict[str, str | None] | None = None, on_progress=None) -> ImportResult:
    """Read `path` and import it (section 9). Rejected rows change nothing unless `skip_invalid`;
    `dry_run` changes nothing and reports the same."""
    require(actor, "import_data")
    if source not in SOURCES:
        raise BadInput(f"unknown source {source!r}: use one of {', '.join(SOURCES)}", code="bad_choice", value=source)
    table = read_table(path, name)
    return import_table(conn, actor, today, source, table, dry_run=dry_run, skip_invalid=skip_invalid,
                        overrides=overrides, on_progress=on_progress)


def import_table(conn, actor: Actor, today: date, source: str, table: RawTable, *, dry_run: bool = False,
                 skip_invalid: bool = False, overrides: dict[str, str | None] | None = None,
                 on_progress: Callable[[int, int], None] | None = None) -> ImportResult:
    """Import the rows of a file already read (the page reads it once and shows it first).
    `on_progress(done, total)` is called after each of its four steps."""
    require(actor, "import_data")
    progress = on_progress or (lambda done, total: None)
    if source not in SOURCES:
        raise BadInput(f"unknown source {source!r}: use one of {', '.join(SOURCES)}", code="bad_choice", value=source)
    mapping = map_columns(table.headers, source, overrides)
    used = mapping.used
    if not ({"customer_id", "email"} & used.keys()):
        raise BadInput("the file has neither a customer_id (asiakasnumero) nor an e-mail (sähköposti) column: "
                       "rows cannot name their person", code="import_no_key")
    try:
        present = _load(conn, table, used)
        progress(1, 4)
        _plan(conn, source, today, present)
        progress(2, 4)
        rejected = _rejections(conn, table)
        notes = _notes(conn)
        duplicates = tuple(conn.execute("SELECT row_no, same_as FROM imp_dup ORDER BY row_no").fetchall())
        refuse = bool(rejected) and not skip_invalid
        counts = conn.execute(COUNTS_SQL).fetchone()
        notify = _notify(conn)
        created_ids, updated_ids, seq = (), (), None
        progress(3, 4)
        if not dry_run and not refuse:
            with transaction(conn):
                created_ids, updated_ids = _apply(conn, source, today)
                entry = write_audit(conn, actor.name, "import", {
                    "source": source, "rows": len(table.rows), "created": counts[0], "updated": counts[1],
                    "unchanged": counts[2], "rejected": len(rejected), "fields": sorted(used),
                    "created_ids": list(created_ids), "updated_ids": list(updated_ids),
                    "rejected_rows": [r.row for r in rejected], "duplicate_rows": [r for r, _ in duplicates],
                    "noted_rows": sorted({n.row for n in notes})})
                seq = entry.seq
    finally:
        conn.execute(DROP_SQL)
    progress(4, 4)
    return ImportResult(source, dry_run, not dry_run and not refuse, refuse, len(table.rows), *counts, tuple(rejected),
                        tuple(mapping.ignored), tuple(notify), created_ids, updated_ids, seq, duplicates,
                        tuple(mapping.understood.items()), tuple(notes))


def rejected_rows_file(headers: list[str], rejected: tuple[Rejection, ...], labels: tuple[str, str],
                       reason_text: Callable[[Rejection], str], dialect: str = "standard") -> bytes:
    """The rejected rows to correct and import again as they are: the row number and why (columns
    headed by `labels`, which an import ignores and lists), then the file's own columns with the
    values as read. In the session's dialect (registry/spreadsheet.py), every cell formula-safe."""
    named = [h for h in headers if h]
    body = [[str(r.row), reason_text(r), *(dict(r.values).get(h, "") for h in named)] for r in rejected]
    return spreadsheet.csv_bytes([[*labels, *named], *body], dialect)


# --- loading and validating -------------------------------------------------------------------

# Identifiers only, from this module's fixed lists (COLUMNS, the temporary tables' own names), never
# from the file: its headers are matched to COLUMNS, its values go in as data.
DISTINCT_SQL = "SELECT DISTINCT {column} FROM imp WHERE {column} IS NOT NULL"
DUPLICATE_ROWS_SQL = """CREATE OR REPLACE TEMP TABLE imp_dup AS
SELECT row_no, same_as FROM (SELECT row_no, min(row_no) OVER (PARTITION BY {columns}) AS same_as FROM imp)
WHERE row_no <> same_as"""
TEMP_TABLE_SQL = "CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM arrow_source"


def _load(conn, table: RawTable, used: dict[str, int]) -> frozenset[str]:
    """imp: row number and each used column, trimmed, '' as NULL (our own neutraliser taken off:
    a rejected-rows file comes back as it went out); a full name split into first and last name,
    an address in one column into its parts (section 9); norm_<column>: each distinct value of a
    checked column beside its normal form (NULL when it is not valid). imp_notes: the rows read
    otherwise than written. Returns the columns imp holds."""
    arrays = {"row_no": pa.array(table.numbers, pa.int32())}
    for column, index in used.items():
        arrays[column] = [_cell(row[index]) for row in table.rows]
    notes: list[tuple[int, str, str]] = []
    if "full_name" in arrays:  # map_columns keeps it only where there is no first or last name column
        split = [_split_name(name) for name in arrays["full_name"]]
        arrays["first_name"], arrays["last_name"] = [f for f, _ in split], [last for _, last in split]
    for street, postcode, city, country in import_headers.ADDRESS_COLUMNS.values():
        if street in arrays and postcode not in arrays and city not in arrays:  # an address in one column
            parts = {value: _split_address(value) for value in set(arrays[street]) if value is not None}
            whole = arrays[street]
            arrays[street] = [None if v is None else parts[v][0] for v in whole]
            arrays[postcode] = [None if v is None else parts[v][1] for v in whole]
            arrays[city] = [None if v is None else parts[v][2] for v in whole]
            if country not in arrays:
                arrays[country] = [None if v is None else parts[v][3] for v in whole]
            notes += [(n, "address_not_split", street) for n, v in zip(table.numbers, whole, strict=True)
                      if v is not None and parts[v][1] is None]
    _temp_table(conn, "imp", pa.table({k: v if k == "row_no" else pa.array(v, pa.string()) for k, v in arrays.items()}))
    _temp_table(conn, "imp_notes", pa.table({"row_no": pa.array([n for n, _, _ in notes], pa.int32()),
                                             "note": pa.array([k for _, k, _ in notes], pa.string()),
                                             "note_column": pa.array([c for _, _, c in notes], pa.string())}))
    # Identical rows are one row (section 9): a later copy of a row is set aside as duplicate_row.
    # Column names come from COLUMNS via `used` (a fixed list), never from the file.
    conn.execute(DUPLICATE_ROWS_SQL.format(columns=", ".join(used)))
    conn.execute("DELETE FROM imp WHERE row_no IN (SELECT row_no FROM imp_dup)")
    for column in arrays:
        if column not in _VALIDATORS:
            continue
        check = _VALIDATORS[column][0]
        values = [v for (v,) in conn.execute(DISTINCT_SQL.format(column=column)).fetchall()]
        if check is validation.day:  # a slashed date is read in the order its column settles
            check = functools.partial(validation.day, slashed=validation.slashed_order(values))
        normal = [check(v) for v in values]
        text = [None if n is None else n.isoformat() if isinstance(n, date) else str(n).lower() if isinstance(n, bool)
                else n for n in normal]
        _temp_table(conn, f"norm_{column}", pa.table({"raw": pa.array(values, pa.string()),
                                                       "val": pa.array(text, pa.string())}))
    return frozenset(arrays) - {"row_no"}


def _cell(text: str) -> str | None:
    return unneutralise(text.strip()).strip() or None


def _split_name(name: str | None) -> tuple[str | None, str | None]:
    """A full name split at its last space ("Anna Maria Virtanen": "Anna Maria", "Virtanen"); one
    word is the last name."""
    if name is None:
        return None, None
    first, _, last = name.rpartition(" ")
    return first.strip() or None, last


# "Niemikuja 34 B 12, 00500 Helsinki[, Suomi]" or the same on lines (Outlook, Google): the street,
# then the postcode and city, then optionally the country. FI-00500 is 00500.
ADDRESS_PARTS = re.compile(r"\s*(?:,|\r?\n)\s*")
POSTCODE_CITY = re.compile(r"(?:FI-)?(\d[\d ]{1,8}\d)\s+(\D.*)", re.IGNORECASE)


def _split_address(value: str) -> tuple[str, str | None, str | None, str | None]:
    """(street, postcode, city, country) of an address written in one column; one that does not
    read so is the street, whole (postcode None: noted in the report)."""
    parts = [p for p in ADDRESS_PARTS.split(value.strip()) if p]
    country = None
    if len(parts) >= 3 and validation.country(parts[-1]) is not None:
        country = parts.pop()
    if len(parts) >= 2 and (match := POSTCODE_CITY.fullmatch(parts[-1])):
        return ", ".join(parts[:-1]), match.group(1), match.group(2).strip(), country
    return value.strip(), None, None, None


def _temp_table(conn, name: str, table: pa.Table) -> None:
    """A temporary table holding `table` (`name` is one of this module's own names)."""
    conn.execute("SELECT 1").fetchall()  # duckdb 2.0: register() refuses while an earlier result is unread
    conn.register("arrow_source", table)
    conn.execute(TEMP_TABLE_SQL.format(name=name)).fetchall()
    conn.unregister("arrow_source")


def _plan(conn, source: str, today: date, used: frozenset[str]) -> None:
    """imp_plan: per row its person (or a new one), its values in normal form, and the first
    reason to reject it (NULL when it is applied)."""
    selects, joins = ["i.row_no"], []
    for column in COLUMNS:
        if column not in used:
            selects.append(f"NULL::VARCHAR AS {column}, false AS bad_{column}")
        elif column in _VALIDATORS:
            joins.append(f"LEFT JOIN norm_{column} ON norm_{column}.raw = i.{column}")
            selects.append(f"norm_{column}.val AS {column}, (i.{column} IS NOT NULL AND norm_{column}.val IS NULL) "
                           f"AS bad_{column}")
        else:
            selects.append(f"i.{column} AS {column}, false AS bad_{column}")
    # Column names below come from COLUMNS (a fixed list); values only through parameters.
    conn.execute("CREATE OR REPLACE TEMP TABLE imp_n AS SELECT " + ", ".join(selects) + " FROM imp i " + " ".join(joins))
    conn.execute(PLAN_SQL, {"source": source, "today": today})


PLAN_SQL = """
CREATE OR REPLACE TEMP TABLE imp_plan AS
WITH by_email AS (
    SELECT lower(c.email) AS email, count(*) AS n, min(c.id) AS id
    FROM customers c WHERE c.email IS NOT NULL AND lower(c.email) IN (SELECT email FROM imp_n WHERE email IS NOT NULL)
    GROUP BY 1
), by_name AS (  -- a company's name names the organisation only where exactly one has it
    SELECT lower(trim(o.name)) AS name, count(*) AS n, min(o.id) AS id
    FROM organisations o WHERE lower(trim(o.name)) IN (SELECT lower(company_name) FROM imp_n) GROUP BY 1
), matched AS (
    SELECT n.*,
           TRY_CAST(n.customer_id AS BIGINT) AS id_given,
           CASE WHEN n.customer_id IS NOT NULL THEN (SELECT c.id FROM customers c WHERE c.id = TRY_CAST(n.customer_id AS BIGINT))
                WHEN e.n = 1 THEN e.id END AS person,
           coalesce(e.n, 0) AS email_matches,
           CASE WHEN n.business_id IS NOT NULL THEN o.id WHEN b.n = 1 THEN b.id END AS organisation_id,
           CASE WHEN n.business_id IS NULL AND n.company_name IS NOT NULL
                THEN CASE WHEN b.n IS NULL THEN 'organisation_not_found' WHEN b.n > 1 THEN 'organisation_ambiguous' END
           END AS company_note
    FROM imp_n n LEFT JOIN by_email e ON e.email = n.email
    LEFT JOIN organisations o ON o.business_id = n.business_id
    LEFT JOIN by_name b ON b.name = lower(n.company_name)
), keyed AS (
    SELECT m.*, c.purged_on, c.restricted_on, c.postal_country AS stored_postal_country,
           c.billing_country AS stored_billing_country, c.customer_since AS stored_since, c.customer_until AS stored_until,
           CASE WHEN m.person IS NOT NULL THEN 'p' || m.person
                WHEN m.customer_id IS NULL AND m.email IS NOT NULL AND m.email_matches = 0 THEN 'e' || m.email END AS who
    FROM matched m LEFT JOIN customers c ON c.id = m.person
), counted AS (
    SELECT k.*, count(*) OVER (PARTITION BY who) AS named FROM keyed k
)
SELECT *,
    CASE
        WHEN bad_email THEN 'invalid_email'
        WHEN bad_phone THEN 'invalid_phone'
        WHEN (postal_postcode IS NOT NULL AND coalesce(postal_country, stored_postal_country, 'FI') = 'FI'
              AND NOT regexp_full_match(postal_postcode, '[0-9]{5}'))
          OR (billing_postcode IS NOT NULL AND coalesce(billing_country, stored_billing_country, 'FI') = 'FI'
              AND NOT regexp_full_match(billing_postcode, '[0-9]{5}')) THEN 'invalid_postcode'
        WHEN bad_business_id THEN 'invalid_business_id'
        WHEN business_id IS NOT NULL AND organisation_id IS NULL THEN 'unknown_organisation'
        WHEN bad_customer_since OR bad_customer_until
          OR coalesce(customer_until::DATE, stored_until) < coalesce(customer_since::DATE, stored_since, $today)
          THEN 'invalid_date'
        WHEN bad_postal_country OR bad_billing_country OR bad_language OR bad_is_contact_person THEN 'invalid_value'
        WHEN customer_id IS NOT NULL AND person IS NULL THEN 'unknown_person'
        WHEN customer_id IS NULL AND email_matches > 1 THEN 'ambiguous_person'
        WHEN person IS NULL AND $source <> 'registration' THEN 'unknown_person'
        WHEN who IS NOT NULL AND named > 1 THEN 'duplicate_in_file'
        WHEN purged_on IS NOT NULL THEN 'erased_person'
        WHEN restricted_on IS NOT NULL THEN 'restricted_person'
        WHEN person IS NULL AND (email IS NULL OR (first_name IS NULL AND last_name IS NULL)) THEN 'missing_field'
    END AS reason,
    CASE
        WHEN bad_email THEN 'email' WHEN bad_phone THEN 'phone'
        WHEN postal_postcode IS NOT NULL AND coalesce(postal_country, stored_postal_country, 'FI') = 'FI'
             AND NOT regexp_full_match(postal_postcode, '[0-9]{5}') THEN 'postal_postcode'
        WHEN billing_postcode IS NOT NULL AND coalesce(billing_country, stored_billing_country, 'FI') = 'FI'
             AND NOT regexp_full_match(billing_postcode, '[0-9]{5}') THEN 'billing_postcode'
        WHEN bad_business_id OR (business_id IS NOT NULL AND organisation_id IS NULL) THEN 'business_id'
        WHEN bad_customer_since THEN 'customer_since'
        WHEN bad_customer_until OR coalesce(customer_until::DATE, stored_until)
             < coalesce(customer_since::DATE, stored_since, $today) THEN 'customer_until'
        WHEN bad_postal_country THEN 'postal_country' WHEN bad_billing_country THEN 'billing_country'
        WHEN bad_language THEN 'language' WHEN bad_is_contact_person THEN 'is_contact_person'
        WHEN customer_id IS NOT NULL THEN 'customer_id'
        WHEN person IS NULL AND $source <> 'registration' THEN 'email'
        WHEN email_matches > 1 THEN 'email'
    END AS reason_column,
    -- Every wrong value of the row as reason:column, so that one round of corrections is enough.
    list_filter(list_value(
        CASE WHEN bad_email THEN 'invalid_email:email' END,
        CASE WHEN bad_phone THEN 'invalid_phone:phone' END,
        CASE WHEN postal_postcode IS NOT NULL AND coalesce(postal_country, stored_postal_country, 'FI') = 'FI'
             AND NOT regexp_full_match(postal_postcode, '[0-9]{5}') THEN 'invalid_postcode:postal_postcode' END,
        CASE WHEN billing_postcode IS NOT NULL AND coalesce(billing_country, stored_billing_country, 'FI') = 'FI'
             AND NOT regexp_full_match(billing_postcode, '[0-9]{5}') THEN 'invalid_postcode:billing_postcode' END,
        CASE WHEN bad_business_id THEN 'invalid_business_id:business_id'
             WHEN business_id IS NOT NULL AND organisation_id IS NULL THEN 'unknown_organisation:business_id' END,
        CASE WHEN bad_customer_since THEN 'invalid_date:customer_since' END,
        CASE WHEN bad_customer_until OR coalesce(customer_until::DATE, stored_until)
             < coalesce(customer_since::DATE, stored_since, $today) THEN 'invalid_date:customer_until' END,
        CASE WHEN bad_postal_country THEN 'invalid_value:postal_country' END,
        CASE WHEN bad_billing_country THEN 'invalid_value:billing_country' END,
        CASE WHEN bad_language THEN 'invalid_value:language' END,
        CASE WHEN bad_is_contact_person THEN 'invalid_value:is_contact_person' END), lambda x: x IS NOT NULL) AS problems
FROM counted
"""

COUNTS_SQL = """
SELECT count(*) FILTER (WHERE reason IS NULL AND person IS NULL),
       count(*) FILTER (WHERE reason IS NULL AND person IS NOT NULL AND len(changed) > 0),
       count(*) FILTER (WHERE reason IS NULL AND person IS NOT NULL AND len(changed) = 0)
FROM imp_changes
"""
DROP_SQL = """DROP TABLE IF EXISTS imp; DROP TABLE IF EXISTS imp_dup; DROP TABLE IF EXISTS imp_notes;
DROP TABLE IF EXISTS imp_n; DROP TABLE IF EXISTS imp_plan;
DROP TABLE IF EXISTS imp_changes;""" + "".join(f"DROP TABLE IF EXISTS norm_{c};" for c in _VALIDATORS)


def _changes_sql() -> str:
    """imp_changes: per row, the fields whose value differs from the person's (a new person: every
    field given). An empty cell changes nothing: an import never erases a value."""
    tests = []
    for column in UPDATABLE:
        if column == "business_id":  # the organisation, by its Y-tunnus or its name
            tests.append("CASE WHEN p.organisation_id IS NOT NULL AND p.organisation_id IS DISTINCT FROM "
                         "c.organisation_id THEN 'business_id' END")
            continue
        elif column == "is_contact_person":
            new, old = "p.is_contact_person::BOOLEAN", "c.is_contact_person"
        elif column in ("customer_since", "customer_until"):
            new, old = f"p.{column}::DATE", f"c.{column}"
        else:
            new, old = f"p.{column}", f"c.{column}"
        tests.append(f"CASE WHEN p.{column} IS NOT NULL AND {new} IS DISTINCT FROM {old} THEN '{column}' END")
    return ("CREATE OR REPLACE TEMP TABLE imp_changes AS SELECT p.*, list_filter(list_value("
            + ", ".join(tests) + "), lambda x: x IS NOT NULL) AS changed FROM imp_plan p LEFT JOIN customers c "
            "ON c.id = p.person")


def _rejections(conn, table: RawTable) -> list[Rejection]:
    """The rejected rows, each with its cells as read (the file's own headers) to fix it by."""
    conn.execute(_changes_sql())
    rows = conn.execute("SELECT row_no, reason, reason_column, problems FROM imp_plan WHERE reason IS NOT NULL "
                        "ORDER BY row_no")
    rejected = rows.fetchall()
    wanted = {row for row, _, _, _ in rejected}
    cells = {n: r for n, r in zip(table.numbers, table.rows, strict=True) if n in wanted}
    named = [(i, h) for i, h in enumerate(table.headers) if h]
    return [Rejection(row, reason, column, tuple((h, cells[row][i]) for i, h in named),
                      tuple(tuple(p.split(":")) for p in problems if p != f"{reason}:{column}"))
            for row, reason, column, problems in rejected]


NOTES_SQL = """
SELECT row_no, note, note_column, NULL FROM imp_notes WHERE row_no IN (SELECT row_no FROM imp_plan WHERE reason IS NULL)
UNION ALL
SELECT row_no, company_note, 'company_name', company_name FROM imp_plan WHERE reason IS NULL AND company_note IS NOT NULL
ORDER BY 1, 2"""


def _notes(conn) -> list[Note]:
    """What the report says of rows taken in otherwise than written (rejected rows have their reason)."""
    return [Note(*r) for r in conn.execute(NOTES_SQL).fetchall()]


NOTIFY_SQL = """
SELECT DISTINCT x.person, d.recipient, x.changed
FROM imp_changes x JOIN disclosures d ON d.customer_id = x.person
WHERE x.reason IS NULL AND x.person IS NOT NULL AND len(x.changed) > 0
ORDER BY x.person, d.recipient
"""


def _notify(conn) -> list[Notify]:
    """Art. 19: recipients the changed persons' data was disclosed to, and which fields changed."""
    return [Notify(cid, recipient, tuple(sorted(changed))) for cid, recipient, changed in conn.execute(NOTIFY_SQL).fetchall()]


# --- applying ---------------------------------------------------------------------------------

def _apply(conn, source: str, today: date) -> tuple[tuple[int, ...], tuple[int, ...]]:
    base = conn.execute("SELECT coalesce(max(id), 0) FROM customers").fetchone()[0]
    conn.execute("""CREATE OR REPLACE TEMP TABLE imp_new AS
        SELECT ? + row_number() OVER (ORDER BY row_no) AS new_id, * FROM imp_changes
        WHERE reason IS NULL AND person IS NULL""", [base])
    created = [i for (i,) in conn.execute("SELECT new_id FROM imp_new ORDER BY new_id").fetchall()]
    conn.execute(INSERT_SQL, {"source": source, "today": today})
    updated = [i for (i,) in conn.execute(
        "SELECT person FROM imp_changes WHERE reason IS NULL AND person IS NOT NULL AND len(changed) > 0 "
        "ORDER BY person").fetchall()]
    if updated:
        conn.execute(UPDATE_SQL)
    for sql in PROVENANCE_SQL:
        conn.execute(sql, {"source": source, "today": today})
    conn.execute("DROP TABLE IF EXISTS imp_new")
    return tuple(created), tuple(updated)


INSERT_SQL = """
INSERT INTO customers (id, first_name, last_name, email, phone, website, ip_address, organisation_id,
    is_contact_person, postal_street, postal_postcode, postal_city, postal_country, billing_street,
    billing_postcode, billing_city, billing_country, language, source, customer_since, customer_until)
SELECT new_id, first_name, last_name, email, phone, website, ip_address, organisation_id,
    coalesce(is_contact_person::BOOLEAN, false), postal_street, postal_postcode, postal_city,
    coalesce(postal_country, CASE WHEN coalesce(postal_street, postal_postcode, postal_city) IS NOT NULL
                                   THEN 'FI' END),
    billing_street, billing_postcode, billing_city, billing_country, coalesce(language, 'fi'), $source,
    coalesce(customer_since::DATE, $today), customer_until::DATE
FROM imp_new
"""

UPDATE_SQL = """
UPDATE customers c SET
    first_name = coalesce(x.first_name, c.first_name), last_name = coalesce(x.last_name, c.last_name),
    email = coalesce(x.email, c.email), phone = coalesce(x.phone, c.phone),
    website = coalesce(x.website, c.website), ip_address = coalesce(x.ip_address, c.ip_address),
    organisation_id = coalesce(x.organisation_id, c.organisation_id),
    is_contact_person = coalesce(x.is_contact_person::BOOLEAN, c.is_contact_person),
    postal_street = coalesce(x.postal_street, c.postal_street),
    postal_postcode = coalesce(x.postal_postcode, c.postal_postcode),
    postal_city = coalesce(x.postal_city, c.postal_city), postal_country = coalesce(x.postal_country, c.postal_country),
    billing_street = coalesce(x.billing_street, c.billing_street),
    billing_postcode = coalesce(x.billing_postcode, c.billing_postcode),
    billing_city = coalesce(x.billing_city, c.billing_city),
    billing_country = coalesce(x.billing_country, c.billing_country),
    language = coalesce(x.language, c.language),
    customer_since = coalesce(x.customer_since::DATE, c.customer_since),
    customer_until = coalesce(x.customer_until::DATE, c.customer_until)
FROM imp_changes x
WHERE c.id = x.person AND x.reason IS NULL AND len(x.changed) > 0
"""

PROVENANCE_SQL = ("""
INSERT INTO person_sources AS s (customer_id, source, first_on, last_on)
SELECT DISTINCT id, $source, $today, $today FROM (
    SELECT new_id AS id FROM imp_new
    UNION ALL SELECT person FROM imp_changes WHERE reason IS NULL AND person IS NOT NULL AND len(changed) > 0)
ON CONFLICT (customer_id, source) DO UPDATE SET last_on = EXCLUDED.last_on""", """
INSERT INTO field_changes (customer_id, field, source, changed_on)
SELECT id, f, $source, $today FROM (
    SELECT new_id AS id, unnest(changed) AS f FROM imp_new
    UNION ALL SELECT person, unnest(changed) FROM imp_changes WHERE reason IS NULL AND person IS NOT NULL)
ON CONFLICT (customer_id, field) DO UPDATE SET source = EXCLUDED.source, changed_on = EXCLUDED.changed_on""")
