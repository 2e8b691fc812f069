"""Completing and refusing data-subject requests (GDPR Art. 15-21, REGISTER.md section 4).

`complete_request` does what the request's kind asks and writes the person's documents into a
directory; `refuse_request` closes it with a letter of reasons; `extend_with_letter` extends it
once with a letter saying why. Each is one transaction with its audit entry; the store keeps
only the documents' metadata (file name, SHA-256, size, date). The letters themselves are made
in registry/letters.py from a `Case`. An erasure runs the very purge of the purge review
(`purge.purge_persons`); it needs a connection opened with `connect(..., exclusive=True)`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .. import documents as docs
from .. import letters, validation
from ..access import Actor, require
from .answers import RECORD_DOCUMENT_SQL
from ..audit import utc_now, write_audit
from ..clock import finnish_time
from ..customers import person_data
from ..store.db import transaction
from ..errors import AnswerRequestsFirst, BadInput, IdentityNotVerified, NotMatched, RefusedByRule
from ..users import get_user
from ..fields import PERSONAL_COLUMNS
from ..letters import Case
from ..purge import purge_persons
from .register import CLOSE_SQL, GROUNDS, Request, ask_person, duplicates_of, extend_request, open_request
from ..retention.due import blocker_details, open_other_requests
from ..settings import ask_days, current_settings

NEEDS_IDENTITY = ("access", "rectification", "portability", "erasure")
# Identifiers from this fixed tuple only.
FLAG_SQL = {column: f"UPDATE customers SET {column} = coalesce({column}, ?) WHERE id = ?"
            for column in ("restricted_on", "marketing_objection_on")}


@dataclass(frozen=True)
class Outcome:
    request_id: int
    status: str
    files: tuple[str, ...]
    closed_with: tuple[int, ...] = ()  # the duplicates closed with it, by the same letter

    def as_json(self) -> dict:
        return {"request_id": self.request_id, "status": self.status, "files": list(self.files),
                "closed_with": sorted(self.closed_with)}


def _case(conn, request: Request, today: date, changes: dict | None = None) -> Case:
    """The request with the person's data as held now and the settings, for its letters; the
    letter names the receipt days of the duplicates it answers too."""
    if request.customer_id is None:
        person, related = {}, {}
    else:
        person, related = person_data(conn, request.customer_id)
    also = tuple(d.received_on for d in duplicates_of(conn, request.request_id))
    return Case(request, person, related, today, current_settings(conn), dict(changes or {}), also)


def not_a_duplicate(request: Request) -> None:
    """A duplicate is never carried out or refused on its own: it closes with its earliest request."""
    if request.duplicate_of is not None:
        raise RefusedByRule(f"request {request.request_id} is a duplicate of request {request.duplicate_of} (the same "
                            "kind, from the same person, while that one is open): it is answered and closed with "
                            f"request {request.duplicate_of} by one letter; nothing changed", code="is_duplicate",
                            id=request.request_id, first=request.duplicate_of)


def _close_duplicates(conn, actor: Actor, request: Request, status: str, today: date, names) -> tuple[int, ...]:
    """Inside the closing transaction: close the request's open duplicates with the same outcome and
    the same letter (recorded for each), audited. Their ids."""
    closed = []
    for duplicate in duplicates_of(conn, request.request_id):
        for name in names:
            conn.execute(COPY_DOCUMENT_SQL, [duplicate.request_id, request.request_id, name])
        _close(conn, actor, duplicate, status, today, f"closed with request {request.request_id}",
               {"files": list(names), "closed_with": request.request_id})
        closed.append(duplicate.request_id)
    return tuple(closed)


def _open_matched(conn, request_id: int) -> Request:
    request = open_request(conn, request_id)
    if request.customer_id is None:
        raise NotMatched(f"request {request_id} is not matched to a person yet: match it to a person first; "
                         "nothing changed", code="not_matched", id=request_id)
    return request


ERASED_ON_SQL = "SELECT purged_on FROM customers WHERE id = ?"
# A duplicate's record of the letter that answered it: the same file, name and digest as its earliest request's.
COPY_DOCUMENT_SQL = """
INSERT OR REPLACE INTO request_documents
SELECT ?, file_name, sha256, size_bytes, created_on FROM request_documents WHERE request_id = ? AND file_name = ?"""


def erased_on(conn, customer_id: int) -> date | None:
    """The day (in Finland) the person's data was erased, or None while it is held."""
    row = conn.execute(ERASED_ON_SQL, [customer_id]).fetchone()
    return finnish_time(row[0]).date() if row and row[0] is not None else None


