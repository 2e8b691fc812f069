"""Requests: open data-subject requests by deadline; record, match, verify, extend, close."""

import tempfile
from functools import partial
from pathlib import Path

import pandas as pd
import streamlit as st

from registry.access import may as actor_may
from registry.clock import finnish_today
from registry.customers import person_names, search_customers
from registry.store.db import connect
from registry.fields import RECTIFIABLE_FIELDS
from registry.errors import RegistryError
from registry.requests.manifest import approve_refusal, decline_refusal, proposal_for, propose_refusal
from registry.requests.register import (ASK_PURPOSES, CHANNELS, GROUNDS, LANGUAGES, REQUEST_KINDS, SHOW_FILTERS,
                                        close_request, closed_requests_page, duplicates_of, get_request,
                                        listed_request, match_request, open_requests_page, record_answer,
                                        record_request, request_counts, start_request, verify_identity)
from registry.requests.rights import (ask_with_letter, complete_request, extend_with_letter, preview_ask,
                                      preview_extension, preview_letter, preview_refusal, refuse_request)
from registry.settings import ask_days
from registry.users import staff_names
from ui import feedback, paging
from ui.auth import page_user
from ui.feedback import error_text, stop_on_error
from ui.i18n import choice_key, fmt_date, fmt_int, t

PAGE_SIZE = 50
user = page_user("record_request")
actor = user.as_actor()
today = finnish_today()  # the register's day is the Finnish day, whatever the server's zone
st.title(t("page.requests"))


def may(permission: str) -> bool:
    return actor_may(actor, permission)


act = partial(feedback.act, actor)


def produce(action, request_id: int, *args, exclusive: bool = False, **kwargs) -> None:
    """Complete or refuse a request; its documents are offered for download on this page and
    kept nowhere on the server (the temporary directory is removed at once)."""
    with tempfile.TemporaryDirectory() as out:
        try:
            with connect(exclusive=exclusive) as conn:
                outcome = action(conn, actor, request_id, *args, out_dir=out, **kwargs)
        except RegistryError as err:
            feedback.tell("error", error_text(err))
            return
        files = {name: (Path(out) / name).read_bytes() for name in outcome.files}
    st.session_state["req_docs"] = {"request_id": request_id, "files": files}
    feedback.tell("success", t("requests.produced", id=request_id, status=t(f"rstatus.{outcome.status}")))


FIRST_READ = {"complete": "requests.preview_first", "approve": "requests.approve_first", "ask": "requests.ask_first"}


def show_preview(step: str, rid: int, confirm_label: str, on_confirm) -> None:
    """The letter an action would send, read on the page (its words, and the PDF to download),
    then a confirmation: nothing changes before the manager has read it and confirmed."""
    shown = st.session_state.get("req_preview")
    if not shown or (shown["step"], shown["request_id"]) != (step, rid):
        st.caption(t(FIRST_READ.get(step, "requests.letter_first")))
        return
    letter = shown["letter"]
    st.markdown(t("requests.preview_heading", name=letter.file_name))
    with st.container(border=True, height=360):
        st.text(letter.text)
    st.download_button(t("requests.preview_download"), data=letter.pdf, file_name=letter.file_name,
                       mime="application/pdf", on_click="ignore", icon=":material/picture_as_pdf:",
                       key=f"preview_pdf_{step}_{rid}")
    if step == "complete" and letter.status == "refused":
        st.warning(t("requests.preview_refusal"))
    read = st.checkbox(t("requests.preview_read"), key=f"preview_read_{step}_{rid}")
    if st.button(confirm_label, type="primary", disabled=not read, key=f"{step}_go_{rid}"):
        st.session_state.pop("req_preview", None)
        on_confirm(shown)
        st.rerun()


def preview(step: str, rid: int, make, *args) -> None:
    """Make the letter by the action's own code (nothing changes) and keep it for `show_preview`;
    an error shows beside the button that caused it."""
    try:
        with connect() as conn:
            letter = make(conn, actor, rid, *args, today)
    except RegistryError as err:
        st.session_state.pop("req_preview", None)
        st.error(error_text(err))
        return
    st.session_state["req_preview"] = {"step": step, "request_id": rid, "letter": letter, "args": args}


