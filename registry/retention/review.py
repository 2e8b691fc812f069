"""The purge review (REGISTER.md section 3; issue #11): whom a purge will erase, by name; keeping a
person out of it with a reason; and four eyes for a large purge.

- `review_page` lists the reviewed persons (name, organisation, relationship ended, reason, due
  on), searched and paginated by keyset in SQL, for a manager who may see personal data.
- `keep_out` places a legal hold with the reviewer's reason, recording who placed it and when: the
  person is blocked (and shown so) until the hold is lifted on their record (`lift_hold`).
- A purge of more than FOUR_EYES_THRESHOLD persons from the dashboard is proposed by one manager
  (`propose_purge`) and carried out only when another manager approves it (`approve_proposal`);
  the proposer cannot approve their own, a proposal covers exactly the persons reviewed, and it
  lapses at the end of its day. The proposal records the holds its reviewer placed in the review
  (`kept_out`), and the approving manager sees whom they kept out, by whom, when and why
  (`kept_out_persons`); `proposals_awaiting` counts what waits for a manager's decision (the
  Overview's tile and the sidebar's notice). At or below the threshold `purge_reviewed` carries it
  out at once.
  The command line's `purge --yes` is the operator's tool for scheduled jobs and is outside this
  rule (docs/operations.md).

Every change is one transaction with its audit entry (ids, never names).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime

from ..access import Actor, require
from ..audit import utc_now, write_audit
from ..store.db import transaction
from ..errors import BadInput, NotFound, RefusedByRule
from ..purge import PurgeReceipt, purge_persons
from .due import DUE_ON_SQL

FOUR_EYES_THRESHOLD = 100  # a dashboard purge of more persons than this needs a second manager
MAX_REASON_LENGTH = 500

# $ids: the reviewed ids; $q: lower-cased search text or NULL; $after, $limit: keyset paging.
# Due on and reason from section 3's one definition (retention.due.DUE_ON_SQL).
REVIEW_SQL = """
SELECT c.id, concat_ws(' ', c.first_name, c.last_name) AS name, o.name AS organisation, c.customer_until,
       d.reason, d.due_on
FROM customers c
JOIN (""" + DUE_ON_SQL + """) d ON d.customer_id = c.id
LEFT JOIN organisations o ON o.id = c.organisation_id
WHERE c.id IN (SELECT unnest($ids::BIGINT[])) AND c.id > $after
  AND ($q IS NULL OR contains(lower(concat_ws(' ', c.first_name, c.last_name)), $q)
       OR contains(lower(concat_ws(' ', c.last_name, c.first_name)), $q)
       OR contains(lower(o.name), $q) OR c.id = $id)
ORDER BY c.id
LIMIT $limit"""
REVIEW_COUNT_SQL = """
SELECT count(*) FROM customers c LEFT JOIN organisations o ON o.id = c.organisation_id
WHERE c.id IN (SELECT unnest($ids::BIGINT[]))
  AND ($q IS NULL OR contains(lower(concat_ws(' ', c.first_name, c.last_name)), $q)
       OR contains(lower(concat_ws(' ', c.last_name, c.first_name)), $q)
       OR contains(lower(o.name), $q) OR c.id = $id)"""

NEXT_HOLD_ID_SQL = "SELECT coalesce(max(id), 0) + 1 FROM legal_holds"
INSERT_HOLD_SQL = """
INSERT INTO legal_holds (id, customer_id, reason, placed_on, lifted_on, placed_by, placed_at)
VALUES (?, ?, ?, ?, NULL, ?, ?)"""
HOLD_SQL = "SELECT customer_id, lifted_on FROM legal_holds WHERE id = ?"
LIFT_HOLD_SQL = "UPDATE legal_holds SET lifted_on = ? WHERE id = ?"
PERSON_STATE_SQL = "SELECT purged_on FROM customers WHERE id = ?"

PROPOSAL_COLUMNS = ("id, proposed_by, proposed_at, for_day, customer_ids, ids_digest, status, decided_by, "
                    "decided_at, decision_reason, audit_seq, kept_out")
PROPOSAL_SQL = f"SELECT {PROPOSAL_COLUMNS} FROM purge_proposals WHERE id = ?"  # fixed column list
OPEN_PROPOSALS_SQL = (f"SELECT {PROPOSAL_COLUMNS} FROM purge_proposals "  # fixed column list
                      "WHERE status = 'proposed' AND for_day = ? ORDER BY id")
SAME_PROPOSAL_SQL = """
SELECT id FROM purge_proposals
WHERE status = 'proposed' AND for_day = ? AND proposed_by = ? AND ids_digest = ? ORDER BY id LIMIT 1"""
NEXT_PROPOSAL_ID_SQL = "SELECT coalesce(max(id), 0) + 1 FROM purge_proposals"
INSERT_PROPOSAL_SQL = """
INSERT INTO purge_proposals (id, proposed_by, proposed_at, for_day, customer_ids, ids_digest, status, kept_out)
VALUES (?, ?, ?, ?, ?, ?, 'proposed', ?)"""
# The holds a reviewer says they placed in this review, checked before the proposal records them.
REVIEW_HOLDS_SQL = "SELECT id, customer_id, placed_by, placed_on FROM legal_holds WHERE id IN (SELECT unnest(?::BIGINT[]))"
# Whom a proposal's review kept out: each person's name and the hold (reason, who, when, lifted since?).
KEPT_OUT_SQL = """
SELECT h.id, h.customer_id, concat_ws(' ', c.first_name, c.last_name), h.reason, h.placed_by, h.placed_at,
       h.placed_on, h.lifted_on