def _out_dir(out_dir) -> Path:
    path = Path(out_dir)
    if path.exists() and not path.is_dir():
        raise BadInput(f"{path} is not a directory")
    if not path.parent.is_dir():
        raise BadInput(f"the directory {path.parent} does not exist")
    path.mkdir(exist_ok=True)
    return path


def _save(conn, request: Request, out_dir: Path, files: dict[str, bytes], today: date) -> tuple[str, ...]:
    names = []
    for name, content in files.items():
        document = docs.write_document(out_dir, name, content)
        conn.execute(RECORD_DOCUMENT_SQL, [request.request_id, document.file_name, document.sha256, document.size,
                                           today])
        names.append(name)
    return tuple(names)


def _close(conn, actor: Actor, request: Request, status: str, today: date, reason: str | None, details: dict):
    conn.execute(CLOSE_SQL, [status, today, reason, request.request_id])
    write_audit(conn, actor.name, f"request_{status}", {"request_id": request.request_id, "kind": request.kind,
                                                       **details})


def _access(conn, case: Case):
    return "completed", letters.access_files(case), {}


def _portability(conn, case: Case):
    return "completed", letters.portability_files(case), {}


def validate_changes(changes: dict[str, str]) -> dict[str, str | None]:
    """Check corrected fields with the import's validators (registry/validation.py), so that a
    rectification stores a field as an import does: e-mail lower-case, phone E.164, country
    ISO 3166 alpha-2 (a code or a name), a Finnish postcode of five digits."""
    if not changes:
        raise BadInput("a rectification needs the corrected fields, e.g. --set email=new@example.fi",
                       code="no_corrections")
    clean = {}
    for field, value in changes.items():
        if field not in PERSONAL_COLUMNS:
            raise BadInput(f"{field!r} is not a personal field; use one of {', '.join(PERSONAL_COLUMNS)}",
                           code="not_a_field", field=field)
        value = (value or "").strip() or None
        if value is None:
            clean[field] = None
        elif field == "email":
            if (normal := validation.email(value)) is None:
                raise BadInput(f"email {value!r} is not a valid e-mail address", code="bad_email")
            clean[field] = normal
        elif field == "phone":
            if (normal := validation.phone(value)) is None:
                raise BadInput(f"phone {value!r} is not a valid phone number", code="bad_phone")
            clean[field] = normal
        elif field.endswith("_country"):
            if (code := validation.country(value)) is None:
                raise BadInput(f"{field} {value!r} is not a country: give a code (FI, FIN) or a name (Suomi, Finland)",
                               code="bad_country")
            clean[field] = code
        elif field.endswith("_postcode") and validation.finnish_postcode(value) is None:
            raise BadInput(f"{field} {value!r} is not a Finnish postcode (five digits)", code="bad_postcode")
        else:
            clean[field] = value
    return clean


def _rectification(conn, case: Case):
    clean = validate_changes(case.changes)
    # Column names come from PERSONAL_COLUMNS, checked in validate_changes above.
    conn.execute("UPDATE customers SET " + ", ".join(f"{f} = ?" for f in clean) + " WHERE id = ?",
                 [*clean.values(), case.request.customer_id])
    files, recipients = letters.rectification_files(case, clean)
    return "completed", files, {"fields": list(clean), "notified": len(recipients)}


def _flag(column: str):
    def apply(conn, case: Case):
        conn.execute(FLAG_SQL[column], [case.today, case.request.customer_id])
        return "completed", letters.done_letter(case), {}
    return apply


# What completing each kind does (an erasure is the purge, see `_erasure`): (status, files, audit details).
KIND_ACTIONS = {"access": _access, "portability": _portability, "rectification": _rectification,
                "restriction": _flag("restricted_on"), "objection": _flag("marketing_objection_on")}


def _blockers(conn, case: Case) -> str:
    return letters.blocker_words(blocker_details(conn, case.today, [case.request.customer_id]), case.lang)