def complete_tab(request, erased_on) -> None:
    """Carrying a request out: first its letter, read on the page, then a confirmation."""
    rid = request.request_id
    if request.customer_id is None:
        st.info(t("requests.match_first"), icon=":material/link:")
        return
    if erased_on is not None:
        st.info(t("requests.erased_note", day=fmt_date(erased_on)), icon=":material/delete_forever:")
    with st.form(f"complete_{rid}", border=False):
        st.markdown(t("requests.complete_heading", kind=t(f"kind.{request.kind}")))
        changes = {}
        if request.kind == "rectification" and erased_on is None:  # two fields a row keeps the form short
            for pair in (RECTIFIABLE_FIELDS[i:i + 2] for i in range(0, len(RECTIFIABLE_FIELDS), 2)):
                for column, field in zip(st.columns(2), pair, strict=False):
                    changes[field] = column.text_input(t(f"field.{field}"), key=f"fix_{rid}_{field}")
        previewing = st.form_submit_button(t("requests.preview_button"), type="primary", icon=":material/preview:")
    if previewing:
        preview("complete", rid, lambda conn, a, r, wanted, day: preview_letter(conn, a, r, day, wanted),
                {k: v for k, v in changes.items() if v.strip()})
    show_preview("complete", rid, t("requests.complete_button"),
                 lambda shown: produce(complete_request, rid, today, changes=shown["args"][0], exclusive=True))


REASONED_STEPS = {"extend": ("requests.extend_reason", "requests.extend_confirm"),  # (reason's label, confirm)
                  "refuse": ("requests.refuse_reason", "requests.refuse_confirm")}


def reasoned_tab(step: str, request, make_preview, action) -> None:
    """Refusing or extending: the reasons, the letter they make, then a confirmation."""
    rid = request.request_id
    reason_label, confirm_label = REASONED_STEPS[step]
    with st.form(f"{step}_{rid}", border=False):
        reason = st.text_area(t(reason_label), height=100, key=f"{step}_reason_{rid}")
        if st.form_submit_button(t("requests.preview_letter_button"), icon=":material/preview:"):
            preview(step, rid, make_preview, reason)
    show_preview(step, rid, t(confirm_label),
                 lambda shown: produce(action, rid, shown["args"][0], today))


def refuse_tab(request) -> None:
    """Refusing: on ordinary grounds (the reasons, the letter, a confirmation), or as manifestly
    unfounded or excessive (Art. 12(5)): the ground and the justification, the letter, then a
    proposal that another manager approves before anything is sent."""
    rid = request.request_id
    with connect() as conn:
        proposal = proposal_for(conn, rid)
        proposer = staff_names(conn, [proposal.proposed_by])[proposal.proposed_by] if proposal else ""
    if proposal is not None:
        st.info(t("requests.refusal_waiting", ground=t(f"ground.{proposal.ground}"), who=proposer,
                  at=fmt_date(proposal.proposed_at)), icon=":material/group:")
        st.markdown(t("requests.justification"))
        st.text(proposal.justification)
        if proposal.proposed_by == actor.name:
            st.caption(t("requests.refusal_yours"))
            st.button(t("requests.refusal_withdraw"), key=f"withdraw_refusal_{rid}", on_click=act,
                      args=(decline_refusal, rid), kwargs={"done": t("requests.refusal_withdrawn")})
            return
        if st.button(t("requests.preview_letter_button"), icon=":material/preview:", key=f"approve_preview_{rid}"):
            preview("approve", rid, lambda conn, a, r, day: preview_refusal(conn, a, r, proposal.justification, day,
                                                                            proposal.ground))
        show_preview("approve", rid, t("requests.refusal_approve"),
                     lambda shown: produce(lambda conn, a, r, day, out_dir: approve_refusal(conn, a, r, day, out_dir),
                                           rid, today))
        st.button(t("requests.refusal_decline"), key=f"decline_refusal_{rid}", on_click=act,
                  args=(decline_refusal, rid), kwargs={"done": t("requests.refusal_declined")})
        return
    grounds = {None: t("ground.ordinary"), **{g: t(f"ground.{g}") for g in GROUNDS}}  # in this run's language
    ground = st.radio(t("requests.refuse_ground"), list(grounds), key=choice_key(f"refuse_ground_{rid}"), horizontal=True,
                      format_func=grounds.__getitem__)
    if ground is None:
        reasoned_tab("refuse", request, preview_refusal, refuse_request)
        return
    st.caption(t("requests.manifest_help"))
    with st.form(f"manifest_{rid}", border=False):
        why = st.text_area(t("requests.justification_label"), height=120, key=f"manifest_reason_{rid}")
        if st.form_submit_button(t("requests.preview_letter_button"), icon=":material/preview:"):
            preview("manifest", rid, lambda conn, a, r, text, day: preview_refusal(conn, a, r, text, day, ground), why)
    show_preview("manifest", rid, t("requests.refusal_propose"),
                 lambda shown: feedback.act_and_mail(actor, propose_refusal, rid, ground, shown["args"][0],
                                                     done=t("requests.refusal_proposed"),
                                                     mail_kind="refusal_proposal", ref_id=rid))


