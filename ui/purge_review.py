"""The purge review dialog of Due for purge (registry/retention/review.py): whom a purge erases, by name;
keeping a person out with a reason; four eyes on a large purge; the receipt.

One review at a time, in session_state["purge_review"] as a `Review` whose `mode` says which
screen the dialog shows; each callback moves it from one mode to the next:

    REVIEWING --confirm--> PURGING --(the purge runs)--> DONE
        |--propose (more than FOUR_EYES_THRESHOLD persons)--> PROPOSED
    APPROVING (another manager's proposal) --approve--> PURGING --> DONE
        |--refuse--> closed

A second click on a review already PURGING or DONE changes nothing: the dialog shows the same
receipt (the purge runs once per review)."""

from __future__ import annotations

import tempfile
import uuid
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path

import streamlit as st

from registry.access import Actor
from registry.clock import finnish_time
from registry.documents import purge_receipt_pdf
from registry.errors import RegistryError
from registry.notice import letterhead
from registry.notify import notify_approvers
from registry.purge import PurgeReceipt, purge_persons
from registry.retention.review import (FOUR_EYES_THRESHOLD, Proposal, approve_proposal, keep_out, kept_out_persons,
                                       needs_second_manager, propose_purge, purge_reviewed, refuse_proposal, review_page)
from registry.settings import current_settings
from registry.store.db import connect
from registry.users import staff_names
from ui import paging
from ui.feedback import error_text, mailed
from ui.i18n import fmt_date, fmt_int, fmt_time, language, t

KEY = "purge_review"
NOTICE_KEY = "due_notice"  # the page's notice after the dialog closes
REVIEW_PAGE_SIZE = 20


class Mode(StrEnum):
    REVIEWING = "reviewing"  # the reviewer's own purge: keep persons out, then confirm (or propose)
    APPROVING = "approving"  # another manager's proposal: approve or refuse it whole
    PROPOSED = "proposed"  # proposed by the reviewer: waits for another manager
    PURGING = "purging"  # confirmed or approved: the purge runs on the next run of the dialog
    DONE = "done"  # carried out: the receipt


@dataclass
class Review:
    token: str  # names this review's widgets; a new review starts clean
    ids: list[int]  # exactly whom the purge erases
    plan: PurgeReceipt  # the dry run's counts for `ids`
    mode: Mode
    proposal: Proposal | None = None  # APPROVING: the proposal being decided
    kept_out: list[int] = field(default_factory=list)  # the legal holds placed in this review (hold ids)
    table_round: int = 0  # a new key for the names table after a keep-out, so that no row stays selected
    proposed_id: int | None = None  # PROPOSED: the proposal made
    mail_note: tuple[str, str] | None = None  # PROPOSED: whom the mail to the other managers reached, or not
    receipt: PurgeReceipt | None = None  # DONE
    letters: dict[str, bytes] = field(default_factory=dict)  # DONE: the erasure requests' letters
    notice: str | None = None  # shown once at the top of the dialog
    error: str | None = None  # shown once under the buttons
    refuse_error: str | None = None


@dataclass(frozen=True)
class Context:
    """What every callback of the dialog needs from the page's run."""

    today: date
    actor: Actor
    staff: dict[str, str]  # username -> display name


def current() -> Review | None:
    return st.session_state.get(KEY)


def start(ctx: Context, ids: list[int], proposal: Proposal | None = None) -> None:
    """Fix what is reviewed: these ids and their dry-run counts, in REVIEWING (or APPROVING a proposal)."""
    with connect() as conn:
        plan = purge_persons(conn, ctx.today, ctx.actor, ids, dry_run=True)
    st.session_state[KEY] = Review(uuid.uuid4().hex, list(plan.customer_ids), plan,
                                   Mode.APPROVING if proposal is not None else Mode.REVIEWING, proposal)


def close() -> None:
    st.session_state.pop(KEY, None)


def confirm() -> None:
    review = current()
    if review is not None and review.mode in (Mode.REVIEWING, Mode.APPROVING):
        review.mode = Mode.PURGING


