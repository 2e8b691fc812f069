"""Refusals as manifestly unfounded or excessive (GDPR Art. 12(5), REGISTER.md section 4).

Read narrowly, with the burden of proof on the controller: the deciding manager writes the ground
and a justification, and a second manager approves before the letter goes (the four eyes of a
large purge). On the command line both are given at once (`request refuse --manifestly G
--approved-by B`); on the dashboard the first manager proposes (`propose_refusal`), the proposal
waits on the other managers' Overview, and one of them approves it (`approve_refusal`, which
refuses by `rights.refuse_request` itself) or declines it; the proposer may withdraw it. The
justification stays with the request (its closing_reason) for the auditor (`art_12_5_refusals`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from ..access import Actor, require
from ..audit import utc_now, write_audit
from ..errors import BadInput, NotFound, RefusedByRule
from ..store.db import transaction
from .register import GROUNDS, open_request
from .rights import Outcome, not_a_duplicate, refuse_request

PROPOSAL_SQL = "SELECT request_id, ground, justification, proposed_by, proposed_at FROM refusal_proposals WHERE request_id = ?"
PENDING_SQL = """
SELECT p.request_id, p.ground, p.justification, p.proposed_by, p.proposed_at
FROM refusal_proposals p JOIN requests r ON r.id = p.request_id
WHERE r.status IN ('received', 'in_progress')
ORDER BY p.proposed_at, p.request_id"""
INSERT_SQL = "INSERT INTO refusal_proposals VALUES (?, ?, ?, ?, ?)"
DELETE_SQL = "DELETE FROM refusal_proposals WHERE request_id = ?"
# Every Art. 12(5) refusal, newest first: what the auditor reads (the ground, the justification,
# who decided, who approved).
REFUSALS_SQL = """
SELECT r.id, r.kind, r.received_on, r.closed_on, r.refusal_ground, r.closing_reason,
       (SELECT a.actor FROM audit_log a WHERE a.action = 'request_refused'
          AND json_extract(a.details, '$.request_id')::BIGINT = r.id ORDER BY a.seq DESC LIMIT 1) AS decided_by,
       r.approved_by
FROM requests r
WHERE r.refusal_ground IS NOT NULL
ORDER BY r.closed_on DESC, r.id DESC
LIMIT $limit"""


@dataclass(frozen=True)
class RefusalProposal:
    request_id: int
    ground: str
    justification: str
    proposed_by: str
    proposed_at: datetime


@dataclass(frozen=True)
class ManifestRefusal:
    request_id: int
    kind: str
    received_on: date
    refused_on: date
    ground: str
    justification: str
    decided_by: str | None
    approved_by: str | None


def proposal_for(conn, request_id: int) -> RefusalProposal | None:
    row = conn.execute(PROPOSAL_SQL, [request_id]).fetchone()
    return RefusalProposal(*row) if row else None


def pending_refusals(conn, actor: Actor) -> tuple[list[RefusalProposal], list[RefusalProposal]]:
    """The proposals of open requests: (those awaiting this manager's approval: another's,
    this manager's own)."""
    rows = [RefusalProposal(*row) for row in conn.execute(PENDING_SQL).fetchall()]
    return [p for p in rows if p.proposed_by != actor.name], [p for p in rows if p.proposed_by == actor.name]


def propose_refusal(conn, actor: Actor, request_id: int, ground: str, justification: str,
                    now: datetime | None = None) -> RefusalProposal:
    """Propose refusing the request as manifestly unfounded or excessive. Nothing is sent: the
    letter goes when another manager approves. A second click with the same words changes nothing."""
    require(actor, "decide_request")
    if ground not in GROUNDS:
        raise BadInput(f"the ground must be one of {', '.join(GROUNDS)}", code="bad_choice", value=ground)
    justification = (justification or "").strip()
    if not justification:
        raise BadInput("a refusal as manifestly unfounded or excessive needs its justification: the burden of "
                       "proof is the controller's", code="justification_needed")
    with transaction(conn):
        not_a_duplicate(open_request(conn, request_id))
        existing = proposal_for(conn, request_id)
        if existing is not None:
            if (existing.ground, existing.justification, existing.proposed_by) == (ground, justification, actor.name):
                return existing
            raise RefusedByRule(f"request {request_id} already has a refusal proposal by {existing.proposed_by}; "
                                "nothing changed", code="refusal_proposed_already", id=request_id,
                                who=existing.proposed_by)
        conn.execute(INSERT_SQL, [request_id, ground, justification, actor.name,
                                  (now or utc_now()).replace(microsecond=0)])
        write_audit(conn, actor.name, "refusal_proposed", {"request_id": request_id, "ground": ground})
    return proposal_for(conn, request_id)


def _proposal(conn, request_id: int) -> RefusalProposal:
    proposal = proposal_for(conn, request_id)
    if proposal is None:
        raise NotFound(f"request {request_id} has no refusal waiting for approval", code="no_refusal_proposal",
                       id=request_id)
    return proposal


def approve_refusal(conn, actor: Actor, request_id: int, today: date, out_dir) -> Outcome:
    """A second manager approves: the request (and its duplicates) is refused by the proposer's
    decision with the letter stating the ground and both remedies (`rights.refuse_request`, which
    checks that the approver is an active manager other than the proposer)."""
    require(actor, "decide_request")
    proposal = _proposal(conn, request_id)
    decider = Actor(proposal.proposed_by, "manager")
    # One transaction: the refusal's audit entry names the proposer as deciding and this manager as approving.
    return refuse_request(conn, decider, request_id, proposal.justification, today, out_dir, proposal.ground,
                          approved_by=actor.name)


def decline_refusal(conn, actor: Actor, request_id: int) -> None:
    """The proposal is declined by another manager, or withdrawn by its proposer: the request stays
    open, nothing is sent."""
    require(actor, "decide_request")
    with transaction(conn):
        proposal = _proposal(conn, request_id)
        conn.execute(DELETE_SQL, [request_id])
        action = "refusal_withdrawn" if proposal.proposed_by == actor.name else "refusal_declined"
        write_audit(conn, actor.name, action, {"request_id": request_id, "ground": proposal.ground})


def art_12_5_refusals(conn, actor: Actor, limit: int = 200) -> list[ManifestRefusal]:
    """The requests refused as manifestly unfounded or excessive, newest first, with the
    justification the controller must be able to show (the auditor's reading)."""
    require(actor, "read_audit")
    return [ManifestRefusal(*row) for row in conn.execute(REFUSALS_SQL, {"limit": limit}).fetchall()]
