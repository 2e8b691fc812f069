"""Due for purge: the due list by name with reasons and blockers, and the purge review: whom it
erases by name, keeping a person out with a reason, and four eyes on a large purge, whose
approver sees whom the review kept out (registry/review.py). A link with ?proposal=ID (the
Overview's tile, the sidebar's notice) opens that proposal's approval."""

import tempfile
import uuid
from pathlib import Path

import streamlit as st

from registry.clock import finnish_time, finnish_today
from registry.store.db import connect
from registry.documents import purge_receipt_pdf
from registry.errors import RegistryError
from registry.notice import letterhead
from registry.purge import purge_persons
from registry.users import staff_names
from registry.settings import current_settings
from registry.retention import BLOCKERS, blocker_details, due_view, purgeable_ids
from registry.review import (FOUR_EYES_THRESHOLD, approve_proposal, get_proposal, keep_out, kept_out_persons,
                             needs_second_manager, open_proposals, propose_purge, purge_reviewed, refuse_proposal,
                             review_page, withdraw_proposal)
from ui import paging
from ui.auth import page_user
from ui.feedback import error_text, stop_on_error
from ui.i18n import fmt_date, fmt_int, fmt_time, language, t

PAGE_SIZE = 50
REVIEW_PAGE_SIZE = 20
user = page_user("purge")
actor = user.as_actor()
today = finnish_today()  # the register's day is the Finnish day, whatever the server's zone
st.title(t("page.due"))


# A link from the Overview opens the list filtered as its tile counts (?blocker=none or ?blocker=any).
if (wanted := st.query_params.pop("blocker", None)) in ("none", "any", *BLOCKERS):  # once per click
    st.session_state["due_blocker"] = wanted
    paging.reset("due_after")
wanted_proposal = st.query_params.pop("proposal", None)  # the Overview's tile or the sidebar: open its approval
filters = st.columns(2)
reason = filters[0].selectbox(t("due.reason"), [None, "retention", "erasure_request"], key="due_reason",
                              format_func=lambda r: t("filter.all") if r is None else t(f"reason.{r}"),
                              on_change=paging.reset, args=("due_after",))
blocker = filters[1].selectbox(t("due.blocker"), [None, "none", "any", *BLOCKERS], key="due_blocker",
                               format_func=lambda b: t("filter.all") if b is None else
                               t("due.purgeable_only") if b == "none" else
                               t("due.any_blocker") if b == "any" else t(f"blocker.{b}"),
                               on_change=paging.reset, args=("due_after",))

with stop_on_error():
    with connect() as conn:
        counts, persons, next_after = due_view(conn, today, reason, blocker, paging.cursor("due_after"), PAGE_SIZE)
        details = blocker_details(conn, today, [p.customer_id for p in persons if p.blocked])
        names = {r.customer_id: r for r in review_page(conn, actor, [p.customer_id for p in persons],
                                                       limit=PAGE_SIZE).rows}
        proposals = open_proposals(conn, actor, today)
        staff = staff_names(conn, [p.proposed_by for p in proposals] + [actor.name])

m = st.columns(3)
m[0].metric(t("due.purgeable"), fmt_int(counts.purgeable))
m[1].metric(t("due.blocked"), fmt_int(counts.blocked))
m[2].metric(t("due.as_of"), fmt_date(today))

since = {}
for d in details:
    since.setdefault(d.customer_id, []).append(t("due.blocker_since", blocker=t(f"blocker.{d.blocker}"),
                                                 day=fmt_date(d.since)))


def person_name(row) -> str:
    return (row.name if row is not None and row.name else None) or t("customers.restricted_marker")


rows = [{
    t("col.name"): person_name(names.get(p.customer_id)),
    t("col.organisation"): (names[p.customer_id].organisation if p.customer_id in names else None) or "–",
    t("col.due_on"): fmt_date(p.due_on),
    t("col.reason"): t(f"reason.{p.reason}"),
    t("col.blockers"): "; ".join(since.get(p.customer_id, [])) or "–",
    t("col.id"): p.customer_id,
} for p in persons]
if rows:
    st.dataframe(rows, hide_index=True, width="stretch")
else:
    st.success(t("due.nobody"))
paging.pager("due_after", next_after, shown=len(persons), page_size=PAGE_SIZE,
             total=counts.purgeable + counts.blocked)


# --- the purge review -----------------------------------------------------------------------

def _start(ids: list[int], proposal=None) -> None:
    """Fix what is reviewed: these ids, their dry-run counts, and a token against double clicks
    (a second click on the same review shows the same receipt)."""
    with connect() as conn:
        plan = purge_persons(conn, today, actor, ids, dry_run=True)
    # kept_out: the legal holds placed in this review (the proposal records them for its approver);
    # table_round: a new key for the names table after a keep-out, so that no row stays selected.
    st.session_state["purge_review"] = {"token": uuid.uuid4().hex, "ids": list(plan.customer_ids), "plan": plan,
                                        "confirmed": False, "proposal": proposal, "proposed_id": None,
                                        "kept_out": [], "table_round": 0}


