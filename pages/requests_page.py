"""Requests: open data-subject requests by deadline; record, match, verify, extend, close."""

import tempfile
from functools import partial
from pathlib import Path

import pandas as pd
import streamlit as st

from registry.access import may as actor_may
from registry.clock import finnish_today
from registry.customers import person_names, search_customers
from registry.db import connect
from registry.fields import RECTIFIABLE_FIELDS
from registry.errors import RegistryError
from registry.requests import (CHANNELS, DUE_SOON_DAYS, LANGUAGES, REQUEST_KINDS, SHOW_FILTERS, close_request,
                               get_request, match_request, open_requests_page, record_request, request_counts,
                               start_request, verify_identity)
from registry.rights import complete_request, extend_with_letter, preview_letter, refuse_request
from ui import feedback, paging
from ui.auth import page_user
from ui.feedback import error_text, stop_on_error
from ui.i18n import fmt_date, fmt_int, t

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


def complete_tab(request) -> None:
    """Carrying a request out: first its letter, read on the page, then a confirmation."""
    rid = request.request_id
    with st.form(f"complete_{rid}", border=False):
        st.markdown(t("requests.complete_heading", kind=t(f"kind.{request.kind}")))
        changes = {}
        if request.kind == "rectification":  # two fields a row keeps the form short
            for pair in (RECTIFIABLE_FIELDS[i:i + 2] for i in range(0, len(RECTIFIABLE_FIELDS), 2)):
                for column, field in zip(st.columns(2), pair, strict=False):
                    changes[field] = column.text_input(t(f"field.{field}"), key=f"fix_{rid}_{field}")
        previewing = st.form_submit_button(t("requests.preview_button"), type="primary", icon=":material/preview:")
    if previewing:
        wanted = {k: v for k, v in changes.items() if v.strip()}
        try:
            with connect() as conn:
                st.session_state["req_preview"] = {"request_id": rid, "changes": wanted,
                                                   "letter": preview_letter(conn, actor, rid, today, wanted)}
        except RegistryError as err:
            st.session_state.pop("req_preview", None)
            st.error(error_text(err))  # beside the button that caused it
    shown = st.session_state.get("req_preview")
    if not shown or shown["request_id"] != rid:
        st.caption(t("requests.preview_first"))
        return
    letter = shown["letter"]
    st.markdown(t("requests.preview_heading", name=letter.file_name))
    with st.container(border=True, height=360):
        st.text(letter.text)
    st.download_button(t("requests.preview_download"), data=letter.pdf, file_name=letter.file_name,
                       mime="application/pdf", on_click="ignore", icon=":material/picture_as_pdf:",
                       key=f"preview_pdf_{rid}")
    if letter.status == "refused":
        st.warning(t("requests.preview_refusal"))
    read = st.checkbox(t("requests.preview_read"), key=f"preview_read_{rid}")
    if st.button(t("requests.complete_button"), type="primary", disabled=not read, key=f"complete_go_{rid}"):
        st.session_state.pop("req_preview", None)
        produce(complete_request, rid, today, changes=shown["changes"], exclusive=True)
        st.rerun()


def decide(request) -> None:
    """The manager's decisions, one tab each; carrying the request out (the usual end) comes first,
    so its button shows without a click."""
    names = ["complete", *(["extend"] if request.extended_on is None else []), "refuse", "close"]
    tabs = dict(zip(names, st.tabs([t(f"requests.tab_{n}") for n in names]), strict=True))
    with tabs["complete"]:
        complete_tab(request)
    if "extend" in tabs:
        with tabs["extend"], st.form(f"extend_{request.request_id}", border=False):
            reason = st.text_area(t("requests.extend_reason"), height=100)
            if st.form_submit_button(t("requests.extend_button")):
                produce(extend_with_letter, request.request_id, reason, today)
                st.rerun()
    with tabs["refuse"], st.form(f"refuse_{request.request_id}", border=False):
        why = st.text_area(t("requests.refuse_reason"), height=100)
        if st.form_submit_button(t("requests.refuse_button")):
            produce(refuse_request, request.request_id, why, today)
            st.rerun()
    with tabs["close"], st.form(f"close_{request.request_id}", border=False):
        status = st.selectbox(t("requests.close_as"), ("withdrawn", "completed"),
                              format_func=lambda s: t(f"rstatus.{s}"))
        if st.form_submit_button(t("requests.close_button")):
            act(close_request, request.request_id, status, today, done=t("requests.closed"))
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
show = st.segmented_control(t("requests.show"), SHOW_FILTERS, format_func=lambda s: t(f"requests.show.{s}"),
                            key="req_show", on_change=paging.reset, args=("req_cursor", None)) or "all"