def timing_notes(request, timing) -> None:
    """Why the deadline is what it is: the days waited for the person (both dates), a late ask,
    an open wait, and the last day an extension may be notified."""
    if request.asked_on is not None and request.asked_on <= today:
        asked = t(f"asked.{request.asked_for}")
        if timing.asked_late:
            st.warning(t("requests.asked_late", day=fmt_date(request.asked_on), what=asked, n=ask_limit,
                         due=fmt_date(timing.due_on)), icon=":material/schedule:")
        elif timing.waiting:
            st.info(t("requests.waiting", day=fmt_date(request.asked_on), what=asked, n=timing.suspended_days,
                      due=fmt_date(timing.due_on), strict=fmt_date(timing.strict_due_on)), icon=":material/hourglass_top:")
        else:
            st.info(t("requests.waited", day=fmt_date(request.asked_on), what=asked,
                      answered=fmt_date(request.answered_on), n=timing.suspended_days, due=fmt_date(timing.due_on),
                      strict=fmt_date(timing.strict_due_on)), icon=":material/hourglass_bottom:")
    if request.extended_on is None and request.is_open:
        st.caption(t("requests.extend_by", day=fmt_date(timing.extend_by)))


def ask_and_answer(request) -> None:
    """Asking the person for what is needed (identity or clarification) with the letter from its
    template, read first; then the day their answer came. One ask, one answer per request."""
    rid = request.request_id
    if request.asked_on is None:
        with st.expander(t("requests.ask_heading")):
            st.caption(t("requests.ask_help", n=ask_limit))
            with st.form(f"ask_{rid}", border=False):
                purposes = {a: t(f"asked.{a}") for a in ASK_PURPOSES}  # in this run's language
                what = st.radio(t("requests.ask_for"), list(purposes), format_func=purposes.__getitem__,
                                key=choice_key(f"ask_for_{rid}"))
                on = st.date_input(t("requests.asked_on"), value=today, min_value=request.received_on, max_value=today,
                                   format="DD.MM.YYYY", key=f"ask_on_{rid}")
                if st.form_submit_button(t("requests.preview_letter_button"), icon=":material/preview:"):
                    preview("ask", rid, lambda conn, a, r, purpose, day_asked, day: preview_ask(
                        conn, a, r, purpose, day_asked, day), what, on)
            show_preview("ask", rid, t("requests.ask_confirm"),
                         lambda shown: produce(lambda conn, a, r, purpose, day_asked, day, out_dir: ask_with_letter(
                             conn, a, r, purpose, day_asked, day, out_dir), rid, *shown["args"], today))
    elif request.answered_on is None:
        with st.form(f"answer_{rid}"):
            on = st.date_input(t("requests.answered_on"), value=today, min_value=request.asked_on, max_value=today,
                               format="DD.MM.YYYY", key=f"answer_on_{rid}")
            if st.form_submit_button(t("requests.answer_button")):
                act(record_answer, rid, on, today, done=t("requests.answered"))
                st.rerun()