def open_review() -> None:
    try:
        with connect() as conn:
            ids = purgeable_ids(conn, today, reason, blocker)
        _start(ids)
    except RegistryError as err:
        st.session_state["due_error"] = error_text(err)


def open_approval(proposal_id: int) -> None:
    try:
        with connect() as conn:
            proposal = get_proposal(conn, proposal_id)
        _start(list(proposal.customer_ids), proposal)
    except RegistryError as err:
        st.session_state["proposal_error"] = (proposal_id, error_text(err))


def withdraw(proposal_id: int) -> None:
    try:
        with connect() as conn:
            withdraw_proposal(conn, today, actor, proposal_id)
        st.session_state["due_notice"] = t("due.withdrawn", id=proposal_id)
    except RegistryError as err:
        st.session_state["proposal_error"] = (proposal_id, error_text(err))


def confirm() -> None:
    st.session_state["purge_review"]["confirmed"] = True


def propose() -> None:
    review = st.session_state["purge_review"]
    try:
        with connect() as conn:
            review["proposed_id"] = propose_purge(conn, today, actor, review["ids"],
                                                  kept_out=review["kept_out"]).proposal_id
    except RegistryError as err:
        review["error"] = error_text(err)


def close_review() -> None:
    st.session_state.pop("purge_review", None)


def refuse(proposal_id: int, reason_key: str) -> None:
    review = st.session_state["purge_review"]
    try:
        with connect() as conn:
            refuse_proposal(conn, today, actor, proposal_id, st.session_state.get(reason_key, ""))
    except RegistryError as err:
        review["refuse_error"] = error_text(err)
        return
    st.session_state["due_notice"] = t("due.refused", id=proposal_id)
    close_review()


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
    st.button(t("due.close"), on_click=close_review, key="review_close")


def names_table(review: dict) -> None:
    """The reviewed persons by name, searched and paged in SQL; a selected row can be kept out."""
    token = review["token"]
    cursor_key = f"rv_after_{token}"
    query = st.text_input(t("due.review_search"), key=f"rv_q_{token}", on_change=paging.reset, args=(cursor_key,))
    try:
        with connect() as conn:
            page = review_page(conn, actor, review["ids"], query, paging.cursor(cursor_key), REVIEW_PAGE_SIZE)
    except RegistryError as err:
        st.error(error_text(err))
        return
    fixed = review["proposal"] is not None or review["proposed_id"] is not None  # covers exactly its persons
    if query:
        st.caption(t("due.review_matched", found=fmt_int(page.matched), n=len(review["ids"])))
    event = st.dataframe([{
        t("col.name"): person_name(r),
        t("col.organisation"): r.organisation or "–",
        t("due.col_ended"): fmt_date(r.customer_until) or "–",
        t("col.reason"): t(f"reason.{r.reason}"),
        t("col.due_on"): fmt_date(r.due_on),
        t("col.id"): r.customer_id,
    } for r in page.rows], hide_index=True, width="stretch", on_select="ignore" if fixed else "rerun",
        selection_mode=["single-row", "single-cell"],
        key=f"rv_table_{token}_{review['table_round']}_{paging.cursor(cursor_key)}_{query}")
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
                    hold_id = keep_out(conn, today, actor, person.customer_id, why)
                    plan = purge_persons(conn, today, actor, [i for i in review["ids"] if i != person.customer_id],
                                         dry_run=True)
            except RegistryError as err:
                st.error(error_text(err))
            else:
                review.update(ids=list(plan.customer_ids), plan=plan, table_round=review["table_round"] + 1,
                              kept_out=sorted({*review["kept_out"], hold_id}),
                              notice=t("due.kept_out", name=person_name(person)))
                st.rerun()  # redraw the review without them, and with no row selected (the rows moved up)


def kept_out_table(proposal) -> None:
    """For the approver: whom the proposal's review kept out, by name, by whom, when and why."""
    try:
        with connect() as conn:
            kept = kept_out_persons(conn, actor, proposal.proposal_id)
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


