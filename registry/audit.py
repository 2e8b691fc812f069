"""The tamper-evident audit trail: every entry holds the previous entry's hash.

An entry's hash is SHA-256 over its sequence number, time, actor, action, details (canonical
JSON) and the previous entry's hash, so changing, removing or reordering any entry breaks the
chain from that entry on. Details hold ids and counts, never personal values.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, UTC

GENESIS_HASH = "0" * 64

LAST_ENTRY_SQL = "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"
INSERT_ENTRY_SQL = "INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?, ?)"
CHAIN_SQL = "SELECT seq, logged_at, actor, action, details, prev_hash, hash FROM audit_log ORDER BY seq"


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: datetime
    actor: str
    action: str
    details: dict
    hash: str


@dataclass(frozen=True)
class ChainReport:
    entries: int
    ok: bool
    first_broken_seq: int | None = None
    problem: str | None = None


def utc_now() -> datetime:
    """Naive UTC timestamp, as stored in TIMESTAMP columns."""
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def _canonical(details: dict) -> str:
    return json.dumps(details, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def entry_hash(seq: int, at: datetime, actor: str, action: str, details_json: str, prev_hash: str) -> str:
    material = "\x1f".join([str(seq), at.isoformat(sep=" "), actor, action, details_json, prev_hash])
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def write_audit(conn, actor: str, action: str, details: dict, at: datetime | None = None) -> AuditEntry:
    """Append one entry to the chain. Call inside the action's transaction."""
    at = (at or utc_now()).replace(microsecond=0)
    last = conn.execute(LAST_ENTRY_SQL).fetchone()
    seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
    details_json = _canonical(details)
    digest = entry_hash(seq, at, actor, action, details_json, prev_hash)
    conn.execute(INSERT_ENTRY_SQL, [seq, at, actor, action, details_json, prev_hash, digest])
    return AuditEntry(seq, at, actor, action, details, digest)


def verify_chain(conn, batch: int = 10_000) -> ChainReport:
    """Recompute every hash in order; report the first entry that does not verify."""
    cursor = conn.execute(CHAIN_SQL)
    expected_prev, expected_seq, count = GENESIS_HASH, 1, 0
    while rows := cursor.fetchmany(batch):
        for seq, at, actor, action, details_json, prev_hash, digest in rows:
            count += 1
            if seq != expected_seq:
                return ChainReport(count, False, seq, f"entry {seq} follows entry {expected_seq - 1}: entries are missing")
            if prev_hash != expected_prev:
                return ChainReport(count, False, seq, f"entry {seq} does not point at the hash of entry {seq - 1}")
            if entry_hash(seq, at, actor, action, details_json, prev_hash) != digest:
                return ChainReport(count, False, seq, f"entry {seq} was changed after it was written")
            expected_prev, expected_seq = digest, seq + 1
    return ChainReport(count, True)


AUDIT_PAGE_SQL = """
SELECT seq, logged_at, actor, action, details FROM audit_log
WHERE ($actor IS NULL OR actor = $actor)
  AND ($action IS NULL OR action = $action)
  AND ($since IS NULL OR logged_at >= $since)
  AND ($until IS NULL OR logged_at < $until)
  AND seq < $before
ORDER BY seq DESC
LIMIT $limit"""


def audit_page(conn, viewer, actor_filter: str | None = None, action: str | None = None, since=None, until=None,
               before_seq: int | None = None, limit: int = 50) -> tuple[list[AuditEntry], int | None]:
    """Newest entries first, filtered, keyset-paginated by seq. Returns entries and the
    `before_seq` of the next (older) page, or None on the last page. Admins and auditors only."""
    from .access import require

    require(viewer, "read_audit")
    params = {"actor": actor_filter, "action": action, "since": since, "until": until,
              "before": before_seq if before_seq is not None else 2**62, "limit": limit + 1}
    rows = conn.execute(AUDIT_PAGE_SQL, params).fetchall()
    entries = [AuditEntry(seq, at, who, what, json.loads(details), "") for seq, at, who, what, details in rows[:limit]]
    return entries, (entries[-1].seq if len(rows) > limit else None)


def audit_facets(conn) -> tuple[list[str], list[str]]:
    """The actors and actions present, for filter choices."""
    actors = [r[0] for r in conn.execute("SELECT DISTINCT actor FROM audit_log ORDER BY 1").fetchall()]
    actions = [r[0] for r in conn.execute("SELECT DISTINCT action FROM audit_log ORDER BY 1").fetchall()]
    return actors, actions