def decide(request, erased_on) -> None:
    """The manager's decisions, one tab each; carrying the request out (the usual end) comes first,
    so its button shows without a click. A duplicate is decided with its earliest request: only
    a withdrawal closes it on its own."""
    if request.duplicate_of is not None:
        st.caption(t("requests.duplicate_decided"))
        with st.form(f"close_{request.request_id}", border=False):
            st.caption(t("requests.close_withdrawn_only"))
            if st.form_submit_button(t("requests.close_button")):
                act(close_request, request.request_id, "withdrawn", today, done=t("requests.closed"))
                st.rerun()
        return
    names = ["complete", *(["extend"] if request.extended_on is None else []), "refuse", "close"]
    tabs = dict(zip(names, st.tabs([t(f"requests.tab_{n}") for n in names]), strict=True))
    with tabs["complete"]:
        complete_tab(request, erased_on)
    if "extend" in tabs:
        with tabs["extend"]:
            reasoned_tab("extend", request, preview_extension, extend_with_letter)
    with tabs["refuse"]:
        refuse_tab(request)
    with tabs["close"], st.form(f"close_{request.request_id}", border=False):
        st.caption(t("requests.close_withdrawn_only"))
        if st.form_submit_button(t("requests.close_button")):
            act(close_request, request.request_id, "withdrawn", today, done=t("requests.closed"))
            st.rerun()


feedback.show_notice()
if produced := st.session_state.get("req_docs"):
    st.caption(t("requests.documents", id=produced["request_id"]))
    for name, content in produced["files"].items():
        st.download_button(name, data=content, file_name=name, on_click="ignore", icon=":material/download:",
                           key=f"doc_{produced['request_id']}_{name}")

# A link from the Overview opens the list as its tile counts (?show=overdue or ?show=due_soon).
if (wanted := st.query_params.pop("show", None)) in SHOW_FILTERS:  # once per click
    st.session_state["req_show"] = wanted
    paging.reset("req_cursor", None)
m = st.columns(3)
show_words = {s: t(f"requests.show.{s}") for s in (*SHOW_FILTERS, "closed")}  # in this run's language
show = st.segmented_control(t("requests.show"), list(show_words), format_func=show_words.__getitem__,
                            key=choice_key("req_show"), on_change=paging.reset, args=("req_cursor", None)) or "all"
# One page of the list, sorted and filtered in the store (keyset: due date, then id).
listing = "all" if show == "closed" else show
with stop_on_error():
    with connect() as conn:
        counts = request_counts(conn, today, listing)
        if show == "closed":
            closed, next_cursor = closed_requests_page(conn, today, paging.cursor("req_cursor", None), PAGE_SIZE)
            shown = []
        else:
            closed = []
            shown, next_cursor = open_requests_page(conn, today, show, paging.cursor("req_cursor", None), PAGE_SIZE)
            if not shown and paging.cursor("req_cursor", None) is not None:  # closed requests left this page empty
                paging.reset("req_cursor", None)
                shown, next_cursor = open_requests_page(conn, today, show, None, PAGE_SIZE)
        names = person_names(conn, actor, [r.customer_id for r in shown + closed])
        ask_limit = ask_days(conn)
m[0].metric(t("kpi.open_requests"), fmt_int(counts.total))
m[1].metric(t("kpi.overdue"), fmt_int(counts.overdue))
m[2].metric(t("kpi.due_7_days"), fmt_int(counts.due_soon))


def person_label(customer_id) -> str:
    """The person behind a request by name; a restricted person keeps the marker, an erased one
    says so, and a request not yet matched says that."""
    if customer_id is None:
        return t("requests.unmatched")
    known = names.get(customer_id)
    if known is None or known.purged:
        return t("requests.person_erased", day=fmt_date(known.erased_on)) if known and known.erased_on \
            else t("customers.erased")
    return known.name or t("customers.restricted_marker")


def outcome(r) -> str:
    """What happened to a closed request, in words: its status, and a duplicate's earlier request."""
    words = t(f"rstatus.{r.status}")
    return words + (f" ({t('requests.closed_with', id=r.closed_with)})" if r.closed_with else "")


def note(r) -> str:
    """What the list says beside a request's deadline: a duplicate, a wait, a late ask."""
    notes = []
    if r.duplicate_of is not None:
        notes.append(t("requests.note_duplicate", id=r.duplicate_of))
    if r.waiting:
        notes.append(t("requests.note_waiting"))
    elif r.suspended_days and not r.asked_late:
        notes.append(t("requests.note_waited", n=r.suspended_days))
    if r.asked_late:
        notes.append(t("requests.note_asked_late"))
    return "; ".join(notes)