@st.dialog(t("due.review_title"), width="large", on_dismiss=close_review)
def review_dialog() -> None:
    review = st.session_state.get("purge_review") or st.rerun()  # closed by its own button: rerun the page
    receipts = st.session_state.setdefault("purge_receipts", {})
    receipt = receipts.get(review["token"])
    proposal = review["proposal"]
    if receipt is None and review["confirmed"]:
        bar = st.progress(0.0, text=t("due.purging"))

        def progress(done: int, total: int) -> None:
            bar.progress(done / total, text=t("due.purging"))
        try:
            # The letters of the erasure requests the purge carries out carry the erased name and
            # address: made into a temporary folder, offered on the receipt, kept nowhere on the server.
            with tempfile.TemporaryDirectory() as out, connect(exclusive=True) as conn:
                if proposal is not None:
                    receipt = approve_proposal(conn, today, actor, proposal.proposal_id, on_progress=progress,
                                               letters_dir=out)
                else:
                    receipt = purge_reviewed(conn, today, actor, review["ids"], on_progress=progress,
                                             letters_dir=out)
                letters = {name: (Path(out) / name).read_bytes() for name in receipt.letters}
        except RegistryError as err:
            review["confirmed"] = False
            review["error"] = error_text(err)
        else:
            receipts[review["token"]] = receipt
            st.session_state.setdefault("purge_letters", {})[review["token"]] = letters
            st.rerun()  # the page behind the dialog re-reads its counts; the dialog opens again on the receipt
        bar.empty()
    if receipt is not None:
        show_receipt(receipt, st.session_state.get("purge_letters", {}).get(review["token"], {}))
        return
    plan, ids = review["plan"], review["ids"]
    if notice := review.pop("notice", None):
        st.success(notice)
    if proposal is not None:
        st.markdown(t("due.approve_text", by=staff.get(proposal.proposed_by, proposal.proposed_by), n=len(ids),
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
        kept_out_table(proposal)
    names_table(review)
    token = review["token"]
    if review["proposed_id"] is not None:
        st.info(t("due.proposed", id=review["proposed_id"]), icon=":material/group:")
        st.button(t("due.close"), on_click=close_review, key="review_close")
        return
    st.warning(t("due.irreversible"))
    understood = st.checkbox(t("due.understand"), key=f"understand_{token}")
    if proposal is not None:
        st.button(t("due.approve", n=len(ids)), type="primary", disabled=not understood or not ids,
                  on_click=confirm, key=f"confirm_{token}")
    elif needs_second_manager(len(ids)):
        st.info(t("due.four_eyes", n=FOUR_EYES_THRESHOLD), icon=":material/group:")
        st.button(t("due.propose", n=len(ids)), type="primary", disabled=not understood,
                  on_click=propose, key=f"propose_{token}")
    else:
        st.button(t("due.confirm", n=len(ids)), type="primary", disabled=not understood or not ids,
                  on_click=confirm, key=f"confirm_{token}")
    if error := review.pop("error", None):
        st.error(error)
    if proposal is not None:
        st.divider()
        reason_key = f"refuse_reason_{token}"
        st.text_input(t("due.refuse_reason"), key=reason_key, max_chars=500)
        st.button(t("due.refuse"), on_click=refuse, args=(proposal.proposal_id, reason_key), key=f"refuse_{token}")
        if error := review.pop("refuse_error", None):
            st.error(error)


if wanted_proposal is not None:  # once per click on the link: open the approval, or say why not
    linked = next((p for p in proposals if str(p.proposal_id) == wanted_proposal), None)
    if linked is not None and linked.proposed_by != actor.name:
        open_approval(linked.proposal_id)
    elif linked is not None:
        st.session_state["due_error"] = t("err.own_proposal", id=linked.proposal_id)
    else:
        st.session_state["due_error"] = t("due.proposal_not_waiting",
                                          id=wanted_proposal if wanted_proposal.isdigit() else "–")

if notice := st.session_state.pop("due_notice", None):
    st.success(notice)
purgeable_now = counts.purgeable if blocker in (None, "none") else 0
st.button(t("due.review_button", n=purgeable_now), type="primary", disabled=purgeable_now == 0,
          on_click=open_review, key="review_open", icon=":material/delete_sweep:")
if error := st.session_state.pop("due_error", None):
    st.error(error)

if proposals:
    st.subheader(t("due.proposals"))
    failed = st.session_state.pop("proposal_error", None)
    for proposal in proposals:
        with st.container(border=True):
            st.markdown(t("due.proposal_line", id=proposal.proposal_id, n=len(proposal.customer_ids),
                          by=staff.get(proposal.proposed_by, proposal.proposed_by),
                          at=fmt_time(proposal.proposed_at)))
            if proposal.proposed_by == actor.name:
                st.caption(t("due.proposal_yours"))
                st.button(t("due.withdraw"), key=f"withdraw_{proposal.proposal_id}", on_click=withdraw,
                          args=(proposal.proposal_id,))
            else:
                st.button(t("due.open_proposal"), key=f"decide_{proposal.proposal_id}", type="primary",
                          on_click=open_approval, args=(proposal.proposal_id,), icon=":material/fact_check:")
            if failed and failed[0] == proposal.proposal_id:
                st.error(failed[1])

if "purge_review" in st.session_state:
    review_dialog()