def propose(ctx: Context) -> None:
    review = current()
    if review is None or review.mode is not Mode.REVIEWING:
        return
    try:
        with connect() as conn:
            review.proposed_id = propose_purge(conn, ctx.today, ctx.actor, review.ids,
                                               kept_out=review.kept_out).proposal_id
    except RegistryError as err:
        review.error = error_text(err)
        return
    review.mode = Mode.PROPOSED
    review.mail_note = mailed(notify_approvers(connect, ctx.actor, "purge_proposal", review.proposed_id))


def refuse(ctx: Context, reason_key: str) -> None:
    review = current()
    if review is None or review.mode is not Mode.APPROVING:
        return
    try:
        with connect() as conn:
            refuse_proposal(conn, ctx.today, ctx.actor, review.proposal.proposal_id,
                            st.session_state.get(reason_key, ""))
    except RegistryError as err:
        review.refuse_error = error_text(err)
        return
    st.session_state[NOTICE_KEY] = t("due.refused", id=review.proposal.proposal_id)
    close()


def person_name(row) -> str:
    return (row.name if row is not None and row.name else None) or t("customers.restricted_marker")


def _purge(ctx: Context, review: Review) -> None:
    """PURGING -> DONE (or back to where it was, with the error)."""
    bar = st.progress(0.0, text=t("due.purging"))

    def progress(done: int, total: int) -> None:
        bar.progress(done / total, text=t("due.purging"))
    try:
        # The letters of the erasure requests the purge carries out carry the erased name and
        # address: made into a temporary folder, offered on the receipt, kept nowhere on the server.
        with tempfile.TemporaryDirectory() as out, connect(exclusive=True) as conn:
            if review.proposal is not None:
                receipt = approve_proposal(conn, ctx.today, ctx.actor, review.proposal.proposal_id,
                                           on_progress=progress, letters_dir=out)
            else:
                receipt = purge_reviewed(conn, ctx.today, ctx.actor, review.ids, on_progress=progress,
                                         letters_dir=out)
            letters = {name: (Path(out) / name).read_bytes() for name in receipt.letters}
    except RegistryError as err:
        review.mode = Mode.APPROVING if review.proposal is not None else Mode.REVIEWING
        review.error = error_text(err)
        bar.empty()
        return
    review.receipt, review.letters, review.mode = receipt, letters, Mode.DONE
    st.rerun()  # the page behind the dialog re-reads its counts; the dialog opens again on the receipt


def show_letters(receipt, letters: dict[str, bytes]) -> None:
    """The letters of the erasure requests the purge carried out, to download and send now: they
    are kept nowhere else (they carry the erased name and address)."""
    if not receipt.request_letters:
        return
    st.markdown(t("due.letters_heading", n=fmt_int(len(receipt.request_letters))))
    offered = set()
    for request_id, names in sorted(receipt.request_letters.items()):
        for name in names:
            if name in offered:  # a second request of the same person closed with the first
                st.caption(t("due.letter_closed_with", id=request_id, name=name))
            elif name in letters:
                offered.add(name)
                st.download_button(t("due.letter_download", id=request_id, name=name), data=letters[name],
                                   file_name=name, mime="application/pdf", on_click="ignore",
                                   icon=":material/mail:", key=f"purge_letter_{request_id}_{name}")
    st.caption(t("due.letters_caption"))