FROM legal_holds h LEFT JOIN customers c ON c.id = h.customer_id
WHERE h.id IN (SELECT unnest(?::BIGINT[]))
ORDER BY h.placed_at NULLS LAST, h.id"""
DECIDE_PROPOSAL_SQL = """
UPDATE purge_proposals SET status = ?, decided_by = ?, decided_at = ?, decision_reason = ?, audit_seq = ?
WHERE id = ? AND status = 'proposed'"""


class FourEyesRequired(RefusedByRule):
    """A dashboard purge of more than FOUR_EYES_THRESHOLD persons needs a second manager."""


@dataclass(frozen=True)
class ReviewRow:
    customer_id: int
    name: str
    organisation: str | None
    customer_until: date | None
    reason: str
    due_on: date


@dataclass(frozen=True)
class ReviewPage:
    rows: tuple[ReviewRow, ...]
    matched: int  # persons of the review the search matches (all of them without a search)
    next_after: int | None


@dataclass(frozen=True)
class Proposal:
    proposal_id: int
    proposed_by: str
    proposed_at: datetime
    for_day: date
    customer_ids: tuple[int, ...]
    ids_digest: str
    status: str  # proposed, approved, refused, withdrawn
    decided_by: str | None
    decided_at: datetime | None
    decision_reason: str | None
    audit_seq: int | None
    kept_out: tuple[int, ...] = ()  # ids of the legal holds its reviewer placed in the review

    @classmethod
    def from_row(cls, row) -> Proposal:
        values = list(row)
        values[4] = tuple(sorted(values[4]))
        values[11] = tuple(sorted(values[11] or ()))
        return cls(*values)

    def lapsed(self, today: date) -> bool:
        return self.status == "proposed" and today > self.for_day


@dataclass(frozen=True)
class KeptOutPerson:
    """A person kept out of a proposed purge during its review, and the hold that keeps them out."""

    hold_id: int
    customer_id: int
    name: str  # '' when the register holds no name (erased since)
    reason: str
    placed_by: str | None  # a username
    placed_at: datetime | None  # UTC
    placed_on: date
    lifted_on: date | None


@dataclass(frozen=True)
class AwaitingProposals:
    """Today's open proposals as one manager sees them: those they may decide, and their own."""

    for_you: tuple[int, ...]  # proposal ids, oldest first
    yours: tuple[int, ...]


def needs_second_manager(count: int) -> bool:
    """Whether a dashboard purge of `count` persons must be approved by another manager."""
    return count > FOUR_EYES_THRESHOLD


def ids_digest(ids) -> str:
    """A short fingerprint of a set of ids: a proposal is for exactly these persons."""
    return hashlib.sha256(",".join(str(i) for i in sorted(set(ids))).encode("ascii")).hexdigest()[:16]