def _needs_identity(request: Request) -> None:
    if request.kind in NEEDS_IDENTITY and request.identity_verified_on is None:
        raise IdentityNotVerified(f"request {request.request_id} ({request.kind}) needs a verified identity (a "
                                  "signed letter or an identifiable e-mail address): record the verification "
                                  "first; nothing changed", code="identity_not_verified", id=request.request_id)


def complete_request(conn, actor: Actor, request_id: int, today: date, out_dir, changes: dict | None = None) -> Outcome:
    """Do what the request asks and write its documents into `out_dir`; the request is closed
    with them, whatever state its person is in (REGISTER.md section 4, "nothing is completed
    without its outcome"). An erasure of a blocked person becomes a refusal with the letter of
    reasons (status `refused`); a request whose person was erased already is answered with a
    letter saying so. Not matched to a person: NotMatched (exit 1), nothing changed."""
    require(actor, "decide_request")
    out = _out_dir(out_dir)
    request = _open_matched(conn, request_id)
    not_a_duplicate(request)
    _needs_identity(request)
    if (erased := erased_on(conn, request.customer_id)) is not None:
        return _answer_erased(conn, actor, request, today, out, erased)
    if request.kind == "erasure":
        return _erasure(conn, actor, request, today, out)
    with transaction(conn):
        status, files, details = KIND_ACTIONS[request.kind](conn, _case(conn, request, today, changes))
        names = _save(conn, request, out, files, today)
        _close(conn, actor, request, status, today, None, {**details, "files": list(names)})
        closed = _close_duplicates(conn, actor, request, status, today, names)
    return Outcome(request_id, status, names, closed)


def _answer_erased(conn, actor: Actor, request: Request, today: date, out: Path, erased: date) -> Outcome:
    """A request whose person was erased before it was answered: completed with a letter saying
    the data was erased on that day (an erasure) or that none has been held since (any other
    kind). The letter holds no personal data and no address: staff send it where the request
    came from."""
    with transaction(conn):
        names = _save(conn, request, out, letters.erased_files(_case(conn, request, today), erased), today)
        _close(conn, actor, request, "completed", today, None, {"files": list(names), "person_erased": True})
        closed = _close_duplicates(conn, actor, request, "completed", today, names)
    return Outcome(request.request_id, "completed", names, closed)


class _Preview(Exception):
    """Raised inside a preview's transaction to roll it back with the files it made."""

    def __init__(self, status: str, files: dict[str, bytes]):
        super().__init__(status)
        self.status, self.files = status, files


@dataclass(frozen=True)
class Preview:
    request_id: int
    status: str  # what completing would close it as: completed, or refused (a blocked erasure)
    file_name: str  # the letter to the person
    pdf: bytes
    text: str  # the letter's words, for the page to show before anyone confirms


def preview_letter(conn, actor: Actor, request_id: int, today: date, changes: dict | None = None) -> Preview:
    """The letter that completing the request would send, made by the very code that completes it
    inside a transaction that is then rolled back: nothing changes, no file is written. The
    preview shows the person's data to the manager, so it is audited (ids only)."""
    require(actor, "decide_request")
    request = _open_matched(conn, request_id)
    not_a_duplicate(request)
    _needs_identity(request)
    case = _case(conn, request, today, changes)
    if (erased := erased_on(conn, request.customer_id)) is not None:
        status, files = "completed", letters.erased_files(case, erased)
    elif request.kind == "erasure":
        blockers = _erasure_blockers(conn, request, today)
        status, files = (("refused", letters.erasure_refused_files(case, letters.blocker_words(blockers, case.lang)))
                         if blockers else ("completed", letters.done_letter(case)))
    else:
        try:
            with transaction(conn):
                status, files, _ = KIND_ACTIONS[request.kind](conn, case)
                raise _Preview(status, files)
        except _Preview as made:
            status, files = made.status, made.files
    return _preview(conn, actor, request, status, files)


def _preview(conn, actor: Actor, request: Request, status: str, files: dict[str, bytes]) -> Preview:
    name = next(n for n in files if n.endswith(".pdf"))
    with transaction(conn):
        write_audit(conn, actor.name, "letter_previewed", {"request_id": request.request_id, "kind": request.kind})
    return Preview(request.request_id, status, name, files[name], docs.pdf_text(files[name]))