table = pd.DataFrame([{
    t("col.request"): r.request_id, t("col.kind"): t(f"kind.{r.kind}"), t("col.status"): t(f"rstatus.{r.status}"),
    t("col.person"): person_label(r.customer_id),
    t("col.due_on"): fmt_date(r.due_on), t("col.days_left"): r.days_left, t("requests.col_note"): note(r),
} for r in shown])


# Each row shaded by its request's own deadline flags (registry/requests/register.py decides overdue and due soon).
shades = ["background-color: #f8d7da" if r.overdue else "background-color: #fff3cd" if r.due_soon else ""
          for r in shown]


def colour(row):
    return [shades[row.name]] * len(row)


if show == "closed":
    if closed:
        st.dataframe(pd.DataFrame([{
            t("col.request"): r.request_id, t("col.kind"): t(f"kind.{r.kind}"), t("col.person"): person_label(r.customer_id),
            t("requests.col_outcome"): outcome(r), t("requests.col_closed_on"): fmt_date(r.closed_on),
            t("requests.col_letters"): ", ".join(r.files) or "–",
        } for r in closed]), hide_index=True, width="stretch")
        st.caption(t("requests.closed_caption"))
    else:
        st.info(t("requests.closed_none"))
    paging.pager("req_cursor", next_cursor, first=None, shown=len(closed), page_size=PAGE_SIZE)
elif shown:
    st.dataframe(table.style.apply(colour, axis=1), hide_index=True, width="stretch",
                 column_config={t("col.request"): st.column_config.NumberColumn(width="small"),
                                t("col.days_left"): st.column_config.NumberColumn(width="small"),
                                t("requests.col_note"): st.column_config.TextColumn(width="large")})
    st.caption(t("requests.legend"))
else:
    st.success(t("requests.none_open"))
if show != "closed":
    paging.pager("req_cursor", next_cursor, first=None, shown=len(shown), page_size=PAGE_SIZE, total=counts.shown)

# --- one request -------------------------------------------------------------------------------
# A request just recorded, or one a link names (?request=N: the Overview's refusal awaiting approval), is chosen.
if (linked := st.query_params.pop("request", None)) and str(linked).isdigit():
    st.session_state["req_focus"] = int(linked)
focus = st.session_state.pop("req_focus", None)
if focus is not None and focus not in {r.request_id for r in shown}:
    # On a later page of the list, or hidden by its filter: chosen all the same, never silently another.
    with connect() as conn:
        focused = listed_request(conn, today, focus)
        if focused is not None:
            names |= person_names(conn, actor, [focused.customer_id])
    if focused is None:
        st.info(t("requests.link_not_open", id=focus), icon=":material/info:")
        focus = None
    else:
        shown = [*shown, focused]