def review_page(conn, actor: Actor, ids, search: str | None = None, after_id: int = 0,
                limit: int = 25) -> ReviewPage:
    """One page (by id) of the reviewed persons `ids`, with their names; `search` matches a name
    (either order), an organisation or an id. Restricted persons never reach a purge review
    unnamed: a manager who may purge may see them (the purge is the processing Art. 18 allows)."""
    require(actor, "purge")
    text = (search or "").strip().lower() or None
    as_id = int(text) if text and text.isdigit() and len(text) < 19 else None
    params = {"ids": list(ids), "q": text, "id": as_id}
    matched = conn.execute(REVIEW_COUNT_SQL, params).fetchone()[0]
    rows = conn.execute(REVIEW_SQL, {**params, "after": after_id, "limit": limit + 1}).fetchall()
    page = tuple(ReviewRow(*row) for row in rows[:limit])
    return ReviewPage(page, matched, page[-1].customer_id if len(rows) > limit else None)


def _reason(text: str | None) -> str:
    reason = " ".join((text or "").split())
    if not reason:
        raise BadInput("keeping a person out of a purge needs a reason (it becomes the legal hold's reason)",
                       code="reason_needed")
    if len(reason) > MAX_REASON_LENGTH:
        raise BadInput(f"the reason is longer than {MAX_REASON_LENGTH} characters", code="reason_too_long",
                       limit=MAX_REASON_LENGTH)
    return reason


def keep_out(conn, today: date, actor: Actor, customer_id: int, reason: str, now: datetime | None = None) -> int:
    """Keep a person out of purges: place a legal hold with the reviewer's reason (REGISTER.md
    section 3's `legal_hold` blocker) until it is lifted, recording who placed it and when.
    Returns the hold's id. A second click with the same reason on the same day places no second hold."""
    require(actor, "purge")
    reason = _reason(reason)
    now = (now or utc_now()).replace(microsecond=0)
    with transaction(conn):
        row = conn.execute(PERSON_STATE_SQL, [customer_id]).fetchone()
        if row is None:
            raise NotFound(f"no person with id {customer_id} in the register", code="no_person", id=customer_id)
        if row[0] is not None:
            raise RefusedByRule(f"person {customer_id} is purged already; nothing to keep",
                                code="already_purged", id=customer_id)
        same = conn.execute("SELECT id FROM legal_holds WHERE customer_id = ? AND reason = ? AND placed_on = ? "
                            "AND lifted_on IS NULL", [customer_id, reason, today]).fetchone()
        if same:
            return same[0]
        hold_id = conn.execute(NEXT_HOLD_ID_SQL).fetchone()[0]
        conn.execute(INSERT_HOLD_SQL, [hold_id, customer_id, reason, today, actor.name, now])
        write_audit(conn, actor.name, "legal_hold_placed", {"customer_id": customer_id, "hold_id": hold_id,
                                                           "from": "purge_review", "today": today.isoformat()},
                    at=now)
    return hold_id


def lift_hold(conn, today: date, actor: Actor, hold_id: int, now: datetime | None = None) -> None:
    """Lift a legal hold on `today` (audited); lifting a lifted hold changes nothing."""
    require(actor, "decide_request")
    with transaction(conn):
        row = conn.execute(HOLD_SQL, [hold_id]).fetchone()
        if row is None:
            raise NotFound(f"no legal hold with id {hold_id}", code="no_hold", id=hold_id)
        if row[1] is not None:
            return
        conn.execute(LIFT_HOLD_SQL, [today, hold_id])
        write_audit(conn, actor.name, "legal_hold_lifted", {"customer_id": row[0], "hold_id": hold_id,
                                                           "today": today.isoformat()}, at=now)


def purge_reviewed(conn, today: date, actor: Actor, ids, *, on_progress=None,
                   now: datetime | None = None, letters_dir=None) -> PurgeReceipt:
    """Carry out a reviewed purge of `ids` at once: only at or below the four-eyes threshold."""
    ids = sorted(set(ids))
    if needs_second_manager(len(ids)):
        raise FourEyesRequired(f"a purge of {len(ids)} persons needs another manager's approval "
                               f"(more than {FOUR_EYES_THRESHOLD}); propose it instead",
                               code="four_eyes_required", n=len(ids), limit=FOUR_EYES_THRESHOLD)
    return purge_persons(conn, today, actor, ids, on_progress=on_progress, now=now, reason="reviewed_purge",
                         letters_dir=letters_dir)