def show_receipt(receipt, letters: dict[str, bytes]) -> None:
    st.success(t("due.done", n=len(receipt.customer_ids),
                 orders=t("due.count.orders", n=receipt.counts["orders_kept_anonymous"])))
    show_letters(receipt, letters)
    with connect() as conn:
        people = staff_names(conn, [receipt.actor, receipt.proposed_by or receipt.actor])
        head = letterhead(current_settings(conn))
    if receipt.proposal_id is not None:
        st.caption(t("due.receipt_approved", proposer=people[receipt.proposed_by], actor=people[receipt.actor],
                     at=fmt_time(receipt.at), seq=receipt.audit_seq or "–"))
    else:
        st.caption(t("due.receipt_caption", actor=people[receipt.actor], at=fmt_time(receipt.at),
                     seq=receipt.audit_seq or "–"))
    name = f"purge-receipt-{receipt.at:%Y%m%dT%H%M%S}"
    left, right = st.columns(2)
    left.download_button(t("due.download_receipt_pdf"),
                         data=purge_receipt_pdf(receipt, language(), finnish_time(receipt.at), head),
                         file_name=f"{name}.pdf", mime="application/pdf", on_click="ignore",
                         icon=":material/picture_as_pdf:", key="receipt_pdf")
    right.download_button(t("due.download_receipt"), data=receipt.to_json_bytes(), file_name=f"{name}.json",
                          mime="application/json", on_click="ignore", icon=":material/download:",
                          key="receipt_download")
    st.button(t("due.close"), on_click=close, key="review_close")


def names_table(ctx: Context, review: Review) -> None:
    """The reviewed persons by name, searched and paged in SQL; a selected row can be kept out."""
    token = review.token
    cursor_key = f"rv_after_{token}"
    query = st.text_input(t("due.review_search"), key=f"rv_q_{token}", on_change=paging.reset, args=(cursor_key,))
    try:
        with connect() as conn:
            page = review_page(conn, ctx.actor, review.ids, query, paging.cursor(cursor_key), REVIEW_PAGE_SIZE)
    except RegistryError as err:
        st.error(error_text(err))
        return
    fixed = review.mode is not Mode.REVIEWING  # covers exactly its persons
    if query:
        st.caption(t("due.review_matched", found=fmt_int(page.matched), n=len(review.ids)))
    event = st.dataframe([{
        t("col.name"): person_name(r),
        t("col.organisation"): r.organisation or "–",
        t("due.col_ended"): fmt_date(r.customer_until) or "–",
        t("col.reason"): t(f"reason.{r.reason}"),
        t("col.due_on"): fmt_date(r.due_on),
        t("col.id"): r.customer_id,
    } for r in page.rows], hide_index=True, width="stretch", on_select="ignore" if fixed else "rerun",
        selection_mode=["single-row", "single-cell"],
        key=f"rv_table_{token}_{review.table_round}_{paging.cursor(cursor_key)}_{query}")
    paging.pager(cursor_key, page.next_after, shown=len(page.rows), page_size=REVIEW_PAGE_SIZE, total=page.matched)
    if fixed:
        return  # a proposal covers exactly its persons: the approver approves or refuses it whole
    picked = (event.selection.rows or [cell[0] for cell in event.selection.cells]) if event is not None else []
    if not picked:
        st.caption(t("due.review_pick"))
        return
    person = page.rows[picked[0]]
    with st.form(f"keep_out_{token}_{person.customer_id}", border=True):
        st.markdown(f"**{t('due.keep_out_title', name=person_name(person))}**")
        why = st.text_input(t("due.keep_out_reason"), help=t("due.keep_out_help"), max_chars=500)
        if st.form_submit_button(t("due.keep_out_button"), icon=":material/back_hand:"):
            try:
                with connect() as conn:
                    hold_id = keep_out(conn, ctx.today, ctx.actor, person.customer_id, why)
                    plan = purge_persons(conn, ctx.today, ctx.actor, [i for i in review.ids if i != person.customer_id],
                                         dry_run=True)
            except RegistryError as err:
                st.error(error_text(err))
            else:
                review.ids, review.plan, review.table_round = list(plan.customer_ids), plan, review.table_round + 1
                review.kept_out = sorted({*review.kept_out, hold_id})
                review.notice = t("due.kept_out", name=person_name(person))
                st.rerun()  # redraw the review without them, and with no row selected (the rows moved up)