# One page of the list, sorted and filtered in the store (keyset: due date, then id).
with stop_on_error():
    with connect() as conn:
        counts = request_counts(conn, today, show)
        shown, next_cursor = open_requests_page(conn, today, show, paging.cursor("req_cursor", None), PAGE_SIZE)
        if not shown and paging.cursor("req_cursor", None) is not None:  # closed requests left this page empty
            paging.reset("req_cursor", None)
            shown, next_cursor = open_requests_page(conn, today, show, None, PAGE_SIZE)
        names = person_names(conn, actor, [r.customer_id for r in shown])
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
        return t("customers.erased")
    return known.name or t("customers.restricted_marker")


table = pd.DataFrame([{
    t("col.request"): r.request_id, t("col.kind"): t(f"kind.{r.kind}"), t("col.status"): t(f"rstatus.{r.status}"),
    t("col.person"): person_label(r.customer_id),
    t("col.due_on"): fmt_date(r.due_on), t("col.days_left"): r.days_left,
} for r in shown])


def colour(row):
    days = row[t("col.days_left")]
    shade = "background-color: #f8d7da" if days < 0 else "background-color: #fff3cd" if days <= DUE_SOON_DAYS else ""
    return [shade] * len(row)


if shown:
    st.dataframe(table.style.apply(colour, axis=1), hide_index=True, width="stretch")
    st.caption(t("requests.legend"))
else:
    st.success(t("requests.none_open"))
paging.pager("req_cursor", next_cursor, first=None, shown=len(shown), page_size=PAGE_SIZE, total=counts.shown)

# --- one request -------------------------------------------------------------------------------
if shown:
    st.divider()
    by_id = {r.request_id: r for r in shown}
    chosen = st.selectbox(t("requests.choose"), list(by_id), key="req_chosen",
                          format_func=lambda rid: t("requests.choice", id=rid, kind=t(f"kind.{by_id[rid].kind}"),
                                                    person=person_label(by_id[rid].customer_id),
                                                    due=fmt_date(by_id[rid].due_on)))
    with connect() as conn:
        request = get_request(conn, chosen)
    due_on, days_left, overdue = request.deadline(today)
    st.subheader(t("requests.heading", id=request.request_id, kind=t(f"kind.{request.kind}")))
    st.markdown(t("requests.facts", received=fmt_date(request.received_on), due=fmt_date(due_on),
                  days=t("requests.days_overdue", n=-days_left) if overdue else t("requests.days_left", n=days_left),
                  channel=t(f"channel.{request.channel}") if request.channel else "–",
                  language=t(f"lang.{request.language or 'fi'}")))
    if request.extended_on:
        st.caption(t("requests.extended", day=fmt_date(request.extended_on), reason=request.extension_reason or ""))
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
        if request.status == "received":
            st.button(t("requests.start_button"), key=f"start_{request.request_id}",
                      on_click=act, args=(start_request, request.request_id), kwargs={"done": t("requests.started")})
    with b:
        if may("decide_request"):
            with st.container(border=True):
                decide(request)
        else:
            st.caption(t("requests.manager_decides"))

# --- record a new request ------------------------------------------------------------------------
st.divider()
with st.expander(t("requests.record"), expanded=not counts.total):
    with st.form("record_request", clear_on_submit=True):
        c1, c2, c3 = st.columns(3)
        kind = c1.selectbox(t("col.kind"), REQUEST_KINDS, format_func=lambda k: t(f"kind.{k}"), key="new_kind")
        received = c2.date_input(t("requests.received_on"), value=today, max_value=today, format="DD.MM.YYYY")
        channel = c3.selectbox(t("requests.channel"), CHANNELS, format_func=lambda c: t(f"channel.{c}"),
                               key="new_channel")
        c4, c5, c6 = st.columns(3)
        language = c4.selectbox(t("field.language"), LANGUAGES, format_func=lambda lang: t(f"lang.{lang}"),
                                key="new_language")
        person = c5.number_input(t("requests.person_id"), min_value=1, step=1, value=None,
                                 help=t("requests.person_id_help"))
        is_verified = c6.checkbox(t("requests.verified_now"))
        details = st.text_area(t("requests.details"))
        if st.form_submit_button(t("requests.record_button"), type="primary"):
            act(record_request, today, kind, received, channel, int(person) if person else None,
                today if is_verified else None, language, details, done=t("requests.recorded"))
            st.rerun()
