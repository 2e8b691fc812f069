"""Purge: erase the personal data of due, unblocked persons (REGISTER.md section 3).

One transaction NULLs every personal column, sets purged_on, removes personal content held
elsewhere (notes, visit log, import rows, request texts, legal-hold reasons) and writes the
audit entry (ids and counts only). Orders and invoices stay, linked to the anonymous
tombstone. Then the store is rewritten into a new file and swapped in, so that the erased
values are gone from the file's bytes too. A journal written before the commit lets the next
command finish a rewrite that a crash interrupted (see `db.py`).

`purge_persons` needs a connection opened with `connect(..., exclusive=True)`; after a real
purge that connection points at the old, replaced file and must only be closed.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from pathlib import Path

from .requests import answers as answering
from . import geo
from .store import db, files, ledger, locks
from .access import Actor, require
from .audit import utc_now, write_audit
from .errors import NotDue, NotFound, PurgeBlocked
from .fields import PERSONAL_COLUMNS
from .retention.due import DuePerson, blocker_details, due_persons

ERASED_MARK = "[erased]"

# Identifiers come from the fixed PERSONAL_COLUMNS above, never from input. The region (one of
# 19 maakunta) is kept for statistics, so that a purge leaves their totals as they were.
ERASE_PERSONS_SQL = (
    "UPDATE customers SET stat_region = " + geo.LIVE_REGION_SQL.format(c="customers") + ", "
    + ", ".join(f"{column} = NULL" for column in PERSONAL_COLUMNS)
    + ", purged_on = ? WHERE id IN (SELECT customer_id FROM purge_ids)"
)
PURGE_IDS_SQL = "CREATE OR REPLACE TEMP TABLE purge_ids AS SELECT unnest(?::BIGINT[]) AS customer_id"
DROP_PURGE_IDS_SQL = "DROP TABLE IF EXISTS purge_ids"
KNOWN_IDS_SQL = """
SELECT id, purged_on IS NOT NULL FROM customers WHERE id IN (SELECT unnest(?::BIGINT[])) ORDER BY id"""

# What a purge removes besides the customers row, and what it keeps, per person.
ELSEWHERE_SQL = {
    "notes_removed": "DELETE FROM customer_notes WHERE customer_id IN (SELECT customer_id FROM purge_ids)",
    "visits_removed": "DELETE FROM visit_log WHERE customer_id IN (SELECT customer_id FROM purge_ids)",
    "import_rows_removed": "DELETE FROM import_rows WHERE customer_id IN (SELECT customer_id FROM purge_ids)",
    "sources_removed": "DELETE FROM person_sources WHERE customer_id IN (SELECT customer_id FROM purge_ids)",
    "field_changes_removed": "DELETE FROM field_changes WHERE customer_id IN (SELECT customer_id FROM purge_ids)",
    "request_texts_erased": """UPDATE requests SET details = NULL
        WHERE details IS NOT NULL AND customer_id IN (SELECT customer_id FROM purge_ids)""",
    "legal_hold_reasons_erased": """UPDATE legal_holds SET reason = ?
        WHERE reason <> ? AND customer_id IN (SELECT customer_id FROM purge_ids)""",
}
COUNT_ELSEWHERE_SQL = {
    "notes_removed": "SELECT count(*) FROM customer_notes WHERE customer_id IN (SELECT customer_id FROM purge_ids)",
    "visits_removed": "SELECT count(*) FROM visit_log WHERE customer_id IN (SELECT customer_id FROM purge_ids)",
    "import_rows_removed": "SELECT count(*) FROM import_rows WHERE customer_id IN (SELECT customer_id FROM purge_ids)",
    "sources_removed": "SELECT count(*) FROM person_sources WHERE customer_id IN (SELECT customer_id FROM purge_ids)",
    "field_changes_removed": "SELECT count(*) FROM field_changes WHERE customer_id IN (SELECT customer_id FROM purge_ids)",
    "request_texts_erased": """SELECT count(*) FROM requests
        WHERE details IS NOT NULL AND customer_id IN (SELECT customer_id FROM purge_ids)""",
    "legal_hold_reasons_erased": """SELECT count(*) FROM legal_holds
        WHERE reason <> ? AND customer_id IN (SELECT customer_id FROM purge_ids)""",
}
KEPT_SQL = """
SELECT (SELECT count(*) FROM orders WHERE customer_id IN (SELECT customer_id FROM purge_ids)),
       (SELECT count(*) FROM invoices WHERE customer_id IN (SELECT customer_id FROM purge_ids))"""


@dataclass(frozen=True)
class PurgePlan:
    today: date
    customer_ids: tuple[int, ...]
    blocked: tuple[DuePerson, ...]
    already_purged: tuple[int, ...]


@dataclass(frozen=True)
class PurgeReceipt:
    actor: str
    at: datetime
    today: date
    dry_run: bool
    customer_ids: tuple[int, ...]
    blocked: tuple[DuePerson, ...]
    already_purged: tuple[int, ...]
    counts: dict = field(default_factory=dict)
    audit_seq: int | None = None
    audit_hash: str | None = None
    store_rewritten: bool = False
    request_letters: dict = field(default_factory=dict)  # erasure request carried out -> its letters' names
    letters_dir: str | None = None  # where they were written

    @property
    def requests_completed(self) -> tuple[int, ...]:
        return tuple(sorted(self.request_letters))

    @property
    def letters(self) -> tuple[str, ...]:
        return tuple(sorted({name for names in self.request_letters.values() for name in names}))
    proposal_id: int | None = None  # a four-eyes purge: the proposal and who proposed it
    proposed_by: str | None = None

    def with_approval(self, proposal_id: int, proposed_by: str) -> PurgeReceipt:
        return replace(self, proposal_id=proposal_id, proposed_by=proposed_by)

    def to_json_bytes(self) -> bytes:
        """The downloadable receipt: ids, counts, actor and time; never personal values."""
        return (json.dumps(self.as_json(), indent=2, ensure_ascii=False) + "\n").encode("utf-8")

    def as_json(self) -> dict:
        return {
            "action": "purge",
            "dry_run": self.dry_run,
            "actor": self.actor,
            "at": self.at.isoformat() + "Z",
            "today": self.today.isoformat(),
            "customer_ids": list(self.customer_ids),
            "counts": self.counts,
            "blocked": [{"customer_id": p.customer_id, "blockers": list(p.blockers)} for p in self.blocked],
            "already_purged_ids": list(self.already_purged),
            "audit_seq": self.audit_seq,
            "audit_hash": self.audit_hash,
            "store_rewritten": self.store_rewritten,
            "requests_completed": list(self.requests_completed),
            "letters": list(self.letters),
            "letters_dir": self.letters_dir,
            **({"proposal_id": self.proposal_id, "proposed_by": self.proposed_by, "approved_by": self.actor}
               if self.proposal_id is not None else {}),
        }


def _ids_list(ids) -> str:
    ids = list(ids)
    shown = ", ".join(str(i) for i in ids[:20])
    return shown + (f" and {len(ids) - 20} more" if len(ids) > 20 else "")


def describe_blocked(conn, today: date, blocked: list[DuePerson]) -> str:
    """'person 17: open_invoice since 2026-01-02 (2 items); person 20: legal_hold since …'"""
    details = blocker_details(conn, today, [p.customer_id for p in blocked])
    by_person: dict[int, list[str]] = {}
    for d in details:
        by_person.setdefault(d.customer_id, []).append(f"{d.blocker} since {d.since.isoformat()} ({d.items})")
    shown = [f"person {p.customer_id}: {', '.join(by_person.get(p.customer_id, p.blockers))}" for p in blocked[:20]]
    more = f"; and {len(blocked) - 20} more" if len(blocked) > 20 else ""
    return "; ".join(shown) + more


def plan_purge(conn, today: date, ids: list[int] | None = None) -> PurgePlan:
    """Who a purge would erase on `today`. Without `ids`: every due, unblocked person (blocked
    ones are reported). With `ids`: exactly those, refused as a whole if any is unknown
    (NotFound), not due (NotDue) or blocked (PurgeBlocked); already purged ones are skipped."""
    if ids is None:
        due = due_persons(conn, today)
        return PurgePlan(today, tuple(p.customer_id for p in due if not p.blocked),
                         tuple(p for p in due if p.blocked), ())
    wanted = sorted(set(ids))
    known = dict(conn.execute(KNOWN_IDS_SQL, [wanted]).fetchall())
    unknown = [i for i in wanted if i not in known]
    if unknown:
        raise NotFound(f"no person with id {_ids_list(unknown)} in the register; nothing changed", code="no_person",
                       id=_ids_list(unknown))
    already = tuple(i for i in wanted if known[i])
    live = [i for i in wanted if not known[i]]
    due = due_persons(conn, today, ids=live) if live else []
    due_ids = {p.customer_id for p in due}
    not_due = [i for i in live if i not in due_ids]
    blocked = [p for p in due if p.blocked]
    problems = []
    if blocked:
        problems.append(f"blocked: {describe_blocked(conn, today, blocked)}")
    if not_due:
        problems.append(f"not due on {today.isoformat()}: person {_ids_list(not_due)}")
    if problems:
        message = f"Not purged: {'; '.join(problems)}. Nothing changed."
        if blocked:
            raise PurgeBlocked(message, code="purge_blocked", n=len(blocked))
        raise NotDue(message, code="not_due", n=len(not_due))
    return PurgePlan(today, tuple(p.customer_id for p in due), (), already)


def _counts(conn, plan: PurgePlan) -> dict:
    orders, invoices = conn.execute(KEPT_SQL).fetchone()
    counts = {"persons_purged": len(plan.customer_ids), "orders_kept_anonymous": orders, "invoices_kept": invoices}
    for key, sql in COUNT_ELSEWHERE_SQL.items():
        params = [ERASED_MARK] if "?" in sql else []
        counts[key] = conn.execute(sql, params).fetchone()[0]
    counts["erasure_requests_completed"] = answering.count_erasure_requests(conn)
    counts["blocked_skipped"] = len(plan.blocked)
    counts["already_purged"] = len(plan.already_purged)
    return counts


def plan_reapply(conn, today: date, ids: list[int]) -> PurgePlan:
    """A restore's plan: of `ids` (persons the erasure ledger records as purged), those the
    restored store holds unpurged, whatever their due date or blockers (they were erased once,
    lawfully, and must stay erased); ids the store does not hold or holds purged are skipped."""
    known = dict(conn.execute(KNOWN_IDS_SQL, [sorted(set(ids))]).fetchall())
    return PurgePlan(today, tuple(i for i, purged in known.items() if not purged), (),
                     tuple(i for i, purged in known.items() if purged))


def purge_persons(conn, today: date, actor: Actor, ids: list[int] | None = None, *, dry_run: bool = False,
                  on_progress=None, now: datetime | None = None, also=None, reason: str = "due_purge",
                  plan: PurgePlan | None = None, write_ledger: bool = True,
                  letters_dir: Path | str | None = None) -> PurgeReceipt:
    """Purge every due, unblocked person (or exactly `ids`); see the module docstring.

    `on_progress(done, total)` is called as the steps finish (plan, erase, rewrite, done).
    `also(conn)` runs inside the purge's transaction (an erasure request closes with its purge).
    `reason` goes to the erasure ledger (registry/store/ledger.py) with the ids; `plan` replaces the
    due rule's plan (a restore re-applying the ledger: `plan_reapply`, which writes the ledger
    file itself once its store is in place: `write_ledger=False`).
    The open, verified erasure requests of the persons erased are completed in the same
    transaction, their letters made before the erasure and written into `letters_dir` (default:
    `letters/` beside the store); see registry/requests/answers.py.
    Repeating a purge changes nothing: purged persons are never due again."""
    require(actor, "purge")
    if reason not in ledger.REASONS:
        raise ValueError(f"unknown purge reason {reason!r}")
    now = (now or utc_now()).replace(microsecond=0)
    progress = on_progress or (lambda done, total: None)
    plan = plan or plan_purge(conn, today, ids)
    progress(1, 4)
    conn.execute(PURGE_IDS_SQL, [list(plan.customer_ids)])
    try:
        counts = _counts(conn, plan)
        receipt = dict(actor=actor.name, at=now, today=today, dry_run=dry_run, customer_ids=plan.customer_ids,
                       blocked=plan.blocked, already_purged=plan.already_purged, counts=counts)
        if dry_run or not plan.customer_ids:
            progress(4, 4)
            return PurgeReceipt(**receipt)
        paths = locks.store_paths(conn)
        erasure = ledger.Erasure(uuid.uuid4().hex, now, reason, plan.customer_ids)
        answers = answering.erasure_answers(conn, today)  # before the erasure: the letters need the address
        out = Path(letters_dir) if letters_dir is not None else answering.default_letters_dir(conn) if answers \
            else None
        # The journal names the letters: a crash before the commit leaves none that says "erased".
        files.write_journal(paths, {"action": "purge", "actor": actor.name, "at": now.isoformat(),
                                 "persons": len(plan.customer_ids), "purge_id": erasure.purge_id,
                                 "letters": [str(out / name) for a in answers for name in a.files]})
        files.fault_point("journal_written")
        written = answering.write_letters(answers, out) if answers else {}
        files.fault_point("letters_written")
        try:
            with db.transaction(conn):
                geo.load_region_table(conn)
                conn.execute(ERASE_PERSONS_SQL, [now])
                for sql in ELSEWHERE_SQL.values():
                    conn.execute(sql, [ERASED_MARK, ERASED_MARK] if "?" in sql else [])
                entry = write_audit(conn, actor.name, "purge", {
                    "customer_ids": list(plan.customer_ids),
                    "counts": counts,
                    "today": today.isoformat(),
                    "role": actor.role,
                }, at=now)
                erasure = replace(erasure, audit_seq=entry.seq)
                ledger.record_erasure(conn, erasure)
                answering.record_answers(conn, actor.name, answers, written, today, erasure.purge_id)
                if also is not None:
                    also(conn)
                files.fault_point("purge_before_commit")
        except BaseException:
            files.clear_journal(paths)  # rolled back: the store is as before, nothing to rewrite
            if written:
                answering.remove_letters(written, out)
            raise
    finally:
        conn.execute(DROP_PURGE_IDS_SQL)
    files.fault_point("purge_committed")
    # The file beside the store, fsynced before the purge reports success (a crash before this
    # line leaves the journal: the next command appends what the store's table has).
    if write_ledger:
        ledger.sync_ledger(conn, ledger.ledger_path(paths.store))
    files.fault_point("ledger_appended")
    progress(2, 4)
    locks.rewrite_store(conn)
    progress(3, 4)
    files.clear_journal(paths)
    files.fault_point("journal_cleared")
    progress(4, 4)
    return PurgeReceipt(**receipt, audit_seq=entry.seq, audit_hash=entry.hash, store_rewritten=True,
                        request_letters={rid: tuple(d.file_name for d in documents)
                                         for rid, documents in written.items()},
                        letters_dir=str(out) if answers else None)