def get_proposal(conn, proposal_id: int) -> Proposal:
    row = conn.execute(PROPOSAL_SQL, [proposal_id]).fetchone()
    if row is None:
        raise NotFound(f"no purge proposal {proposal_id}", code="no_proposal", id=proposal_id)
    return Proposal.from_row(row)


def open_proposals(conn, actor: Actor, today: date) -> list[Proposal]:
    """Today's proposals awaiting a decision (earlier days' have lapsed)."""
    require(actor, "purge")
    return [Proposal.from_row(row) for row in conn.execute(OPEN_PROPOSALS_SQL, [today]).fetchall()]


def proposals_awaiting(conn, actor: Actor, today: date) -> AwaitingProposals:
    """Today's open proposals `actor` may decide (another manager proposed them) and their own
    awaiting another manager: what the Overview's tile and the sidebar's notice count."""
    proposals = open_proposals(conn, actor, today)
    return AwaitingProposals(tuple(p.proposal_id for p in proposals if p.proposed_by != actor.name),
                             tuple(p.proposal_id for p in proposals if p.proposed_by == actor.name))


def _check_kept_out(conn, today: date, actor: Actor, ids: list[int], hold_ids: list[int]) -> None:
    """The holds a proposal records must be this review's: placed by its proposer today, each
    keeping out a person the purge leaves out."""
    found = {row[0]: row for row in conn.execute(REVIEW_HOLDS_SQL, [hold_ids]).fetchall()}
    for hold_id in hold_ids:
        if hold_id not in found:
            raise NotFound(f"no legal hold with id {hold_id}", code="no_hold", id=hold_id)
        _, customer_id, placed_by, placed_on = found[hold_id]
        if placed_by != actor.name or placed_on != today:
            raise BadInput(f"legal hold {hold_id} was not placed by {actor.name} today: it is not from this review",
                           code="hold_not_in_review", id=hold_id)
        if customer_id in ids:
            raise BadInput(f"legal hold {hold_id} keeps person {customer_id} out, but the proposal purges them",
                           code="kept_out_in_purge", id=hold_id, customer_id=customer_id)


def propose_purge(conn, today: date, actor: Actor, ids, kept_out=(), now: datetime | None = None) -> Proposal:
    """Propose purging exactly `ids` today, for another manager to approve. The ids are checked
    as a purge would check them (unknown, not due or blocked: refused, nothing recorded).
    `kept_out` are the ids of the legal holds the proposer placed in this review (`keep_out`): the
    proposal records them for the approver to see; each must be the proposer's of today and keep
    out a person the purge leaves out. The same proposal twice on one day (a double click) is
    recorded once."""
    require(actor, "purge")
    ids = sorted(set(ids))
    hold_ids = sorted(set(kept_out))
    if not ids:
        raise BadInput("a proposal needs at least one person", code="nothing_to_purge")
    plan = purge_persons(conn, today, actor, ids, dry_run=True)
    digest = ids_digest(plan.customer_ids)
    now = (now or utc_now()).replace(microsecond=0)
    with transaction(conn):
        _check_kept_out(conn, today, actor, list(plan.customer_ids), hold_ids)
        same = conn.execute(SAME_PROPOSAL_SQL, [today, actor.name, digest]).fetchone()
        if same:
            proposal_id = same[0]
        else:
            proposal_id = conn.execute(NEXT_PROPOSAL_ID_SQL).fetchone()[0]
            conn.execute(INSERT_PROPOSAL_SQL, [proposal_id, actor.name, now, today, list(plan.customer_ids), digest,
                                               hold_ids])
            write_audit(conn, actor.name, "purge_proposed", {"proposal_id": proposal_id,
                                                            "customer_ids": list(plan.customer_ids),
                                                            "kept_out_holds": hold_ids,
                                                            "counts": plan.counts, "today": today.isoformat()},
                        at=now)
    return get_proposal(conn, proposal_id)


def kept_out_persons(conn, actor: Actor, proposal_id: int) -> list[KeptOutPerson]:
    """Whom the review of proposal `proposal_id` kept out of it, by name, with each hold's reason,
    who placed it and when (the approver reads them before deciding); in the order they were kept out."""
    require(actor, "purge")
    proposal = get_proposal(conn, proposal_id)
    if not proposal.kept_out:
        return []
    return [KeptOutPerson(*row) for row in conn.execute(KEPT_OUT_SQL, [list(proposal.kept_out)]).fetchall()]