def _erasure_blockers(conn, request: Request, today: date):
    """What keeps the person's data: the blockers a refusal names. A person whose only blocker is
    an open request of another kind is not refused: AnswerRequestsFirst names those requests."""
    details = blocker_details(conn, today, [request.customer_id])
    others = [d for d in details if d.blocker != "open_request"]
    if details and not others:
        waiting = open_other_requests(conn, today, request.customer_id)
        shown = ", ".join(f"{rid} ({kind})" for rid, kind in waiting)
        raise AnswerRequestsFirst(f"request {request.request_id}: the person's other open requests are answered "
                                  f"from their data before it is erased: answer request {shown} first; nothing "
                                  "changed", code="answer_requests_first", id=request.request_id,
                                  requests=", ".join(str(rid) for rid, _ in waiting))
    return others


def _erasure(conn, actor: Actor, request: Request, today: date, out: Path) -> Outcome:
    """Erase the person by the purge itself, which completes this request (and any other verified
    erasure request of theirs) with its letter in the same transaction (registry/requests/answers.py); or,
    when something keeps the data, refuse with the letter of reasons."""
    case = _case(conn, request, today)
    if blockers := _erasure_blockers(conn, request, today):
        reason = letters.blocker_words(blockers, case.lang)
        with transaction(conn):
            names = _save(conn, request, out, letters.erasure_refused_files(case, reason), today)
            _close(conn, actor, request, "refused", today, reason, {"files": list(names)})
            closed = _close_duplicates(conn, actor, request, "refused", today, names)
        return Outcome(request.request_id, "refused", names, closed)
    duplicates = tuple(d.request_id for d in duplicates_of(conn, request.request_id))
    receipt = purge_persons(conn, today, actor, [request.customer_id], reason="erasure_request", letters_dir=out)
    return Outcome(request.request_id, "completed", receipt.request_letters[request.request_id],
                   tuple(d for d in duplicates if d in receipt.request_letters))


def extend_with_letter(conn, actor: Actor, request_id: int, reason: str, today: date, out_dir) -> Outcome:
    """Extend a request once (see `requests.extend_request`) and write the letter that tells the
    person of the extension and why, dated within the first month as Art. 12(3) requires: the
    extension, its letter's record and the audit entry are one transaction."""
    out = _out_dir(out_dir)
    names: list[str] = []

    def with_letter(c, extended: Request) -> dict:
        names.extend(_save(c, extended, out, letters.extension_files(_case(c, extended, today)), today))
        return {"files": list(names)}

    request = extend_request(conn, actor, request_id, reason, today, also=with_letter)
    return Outcome(request_id, request.status, tuple(names))


def _refusal_reason(reason: str | None) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise BadInput("a refusal needs its reasons (they go into the letter to the person)", code="refusal_reason_needed")
    return reason


def _second_manager(conn, actor: Actor, approved_by: str | None) -> str:
    """The second manager of an Art. 12(5) refusal: an active manager account other than the
    deciding one (the four eyes of a large purge). Anything else is refused, nothing changed."""
    name = (approved_by or "").strip()
    if not name:
        raise RefusedByRule("a refusal as manifestly unfounded or excessive needs a second manager's approval "
                            "(--approved-by); nothing changed", code="approval_needed")
    if name == actor.name:
        raise RefusedByRule(f"{name} decides this refusal and cannot approve it too: another manager approves; "
                            "nothing changed", code="own_approval", who=name)
    approver = get_user(conn, name)
    if approver is None or approver.role != "manager" or approver.state(utc_now()) != "active":
        raise RefusedByRule(f"{name} is not an active manager account and cannot approve the refusal; nothing "
                            "changed", code="approver_not_manager", who=name)
    return name


def _refusal(ground: str | None, reason: str | None) -> str:
    reason = _refusal_reason(reason)
    if ground is not None and ground not in GROUNDS:
        raise BadInput(f"--manifestly must be one of {', '.join(GROUNDS)}", code="bad_choice", value=ground)
    return reason


def _refusal_letter(case: Case, ground: str | None, reason: str) -> dict[str, bytes]:
    return letters.manifest_refusal_files(case, ground, reason) if ground else letters.refusal_files(case, reason)


