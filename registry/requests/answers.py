"""The erasure requests a purge carries out (REGISTER.md section 3, "a purge answers the erasure
requests it carries out").

Whichever way a person with an open, identity-verified erasure request is purged (the due list,
the review, four eyes, `purge`, the request itself, a restore re-applying the ledger), the purge
completes that request in its own transaction, with the letter made *before* the erasure: the
letter needs the name and address that the purge erases. A second verified erasure request of the
same person closes with the earliest (one letter, recorded for both). An unverified one stays open:
nobody unverified is told what the register held.

The letters are written into a folder (the command line's `--out`, by default `letters/` beside the
store, owner-only; the dashboard's temporary folder, offered for download on the receipt); the store
keeps only their names and SHA-256 digests (table request_documents), since they carry the erased
name and address. Nothing here erases anything: registry/purge.py calls `erasure_answers` before its
transaction and `record_answers` inside it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .. import documents as docs
from .. import letters
from ..audit import write_audit
from ..customers import person_data
from ..store.locks import store_paths
from ..letters import Case
from .register import CLOSE_SQL, get_request
from ..settings import current_settings

LETTERS_FOLDER = "letters"  # beside the store: where `purge` writes its letters without --out

# The open, verified erasure requests of the persons in the purge's temp table purge_ids, and the
# open duplicates of those (verified or not: a duplicate closes with its earliest request, by its
# letter), earliest first per person (the earliest is answered; the others close with it).
ERASURE_REQUESTS_SQL = """
SELECT id FROM requests
WHERE kind = 'erasure' AND status IN ('received', 'in_progress') AND customer_id IN (SELECT customer_id FROM purge_ids)
  AND (identity_verified_on IS NOT NULL
       OR duplicate_of IN (SELECT id FROM requests WHERE identity_verified_on IS NOT NULL
                                                     AND status IN ('received', 'in_progress')))
ORDER BY customer_id, duplicate_of IS NOT NULL, received_on, id"""
COUNT_ERASURE_REQUESTS_SQL = "SELECT count(*) FROM (" + ERASURE_REQUESTS_SQL + ")"
# A request's document: its name and digest, never its content (registry/requests/rights.py records them too).
RECORD_DOCUMENT_SQL = "INSERT OR REPLACE INTO request_documents VALUES (?, ?, ?, ?, ?)"


@dataclass(frozen=True)
class Answer:
    """A request the purge carries out, and its letter. `same_as` is the earlier request of the same
    person it closes with (its letter is that request's), else None."""
    request_id: int
    customer_id: int
    files: dict[str, bytes]
    same_as: int | None = None


def count_erasure_requests(conn) -> int:
    """How many open, verified erasure requests the planned purge (temp table purge_ids) answers."""
    return conn.execute(COUNT_ERASURE_REQUESTS_SQL).fetchone()[0]


def erasure_answers(conn, today: date) -> list[Answer]:
    """The letters of the erasure requests the planned purge (purge_ids) carries out, made from the
    person's data as held now, before it is erased. One letter per person: the earliest request's."""
    requests = [get_request(conn, request_id) for (request_id,) in conn.execute(ERASURE_REQUESTS_SQL).fetchall()]
    answers: list[Answer] = []
    first: dict[int, int] = {}
    settings = None
    for request in requests:
        if request.customer_id in first:
            answers.append(Answer(request.request_id, request.customer_id, {}, same_as=first[request.customer_id]))
            continue
        settings = settings or current_settings(conn)
        person, related = person_data(conn, request.customer_id)
        first[request.customer_id] = request.request_id
        also = tuple(r.received_on for r in requests  # the one letter names every receipt day it answers
                     if r.customer_id == request.customer_id and r.request_id != request.request_id)
        answers.append(Answer(request.request_id, request.customer_id,
                              letters.done_letter(Case(request, person, related, today, settings, {}, also))))
    return answers


def default_letters_dir(conn) -> Path:
    """`letters/` beside the store, made readable by its owner only."""
    folder = store_paths(conn).store.parent / LETTERS_FOLDER
    folder.mkdir(mode=0o700, exist_ok=True)
    os.chmod(folder, 0o700)
    return folder


def write_letters(answers: list[Answer], out_dir: Path) -> dict[int, tuple[docs.Document, ...]]:
    """Write each answer's letter into `out_dir` (owner-only files); the documents per request,
    a duplicate sharing its earliest request's."""
    written: dict[int, tuple[docs.Document, ...]] = {}
    for answer in answers:
        if answer.same_as is None:
            written[answer.request_id] = tuple(docs.write_document(out_dir, name, content)
                                               for name, content in answer.files.items())
    for answer in answers:
        if answer.same_as is not None:
            written[answer.request_id] = written[answer.same_as]
    return written


def remove_letters(written: dict[int, tuple[docs.Document, ...]], out_dir: Path) -> None:
    """Take back letters written for a purge that then rolled back: no letter says 'erased' for
    data that was not."""
    for documents in written.values():
        for document in documents:
            (Path(out_dir) / document.file_name).unlink(missing_ok=True)


def record_answers(conn, actor_name: str, answers: list[Answer], written: dict[int, tuple[docs.Document, ...]],
                   today: date, purge_id: str) -> None:
    """Inside the purge's transaction: record each letter's name and digest, close each request as
    completed on `today`, and audit it (ids and file names only)."""
    for answer in answers:
        for document in written[answer.request_id]:
            conn.execute(RECORD_DOCUMENT_SQL, [answer.request_id, document.file_name, document.sha256,
                                               document.size, today])
        reason = None if answer.same_as is None else f"closed with request {answer.same_as}"
        conn.execute(CLOSE_SQL, ["completed", today, reason, answer.request_id])
        write_audit(conn, actor_name, "request_completed", {
            "request_id": answer.request_id, "kind": "erasure", "customer_id": answer.customer_id,
            "by_purge": purge_id, "files": [d.file_name for d in written[answer.request_id]],
            **({"closed_with": answer.same_as} if answer.same_as is not None else {})})