def _decidable(proposal: Proposal, today: date, actor: Actor, *, deciding: bool = True) -> None:
    if proposal.status != "proposed":
        raise RefusedByRule(f"purge proposal {proposal.proposal_id} is {proposal.status} already",
                            code=f"proposal_{proposal.status}", id=proposal.proposal_id)
    if proposal.lapsed(today):
        raise RefusedByRule(f"purge proposal {proposal.proposal_id} lapsed at the end of "
                            f"{proposal.for_day.isoformat()}; review and propose again",
                            code="proposal_lapsed", id=proposal.proposal_id, day=proposal.for_day)
    if deciding and proposal.proposed_by == actor.name:
        raise RefusedByRule(f"{actor.name} proposed purge {proposal.proposal_id} and cannot approve it too; "
                            "another manager decides", code="own_proposal", id=proposal.proposal_id)


def approve_proposal(conn, today: date, actor: Actor, proposal_id: int, *, on_progress=None,
                     now: datetime | None = None, letters_dir=None) -> PurgeReceipt:
    """Another manager approves: the purge of exactly the proposal's persons is carried out, in
    one transaction with the approval. Refused as a whole, nothing changed, if one of them has
    since been blocked or is no longer due (refuse the proposal and review again); persons purged
    meanwhile by someone else are skipped. A second approval is refused: the proposal is approved."""
    require(actor, "purge")
    proposal = get_proposal(conn, proposal_id)
    _decidable(proposal, today, actor)
    now = (now or utc_now()).replace(microsecond=0)

    def record(c) -> None:  # inside the purge's transaction: the approval stands or falls with it
        entry = write_audit(c, actor.name, "purge_approved", {"proposal_id": proposal_id,
                                                             "proposed_by": proposal.proposed_by,
                                                             "today": today.isoformat()}, at=now)
        c.execute(DECIDE_PROPOSAL_SQL, ["approved", actor.name, now, None, entry.seq, proposal_id])

    receipt = purge_persons(conn, today, actor, list(proposal.customer_ids), on_progress=on_progress, now=now,
                            also=record, reason="reviewed_purge", letters_dir=letters_dir)
    return receipt.with_approval(proposal_id, proposal.proposed_by)


def refuse_proposal(conn, today: date, actor: Actor, proposal_id: int, reason: str,
                    now: datetime | None = None) -> Proposal:
    """Another manager refuses the proposal with a reason; nobody is purged."""
    require(actor, "purge")
    reason = " ".join((reason or "").split())
    if not reason:
        raise BadInput("a refusal needs a reason", code="reason_needed")
    return _close(conn, today, actor, proposal_id, "refused", reason, now)


def withdraw_proposal(conn, today: date, actor: Actor, proposal_id: int, now: datetime | None = None) -> Proposal:
    """The proposer takes their own proposal back (to review again)."""
    require(actor, "purge")
    proposal = get_proposal(conn, proposal_id)
    if proposal.proposed_by != actor.name:
        raise RefusedByRule(f"only {proposal.proposed_by} can withdraw purge proposal {proposal_id}",
                            code="not_own_proposal", id=proposal_id)
    return _close(conn, today, actor, proposal_id, "withdrawn", None, now)


def _close(conn, today: date, actor: Actor, proposal_id: int, status: str, reason: str | None,
           now: datetime | None) -> Proposal:
    now = (now or utc_now()).replace(microsecond=0)
    with transaction(conn):
        proposal = get_proposal(conn, proposal_id)
        _decidable(proposal, today, actor, deciding=status == "refused")
        action = {"refused": "purge_refused", "withdrawn": "purge_withdrawn"}[status]
        entry = write_audit(conn, actor.name, action, {"proposal_id": proposal_id,
                                                                  "proposed_by": proposal.proposed_by,
                                                                  "today": today.isoformat()}, at=now)
        conn.execute(DECIDE_PROPOSAL_SQL, [status, actor.name, now, reason, entry.seq, proposal_id])
    return get_proposal(conn, proposal_id)