if shown:
    st.divider()
    by_id = {r.request_id: r for r in shown}
    if focus in by_id:
        st.session_state["req_chosen"] = focus
        st.info(t("requests.opened", id=focus), icon=":material/arrow_downward:")
    # The labels are made in this run's language (a format_func calling t() later would not know it).
    choices = {rid: t("requests.choice", id=rid, kind=t(f"kind.{r.kind}"), person=person_label(r.customer_id),
                      due=fmt_date(r.due_on)) for rid, r in by_id.items()}
    chosen = st.selectbox(t("requests.choose"), list(by_id), key=choice_key("req_chosen"), format_func=choices.__getitem__)
    with connect() as conn:
        request = get_request(conn, chosen)
        twins = duplicates_of(conn, chosen)
        first = get_request(conn, request.duplicate_of) if request.duplicate_of is not None else None
    timing = request.timing(today, ask_limit)
    due_on, days_left, overdue = request.deadline(today, ask_limit)
    st.subheader(t("requests.heading", id=request.request_id, kind=t(f"kind.{request.kind}")))
    st.markdown(t("requests.facts", received=fmt_date(request.received_on), due=fmt_date(due_on),
                  days=t("requests.days_overdue", n=-days_left) if overdue else t("requests.days_left", n=days_left),
                  channel=t(f"channel.{request.channel}") if request.channel else "–",
                  language=t(f"lang.{request.language or 'fi'}")))
    if request.extended_on:
        st.caption(t("requests.extended", day=fmt_date(request.extended_on), reason=request.extension_reason or ""))
    timing_notes(request, timing)
    if first is not None:
        st.info(t("requests.is_duplicate", id=first.request_id, day=fmt_date(first.received_on)),
                icon=":material/content_copy:")
    if twins:
        st.info(t("requests.has_duplicates", n=len(twins), which=", ".join(
            t("requests.twin", id=d.request_id, day=fmt_date(d.received_on)) for d in twins)),
            icon=":material/content_copy:")
    missing = request.missing()
    if missing:
        st.warning(t("requests.missing", what=", ".join(t(f"missing.{m}") for m in missing)))
    a, b = st.columns(2)
    with a:
        if request.customer_id is None:
            with st.form(f"match_{request.request_id}"):
                q = st.text_input(t("requests.match_search"))
                person = st.number_input(t("requests.match_id"), min_value=1, step=1, value=None)
                if st.form_submit_button(t("requests.match_button")) and person:
                    act(match_request, request.request_id, int(person), done=t("requests.matched"))
                    st.rerun()
            if q:
                with connect() as conn:
                    hits = search_customers(conn, actor, q, limit=10).rows
                st.dataframe([{t("col.id"): h.customer_id, t("col.name"): f"{h.first_name or ''} {h.last_name or ''}",
                               t("col.email"): h.email} for h in hits], hide_index=True)
        with st.form(f"verify_{request.request_id}"):
            verified = st.date_input(t("requests.verified_on"), value=request.identity_verified_on or today,
                                     max_value=today, format="DD.MM.YYYY")
            if st.form_submit_button(t("requests.verify_button")):
                act(verify_identity, request.request_id, verified, today, done=t("requests.verified"))
                st.rerun()
        ask_and_answer(request)
        if request.status == "received":
            st.button(t("requests.start_button"), key=f"start_{request.request_id}",
                      on_click=act, args=(start_request, request.request_id), kwargs={"done": t("requests.started")})
    with b:
        if may("decide_request"):
            with st.container(border=True):
                known = names.get(request.customer_id)
                decide(request, known.erased_on if known else None)
        else:
            st.caption(t("requests.manager_decides"))

# --- record a new request ------------------------------------------------------------------------
st.divider()
with st.expander(t("requests.record"), expanded=not counts.total):
    with st.form("record_request", clear_on_submit=True):
        c1, c2, c3 = st.columns(3)
        kind = c1.selectbox(t("col.kind"), REQUEST_KINDS, format_func={k: t(f"kind.{k}") for k in REQUEST_KINDS}.__getitem__,
                            key=choice_key("new_kind"))
        received = c2.date_input(t("requests.received_on"), value=today, max_value=today, format="DD.MM.YYYY")
        channel = c3.selectbox(t("requests.channel"), CHANNELS, format_func={c: t(f"channel.{c}") for c in CHANNELS}.__getitem__,
                               key=choice_key("new_channel"))
        c4, c5, c6 = st.columns(3)
        language = c4.selectbox(t("field.language"), LANGUAGES,
                                format_func={lang: t(f"lang.{lang}") for lang in LANGUAGES}.__getitem__,
                                key=choice_key("new_language"))
        person = c5.number_input(t("requests.person_id"), min_value=1, step=1, value=None,
                                 help=t("requests.person_id_help"))
        is_verified = c6.checkbox(t("requests.verified_now"))
        details = st.text_area(t("requests.details"))
        if st.form_submit_button(t("requests.record_button"), type="primary"):
            try:
                with connect() as conn:
                    recorded = record_request(conn, actor, today, kind, received, channel,
                                              int(person) if person else None, today if is_verified else None,
                                              language, details)
            except RegistryError as err:
                feedback.tell("error", error_text(err))
            else:
                if recorded.duplicate_of is None:
                    feedback.tell("success", t("requests.recorded"))
                else:
                    feedback.tell("info", t("requests.recorded_duplicate", id=recorded.request_id,
                                            first=recorded.duplicate_of))
                st.session_state["req_focus"] = recorded.request_id
            st.rerun()