def kept_out_table(ctx: Context, proposal: Proposal) -> None:
    """For the approver: whom the proposal's review kept out, by name, by whom, when and why."""
    try:
        with connect() as conn:
            kept = kept_out_persons(conn, ctx.actor, proposal.proposal_id)
            people = staff_names(conn, [k.placed_by for k in kept if k.placed_by])
    except RegistryError as err:
        st.error(error_text(err))
        return
    if not kept:
        st.caption(t("due.kept_out_none"))
        return
    st.markdown(f"**{t('due.kept_out_heading', n=fmt_int(len(kept)))}**")
    st.table([{
        t("col.name"): k.name or t("customers.restricted_marker"),
        t("due.col_kept_by"): people.get(k.placed_by, "–") if k.placed_by else "–",
        t("due.col_kept_at"): fmt_time(k.placed_at) if k.placed_at else fmt_date(k.placed_on),
        t("due.col_kept_why"): t("due.hold_lifted", reason=k.reason, day=fmt_date(k.lifted_on)) if k.lifted_on
        else k.reason,
    } for k in kept], hide_index=True)


def _body(ctx: Context) -> None:
    review = current() or st.rerun()  # closed by its own button: rerun the page
    if review.mode is Mode.PURGING:
        _purge(ctx, review)
    if review.mode is Mode.DONE:
        show_receipt(review.receipt, review.letters)
        return
    plan, ids, proposal = review.plan, review.ids, review.proposal
    if review.notice:
        st.success(review.notice)
        review.notice = None
    if proposal is not None:
        st.markdown(t("due.approve_text", by=ctx.staff.get(proposal.proposed_by, proposal.proposed_by), n=len(ids),
                      at=fmt_time(proposal.proposed_at)))
    else:
        st.markdown(t("due.review_text", n=len(ids), orders=t("due.count.orders", n=plan.counts["orders_kept_anonymous"]),
                      invoices=t("due.count.invoices", n=plan.counts["invoices_kept"])))
    removed = plan.counts
    st.markdown(t("due.review_elsewhere", notes=t("due.count.notes", n=removed["notes_removed"]),
                  visits=t("due.count.visits", n=removed["visits_removed"]),
                  sources=t("due.count.sources", n=removed["sources_removed"]),
                  texts=t("due.count.texts", n=removed["request_texts_erased"])))
    if answered := plan.counts["erasure_requests_completed"]:
        st.info(t("due.review_answers", n=answered), icon=":material/mail:")
    if proposal is not None:
        kept_out_table(ctx, proposal)
    names_table(ctx, review)
    token = review.token
    if review.mode is Mode.PROPOSED:
        st.info(t("due.proposed", id=review.proposed_id), icon=":material/group:")
        if review.mail_note is not None:
            (st.success if review.mail_note[0] == "success" else st.warning)(review.mail_note[1], icon=":material/mail:")
        st.button(t("due.close"), on_click=close, key="review_close")
        return
    st.warning(t("due.irreversible"))
    understood = st.checkbox(t("due.understand"), key=f"understand_{token}")
    if review.mode is Mode.APPROVING:
        st.button(t("due.approve", n=len(ids)), type="primary", disabled=not understood or not ids,
                  on_click=confirm, key=f"confirm_{token}")
    elif needs_second_manager(len(ids)):
        st.info(t("due.four_eyes", n=FOUR_EYES_THRESHOLD), icon=":material/group:")
        st.button(t("due.propose", n=len(ids)), type="primary", disabled=not understood,
                  on_click=propose, args=(ctx,), key=f"propose_{token}")
    else:
        st.button(t("due.confirm", n=len(ids)), type="primary", disabled=not understood or not ids,
                  on_click=confirm, key=f"confirm_{token}")
    if review.error:
        st.error(review.error)
        review.error = None
    if review.mode is Mode.APPROVING:
        st.divider()
        reason_key = f"refuse_reason_{token}"
        st.text_input(t("due.refuse_reason"), key=reason_key, max_chars=500)
        st.button(t("due.refuse"), on_click=refuse, args=(ctx, reason_key), key=f"refuse_{token}")
        if review.refuse_error:
            st.error(review.refuse_error)
            review.refuse_error = None


def show(ctx: Context) -> None:
    """Open the dialog on the current review, in the session's language (made on each run: a title
    fixed at import would keep the first session's language)."""
    if current() is not None:
        st.dialog(t("due.review_title"), width="large", on_dismiss=close)(_body)(ctx)
