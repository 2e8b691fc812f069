"""The store's schema: the public data contract (REGISTER.md section 2) plus the project's own
tables, built by named, ordered, recorded migrations.

`migrate(conn)` brings any store up to `CURRENT_VERSION` in place without losing rows, and is
harmless to run again. A store made by another system with only the contract tables is
"version 0": every statement below is written so that it works on such a store too.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, UTC

from .. import validation
from ..errors import BadInput

# --- migration 1: the data contract (other systems write these tables) ---------------------
CONTRACT_SQL = """
CREATE TABLE IF NOT EXISTS organisations (
    id BIGINT PRIMARY KEY,
    name VARCHAR NOT NULL,
    business_id VARCHAR,
    customer_since DATE NOT NULL,
    customer_until DATE
);
CREATE TABLE IF NOT EXISTS customers (
    id BIGINT PRIMARY KEY,
    first_name VARCHAR,
    last_name VARCHAR,
    email VARCHAR,
    phone VARCHAR,
    website VARCHAR,
    ip_address VARCHAR,
    organisation_id BIGINT,
    is_contact_person BOOLEAN NOT NULL DEFAULT false,
    postal_street VARCHAR,
    postal_postcode VARCHAR,
    postal_city VARCHAR,
    postal_country VARCHAR,
    billing_street VARCHAR,
    billing_postcode VARCHAR,
    billing_city VARCHAR,
    billing_country VARCHAR,
    language VARCHAR DEFAULT 'fi',
    source VARCHAR NOT NULL DEFAULT 'registration',
    customer_since DATE NOT NULL,
    customer_until DATE,
    marketing_objection_on DATE,
    restricted_on DATE,
    purged_on TIMESTAMP
);
CREATE TABLE IF NOT EXISTS orders (
    id BIGINT PRIMARY KEY,
    customer_id BIGINT NOT NULL,
    ordered_on DATE NOT NULL,
    product VARCHAR,
    amount_eur DECIMAL(12,2) NOT NULL
);
CREATE TABLE IF NOT EXISTS invoices (
    id BIGINT PRIMARY KEY,
    customer_id BIGINT NOT NULL,
    order_id BIGINT,
    issued_on DATE NOT NULL,
    due_on DATE NOT NULL,
    amount_eur DECIMAL(12,2) NOT NULL,
    paid_on DATE,
    credited_on DATE
);
CREATE TABLE IF NOT EXISTS collection_cases (
    id BIGINT PRIMARY KEY,
    customer_id BIGINT NOT NULL,
    opened_on DATE NOT NULL,
    closed_on DATE,
    agency VARCHAR
);
CREATE TABLE IF NOT EXISTS legal_holds (
    id BIGINT PRIMARY KEY,
    customer_id BIGINT NOT NULL,
    reason VARCHAR NOT NULL,
    placed_on DATE NOT NULL,
    lifted_on DATE
);
CREATE TABLE IF NOT EXISTS requests (
    id BIGINT PRIMARY KEY,
    customer_id BIGINT,
    kind VARCHAR NOT NULL,
    received_on DATE NOT NULL,
    channel VARCHAR,
    identity_verified_on DATE,
    extended_on DATE,
    status VARCHAR NOT NULL DEFAULT 'received',
    closed_on DATE,
    language VARCHAR DEFAULT 'fi'
);
CREATE TABLE IF NOT EXISTS disclosures (
    id BIGINT PRIMARY KEY,
    customer_id BIGINT NOT NULL,
    disclosed_on DATE NOT NULL,
    recipient VARCHAR NOT NULL,
    purpose VARCHAR NOT NULL,
    outside_eu BOOLEAN NOT NULL DEFAULT false
);
"""

# --- migration 2: the project's own tables ------------------------------------------------
# Personal content held outside `customers` lives in customer_notes, visit_log, import_rows and
# requests.details; a purge removes it. The audit trail holds ids and counts only.
PROJECT_SQL = """
CREATE TABLE IF NOT EXISTS staff_users (
    username VARCHAR PRIMARY KEY,
    display_name VARCHAR,
    role VARCHAR NOT NULL,
    password_hash VARCHAR NOT NULL,
    nda_signed_on DATE,
    created_at TIMESTAMP NOT NULL,
    disabled_at TIMESTAMP,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until TIMESTAMP
);
CREATE TABLE IF NOT EXISTS audit_log (
    seq BIGINT PRIMARY KEY,
    logged_at TIMESTAMP NOT NULL,
    actor VARCHAR NOT NULL,
    action VARCHAR NOT NULL,
    details VARCHAR NOT NULL,
    prev_hash VARCHAR NOT NULL,
    hash VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS customer_notes (
    id BIGINT PRIMARY KEY,
    customer_id BIGINT NOT NULL,
    written_at TIMESTAMP NOT NULL,
    author VARCHAR NOT NULL,
    body VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS visit_log (
    id BIGINT PRIMARY KEY,
    customer_id BIGINT NOT NULL,
    visited_at TIMESTAMP NOT NULL,
    ip_address VARCHAR,
    user_agent VARCHAR,
    page VARCHAR
);
CREATE TABLE IF NOT EXISTS import_rows (
    id BIGINT PRIMARY KEY,
    customer_id BIGINT NOT NULL,
    imported_at TIMESTAMP NOT NULL,
    source VARCHAR NOT NULL,
    payload VARCHAR NOT NULL
);
ALTER TABLE requests ADD COLUMN IF NOT EXISTS details VARCHAR;
ALTER TABLE requests ADD COLUMN IF NOT EXISTS extension_reason VARCHAR;
ALTER TABLE requests ADD COLUMN IF NOT EXISTS closing_reason VARCHAR;
"""

# --- migration 3: what each request's documents were (the documents themselves are not kept) --
DOCUMENTS_SQL = """
CREATE TABLE IF NOT EXISTS request_documents (
    request_id BIGINT NOT NULL,
    file_name VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    size_bytes BIGINT NOT NULL,
    created_on DATE NOT NULL,
    PRIMARY KEY (request_id, file_name)
);
"""

# Statistics by region must not change when a person is purged (REGISTER.md section 5), but the
# purge erases the postcode: the purge keeps the region (one of 19 maakunta, not a personal
# column) on the tombstone. Products map to the groups of the statistics; the shop fills
# product_groups (the demo does), an unlisted product counts as "other".
STATISTICS_SQL = """
ALTER TABLE customers ADD COLUMN IF NOT EXISTS stat_region VARCHAR;
CREATE TABLE IF NOT EXISTS product_groups (
    product VARCHAR PRIMARY KEY,
    product_group VARCHAR NOT NULL
);
"""

# Four eyes on a large dashboard purge (registry/retention/review.py): the proposal names exactly the persons
# reviewed (ids only) and lapses at the end of for_day.
REVIEW_SQL = """
CREATE TABLE IF NOT EXISTS purge_proposals (
    id BIGINT PRIMARY KEY,
    proposed_by VARCHAR NOT NULL,
    proposed_at TIMESTAMP NOT NULL,
    for_day DATE NOT NULL,
    customer_ids BIGINT[] NOT NULL,
    ids_digest VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    decided_by VARCHAR,
    decided_at TIMESTAMP,
    decision_reason VARCHAR,
    audit_seq BIGINT
);
"""

# Staff accounts: the contact e-mail and dashboard language of `user add` (REGISTER.md section 7),
# and the time from which the account's sessions are valid (a new password, a disable or a new
# role moves it, ending the sessions begun before).
STAFF_SESSIONS_SQL = """
ALTER TABLE staff_users ADD COLUMN IF NOT EXISTS email VARCHAR;
ALTER TABLE staff_users ADD COLUMN IF NOT EXISTS language VARCHAR;
ALTER TABLE staff_users ADD COLUMN IF NOT EXISTS sessions_valid_from TIMESTAMP;
"""

# Imports (REGISTER.md section 9): each person's sources and the day each field last changed, kept
# instead of the imported rows; the rows kept so far become sources and are dropped.
PROVENANCE_SQL = """
CREATE TABLE IF NOT EXISTS person_sources (
    customer_id BIGINT NOT NULL,
    source VARCHAR NOT NULL,
    first_on DATE NOT NULL,
    last_on DATE NOT NULL,
    PRIMARY KEY (customer_id, source)
);
INSERT INTO person_sources
SELECT customer_id, source, min(imported_at)::DATE, max(imported_at)::DATE FROM import_rows GROUP BY ALL
ON CONFLICT DO NOTHING;
DELETE FROM import_rows;
CREATE TABLE IF NOT EXISTS field_changes (
    customer_id BIGINT NOT NULL,
    field VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    changed_on DATE NOT NULL,
    PRIMARY KEY (customer_id, field)
);
"""  # the last statement returns no rows: a DELETE's count left unread would hold the connection (duckdb 2.0)
# The register's settings (REGISTER.md section 10): a stored value replaces the notice's default.
SETTINGS_SQL = """
CREATE TABLE IF NOT EXISTS settings (
    key VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL,
    changed_at TIMESTAMP NOT NULL,
    changed_by VARCHAR NOT NULL
);
"""
# The erasure ledger's copy in the store (registry/store/ledger.py), started from the purges the audit
# trail already records (reason 'purge': recorded before the ledger existed), and the backups taken.
LEDGER_SQL = """
CREATE TABLE IF NOT EXISTS erasures (
    purge_id VARCHAR PRIMARY KEY,
    erased_at TIMESTAMP NOT NULL,
    reason VARCHAR NOT NULL,
    customer_ids BIGINT[] NOT NULL,
    audit_seq BIGINT
);
INSERT INTO erasures
SELECT 'audit-' || seq, logged_at, 'purge', CAST(json_extract(details, '$.customer_ids') AS BIGINT[]), seq
FROM audit_log WHERE action = 'purge' AND ('audit-' || seq) NOT IN (SELECT purge_id FROM erasures);
CREATE TABLE IF NOT EXISTS backups (
    taken_at TIMESTAMP PRIMARY KEY,
    taken_by VARCHAR NOT NULL,
    file_name VARCHAR NOT NULL,
    size_bytes BIGINT NOT NULL,
    persons BIGINT NOT NULL,
    audit_seq BIGINT
);
"""
# Who was kept out of a proposed purge during its review (registry/retention/review.py): a legal hold records
# who placed it and when (NULL for holds placed by other systems: legal_holds is a contract table),
# and a proposal the holds its reviewer placed, so that the approving manager sees them.
KEPT_OUT_SQL = """
ALTER TABLE legal_holds ADD COLUMN IF NOT EXISTS placed_by VARCHAR;
ALTER TABLE legal_holds ADD COLUMN IF NOT EXISTS placed_at TIMESTAMP;
ALTER TABLE purge_proposals ADD COLUMN IF NOT EXISTS kept_out BIGINT[];
"""

# One normal form (REGISTER.md section 9): values stored before imports, rectifications and forms
# shared registry/validation.py ('+358 40 123 4567', 'Finland', 'Aino@Example.FI') are rewritten
# as those validators write them, so that search finds '040-1234567' by '040 123 4567' too. Each
# field: its validator, the SQL test for a value not in normal form (DuckDB selects them; Python
# validates each distinct one once), and the columns holding it. A value its validator rejects
# stays as it is (a migration loses nothing). Restricted persons too: the value means the same,
# only its spelling changes (storage, not new processing: Art. 18(2)), and a lifted restriction
# leaves nothing in the old form; purged persons hold NULL. staff_users.email is lower-case like
# the customers'. The settings' contact e-mail and phone stay as typed: the notice prints them.
NormalForm = tuple[Callable[[str], str | None], str, tuple[tuple[str, str], ...]]
NORMAL_FORMS: tuple[NormalForm, ...] = (
    (validation.email, "{column} <> lower(trim({column}))", (("customers", "email"), ("staff_users", "email"))),
    (validation.phone, r"NOT regexp_full_match({column}, '\+[0-9]{{7,15}}')", (("customers", "phone"),)),
    (validation.country, "NOT regexp_full_match({column}, '[A-Z]{{2}}')",
     (("customers", "postal_country"), ("customers", "billing_country"))),
)
# Table and column names and tests come from NORMAL_FORMS above, never from input.
OLD_FORMS_SQL = "SELECT DISTINCT {column} FROM {table} WHERE {column} IS NOT NULL AND {old_form}"
NORMALISE_SQL = "UPDATE {table} SET {column} = n.new FROM normal_forms n WHERE {table}.{column} = n.old"


def one_normal_form(conn) -> None:
    """Migration 11: every stored e-mail, phone and country in the normal form of
    registry/validation.py. One UPDATE per column from a table of (old, new) pairs: the rows are
    rewritten by DuckDB, Python sees each distinct old value once. No audit entry (no person's data
    changes meaning; schema_migrations records the migration), no field_changes (not a source's)."""
    import pyarrow as pa  # only when the migration runs: most connections never need it

    for check, old_form, columns in NORMAL_FORMS:
        select = " UNION ".join(OLD_FORMS_SQL.format(table=table, column=column, old_form=old_form.format(column=column))
                                for table, column in columns)
        olds = [old for (old,) in conn.execute(select).fetchall()]
        pairs = [(old, new) for old in olds if (new := check(old)) is not None and new != old]
        if not pairs:
            continue
        conn.register("normal_forms", pa.table({"old": pa.array([o for o, _ in pairs], pa.string()),
                                                "new": pa.array([n for _, n in pairs], pa.string())}))
        try:
            for table, column in columns:
                conn.execute(NORMALISE_SQL.format(table=table, column=column)).fetchall()  # read: duckdb 2.0
        finally:
            conn.unregister("normal_forms")


# --- migration 12: waiting for the person, duplicates, Art. 12(5) (REGISTER.md section 4) -------
# asked_on/asked_for/answered_on: the one ask for what the controller needs and the day the answer
# came (the deadline stands still in between). duplicate_of: the earliest open request of the same
# kind and person this one was received beside; requests already open twice are linked here as
# recording would have. refusal_ground ('unfounded'|'excessive') and approved_by: an Art. 12(5)
# refusal and its second manager (the justification is its closing_reason, kept after a purge).
# refusal_proposals: such a refusal waiting for the second manager on the dashboard.
REQUEST_WAITS_SQL = """
ALTER TABLE requests ADD COLUMN IF NOT EXISTS asked_on DATE;
ALTER TABLE requests ADD COLUMN IF NOT EXISTS asked_for VARCHAR;
ALTER TABLE requests ADD COLUMN IF NOT EXISTS answered_on DATE;
ALTER TABLE requests ADD COLUMN IF NOT EXISTS duplicate_of BIGINT;
ALTER TABLE requests ADD COLUMN IF NOT EXISTS refusal_ground VARCHAR;
ALTER TABLE requests ADD COLUMN IF NOT EXISTS approved_by VARCHAR;
UPDATE requests SET duplicate_of = first.id
FROM (SELECT id, customer_id, kind,
             first_value(id) OVER (PARTITION BY customer_id, kind ORDER BY received_on, id) AS first_id
      FROM requests
      WHERE status IN ('received', 'in_progress') AND customer_id IS NOT NULL) AS later
JOIN requests AS first ON first.id = later.first_id
WHERE requests.id = later.id AND later.first_id <> later.id;
CREATE TABLE IF NOT EXISTS refusal_proposals (
    request_id BIGINT PRIMARY KEY,
    ground VARCHAR NOT NULL,
    justification VARCHAR NOT NULL,
    proposed_by VARCHAR NOT NULL,
    proposed_at TIMESTAMP NOT NULL
);
"""


# --- migration 13: the daily digest sent, per recipient and day (REGISTER.md section 12) ----------
DIGEST_SQL = """
CREATE TABLE IF NOT EXISTS digest_sends (
    username VARCHAR NOT NULL,
    day DATE NOT NULL,
    sent_at TIMESTAMP NOT NULL,
    PRIMARY KEY (username, day)
);
"""


# --- migration 14: who was mailed at once about a proposal awaiting approval (section 12) ----------
APPROVAL_MAILS_SQL = """
CREATE TABLE IF NOT EXISTS approval_mails (
    kind VARCHAR NOT NULL,  -- purge_proposal (ref_id: the proposal) or refusal_proposal (ref_id: the request)
    ref_id BIGINT NOT NULL,
    username VARCHAR NOT NULL,
    sent_at TIMESTAMP NOT NULL,
    PRIMARY KEY (kind, ref_id, username)
);
"""


# --- migration 15: the statistics' disclosure patterns, kept (registry/statistics/counting.py) -------------
PATTERNS_SQL = """
CREATE TABLE IF NOT EXISTS statistics_patterns (
    key VARCHAR PRIMARY KEY,  -- sha256 of every cell the pattern was made from, k, the dominance, the version
    statuses JSON NOT NULL,  -- {level: [[row, column, published|primary|secondary], ...]}: aggregates only
    made_at TIMESTAMP NOT NULL
);
"""

# --- migration 16: which table and day a kept pattern was made for, to start the next day's from it ----------------
PATTERN_FAMILIES_SQL = """
ALTER TABLE statistics_patterns ADD COLUMN IF NOT EXISTS family VARCHAR;  -- sha256 of the table, k, dominance, version
ALTER TABLE statistics_patterns ADD COLUMN IF NOT EXISTS made_for DATE;  -- the statistics' day (`today`)
"""


Migration = str | Callable[[object], None]  # SQL, or a function of the connection (in the same transaction)
MIGRATIONS: list[tuple[int, str, Migration]] = [
    (1, "data contract tables", CONTRACT_SQL),
    (2, "staff users, audit trail, notes, visit log, import rows, request texts", PROJECT_SQL),
    (3, "request document metadata", DOCUMENTS_SQL),
    (4, "region kept on purged persons, product groups for statistics", STATISTICS_SQL),
    (5, "purge proposals (four eyes)", REVIEW_SQL),
    (6, "staff e-mail, language and session validity", STAFF_SESSIONS_SQL),
    (7, "person sources and field changes instead of imported rows", PROVENANCE_SQL),
    (8, "settings (the privacy notice's facts)", SETTINGS_SQL),
    (9, "erasure ledger and backups", LEDGER_SQL),
    (10, "who placed a legal hold; the holds a purge proposal's review placed", KEPT_OUT_SQL),
    (11, "one normal form for e-mail, phone and country", one_normal_form),
    (12, "waiting for the person, duplicate requests, Art. 12(5) refusals", REQUEST_WAITS_SQL),
    (13, "daily digests sent", DIGEST_SQL),
    (14, "mails at once about proposals awaiting approval", APPROVAL_MAILS_SQL),
    (15, "the statistics' disclosure patterns, kept", PATTERNS_SQL),
    (16, "which table and day a kept disclosure pattern was made for", PATTERN_FAMILIES_SQL),
]
CURRENT_VERSION = MIGRATIONS[-1][0]

MIGRATIONS_TABLE_SQL = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name VARCHAR NOT NULL,
    applied_at TIMESTAMP NOT NULL
)"""

TABLE_EXISTS_SQL = """
SELECT count(*) FROM duckdb_tables()
WHERE database_name = current_database() AND schema_name = 'main' AND table_name = ?"""

VERSION_SQL = "SELECT coalesce(max(version), 0) FROM schema_migrations"
RECORD_SQL = "INSERT INTO schema_migrations VALUES (?, ?, ?)"


def schema_version(conn) -> int:
    """The store's schema version; 0 for an empty store or one without our migrations table."""
    if not conn.execute(TABLE_EXISTS_SQL, ["schema_migrations"]).fetchone()[0]:
        return 0
    return conn.execute(VERSION_SQL).fetchone()[0]


def migrate(conn, now: datetime | None = None) -> list[int]:
    """Apply every migration the store lacks, each in its own transaction (SQL, or a function of
    the connection where Python's own rules are needed). Returns the versions applied (empty when
    the store is current)."""
    version = schema_version(conn)
    if version > CURRENT_VERSION:
        raise BadInput(
            f"the store has schema version {version}, newer than this program's "
            f"{CURRENT_VERSION}: update the program before using this store", code="store_too_new"
        )
    if version == CURRENT_VERSION:
        return []
    now = now or datetime.now(UTC).replace(tzinfo=None)
    applied = []
    for number, name, step in MIGRATIONS:
        if number <= version:
            continue
        conn.execute("BEGIN TRANSACTION")
        try:
            conn.execute(MIGRATIONS_TABLE_SQL)
            if callable(step):
                step(conn)
            else:
                conn.execute(step)
            conn.execute(RECORD_SQL, [number, name, now])
            conn.execute("COMMIT")
        except Exception:
            conn.execute("ROLLBACK")
            raise
        applied.append(number)
    return applied