def refuse_request(conn, actor: Actor, request_id: int, reason: str, today: date, out_dir,
                   ground: str | None = None, approved_by: str | None = None) -> Outcome:
    """Close a request as refused with a dated letter of reasons in the request's language,
    telling the person both remedies of Art. 12(4) (the Ombudsman, a court). Its open duplicates
    are refused with it by the same letter, which names every receipt day. On the ground of Art.
    12(5) (`ground` 'unfounded' or 'excessive') the reasons are the controller's justification,
    kept with the request (its burden of proof, shown to the auditor), and `approved_by` must be
    another, active manager."""
    require(actor, "decide_request")
    reason = _refusal(ground, reason)
    out = _out_dir(out_dir)
    with transaction(conn):
        request = open_request(conn, request_id)
        not_a_duplicate(request)
        approver = _second_manager(conn, actor, approved_by) if ground else None
        names = _save(conn, request, out, _refusal_letter(_case(conn, request, today), ground, reason), today)
        details = {"files": list(names), **({"ground": ground, "approved_by": approver} if ground else {})}
        _close(conn, actor, request, "refused", today, reason, details)
        if ground:
            conn.execute("UPDATE requests SET refusal_ground = ?, approved_by = ? WHERE id = ?",
                         [ground, approver, request_id])
            conn.execute("DELETE FROM refusal_proposals WHERE request_id = ?", [request_id])
        closed = _close_duplicates(conn, actor, request, "refused", today, names)
    return Outcome(request_id, "refused", names, closed)


def preview_refusal(conn, actor: Actor, request_id: int, reason: str, today: date,
                    ground: str | None = None) -> Preview:
    """The letter `refuse_request` would send with these reasons, for the manager to read before
    confirming; nothing changes but the audit entry of the preview."""
    require(actor, "decide_request")
    reason = _refusal(ground, reason)
    request = open_request(conn, request_id)
    not_a_duplicate(request)
    return _preview(conn, actor, request, "refused", _refusal_letter(_case(conn, request, today), ground, reason))


def preview_extension(conn, actor: Actor, request_id: int, reason: str, today: date) -> Preview:
    """The letter `extend_with_letter` would send, made by the extension's own code (its checks
    included: already extended, too late, no reason) inside a transaction that is rolled back."""
    def made(c, extended: Request) -> dict:
        raise _Preview(extended.status, letters.extension_files(_case(c, extended, today)))

    try:
        extend_request(conn, actor, request_id, reason, today, also=made)
    except _Preview as preview:
        return _preview(conn, actor, open_request(conn, request_id), preview.status, preview.files)
    raise AssertionError("extend_request returned without making the letter")  # pragma: no cover


def ask_with_letter(conn, actor: Actor, request_id: int, asked_for: str, asked_on: date, today: date,
                    out_dir) -> Outcome:
    """Record the ask (requests.ask_person) and write the letter asking, from the template of its
    language, in one transaction: the letter's record and the ask stand or fall together."""
    out = _out_dir(out_dir)
    names: list[str] = []

    def with_letter(c, asked: Request) -> dict:
        late = asked.timing(today, ask_days(c)).asked_late
        letter = letters.ask_files(_case(c, asked, asked_on), asked_for, late)  # dated the day it was sent
        names.extend(_save(c, asked, out, letter, today))
        return {"files": list(names)}

    request = ask_person(conn, actor, request_id, asked_for, asked_on, today, also=with_letter)
    return Outcome(request_id, request.status, tuple(names))


def preview_ask(conn, actor: Actor, request_id: int, asked_for: str, asked_on: date, today: date) -> Preview:
    """The letter `ask_with_letter` would send, made by the ask's own code (its checks included:
    asked already, a day before receipt or after today) inside a transaction that is rolled back."""
    def made(c, asked: Request) -> dict:
        late = asked.timing(today, ask_days(c)).asked_late
        raise _Preview(asked.status, letters.ask_files(_case(c, asked, asked_on), asked_for, late))

    try:
        ask_person(conn, actor, request_id, asked_for, asked_on, today, also=made)
    except _Preview as preview:
        return _preview(conn, actor, open_request(conn, request_id), preview.status, preview.files)
    raise AssertionError("ask_person returned without making the letter")  # pragma: no cover
