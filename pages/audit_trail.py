"""Audit trail (admin, auditor): filter by actor, action and date; verify the hash chain."""

from datetime import datetime, timedelta

import streamlit as st

from registry.audit import audit_facets, audit_page, verify_chain
from registry.requests.manifest import art_12_5_refusals
from registry.users import staff_names
from registry.clock import day_ends_at, day_starts_at, finnish_today
from registry.store.db import connect
from ui import paging
from ui.feedback import stop_on_error
from ui.auth import page_user
from ui.i18n import ALL, ENTRIES, choice_key, fmt_date, fmt_time, t, unless_all

PAGE_SIZE = 50
LIST_SHOWN = 20  # ids of a long list (a purge names every person) shown before "and N more"
user = page_user("read_audit")
actor = user.as_actor()
st.title(t("page.audit"))


def word(prefix: str, name) -> str:
    """The catalogue's word for `name` under `prefix`; a name the catalogue lacks shows as itself."""
    key = f"{prefix}.{name}"
    return t(key) if key in ENTRIES else str(name)


def action_label(action: str | None) -> str:
    return t("filter.all") if action in (None, ALL) else word("audit.action", action)


def day_or_time(text: str) -> str:
    """An ISO date or timestamp as the language writes dates."""
    try:
        moment = datetime.fromisoformat(text.removesuffix("Z"))  # a "Z" time is UTC, as stored times are
    except ValueError:
        return text
    return fmt_date(moment.date()) if len(text) <= 10 else fmt_time(moment)


VALUE_WORDS = {"kind": "kind", "status": "rstatus", "role": "role", "reason": "audit.reason", "fields": "field",
               "source": "source", "ground": "ground", "asked_for": "asked"}
DATE_KEYS = {"today", "until", "nda_signed_on", "backup_taken_at"}


def detail_value(key: str, value) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return t("value.yes") if value else t("value.no")
    if isinstance(value, dict):  # counts: the ones that happened
        return ", ".join(f"{word('audit.detail', k)} {detail_value(k, v)}" for k, v in value.items() if v != 0) or "0"
    if isinstance(value, list):
        shown = ", ".join(detail_value(key, v) for v in value[:LIST_SHOWN])
        return shown + (t("due.and_more", n=len(value) - LIST_SHOWN) if len(value) > LIST_SHOWN else "")
    if key in VALUE_WORDS:
        return word(VALUE_WORDS[key], value)
    if key in DATE_KEYS and isinstance(value, str):
        return day_or_time(value)
    return str(value)


def details_text(details: dict) -> str:
    """`key: value` pairs in words, single values before lists and counts; ids stay ids (the trail
    holds ids and counts, never erased values)."""
    pairs = sorted(details.items(), key=lambda kv: (isinstance(kv[1], dict), isinstance(kv[1], list)))
    return " · ".join(f"{word('audit.detail', k)}: {detail_value(k, v)}" for k, v in pairs)


with stop_on_error():
    with connect() as conn:
        actors, actions = audit_facets(conn)

f = st.columns(3)
all_words = t("filter.all")  # in this run's language (format_func runs after it too)
who = f[0].selectbox(t("audit.actor"), [ALL, *actors], format_func=lambda a: all_words if a == ALL else a,
                     key=choice_key("audit_who"), on_change=paging.reset, args=("audit_before", None))
who = unless_all(who)
what = f[1].selectbox(t("audit.action"), [ALL, *sorted(actions, key=action_label)], format_func=action_label,
                      key=choice_key("audit_what"), on_change=paging.reset, args=("audit_before", None))
what = unless_all(what)
today = finnish_today()
days = f[2].date_input(t("audit.dates"), value=(today - timedelta(days=30), today), max_value=today,
                       format="DD.MM.YYYY", key="audit_days", on_change=paging.reset, args=("audit_before", None))
since = day_starts_at(days[0]) if len(days) > 0 else None  # Finnish days, as the trail's UTC instants
until = day_ends_at(days[1]) if len(days) > 1 else None

with stop_on_error():
    with connect() as conn:
        entries, next_before = audit_page(conn, actor, who, what, since, until, paging.cursor("audit_before", None),
                                           PAGE_SIZE)

rows = [{t("col.seq"): e.seq, t("col.time"): fmt_time(e.at, seconds=True), t("audit.actor"): e.actor,
         t("audit.action"): action_label(e.action), t("audit.code"): e.action, t("col.details"): details_text(e.details)}
        for e in entries]
if rows:
    st.dataframe(rows, hide_index=True, width="stretch",
                 column_config={t("col.seq"): st.column_config.NumberColumn(width="small"),
                                t("audit.code"): st.column_config.TextColumn(width=130),
                                t("col.details"): st.column_config.TextColumn(width="large")})
else:
    st.info(t("audit.none"))
paging.pager("audit_before", next_before, "paging.older", first=None, previous_label="paging.newer",
             shown=len(entries), page_size=PAGE_SIZE)

# Art. 12(5): the controller carries the burden of proof, so every such refusal's justification is read here.
st.divider()
st.subheader(t("audit.manifest_heading"))
st.caption(t("audit.manifest_caption"))
with stop_on_error():
    with connect() as conn:
        refusals = art_12_5_refusals(conn, actor)
        deciders = staff_names(conn, [n for r in refusals for n in (r.decided_by, r.approved_by) if n])
if refusals:
    st.dataframe([{t("col.request"): r.request_id, t("col.kind"): t(f"kind.{r.kind}"),
                   t("audit.col_refused_on"): fmt_date(r.refused_on), t("audit.col_ground"): t(f"ground.{r.ground}"),
                   t("audit.col_justification"): r.justification,
                   t("audit.col_decided_by"): deciders.get(r.decided_by, r.decided_by or "–"),
                   t("audit.col_approved_by"): deciders.get(r.approved_by, r.approved_by or "–")} for r in refusals],
                 hide_index=True, width="stretch",
                 column_config={t("audit.col_justification"): st.column_config.TextColumn(width="large")})
else:
    st.info(t("audit.manifest_none"))

st.divider()
if st.button(t("audit.verify"), icon=":material/verified:", key="audit_verify"):
    with connect() as conn:
        report = verify_chain(conn)
    if report.ok:
        st.success(t("audit.intact", n=report.entries))
    else:
        st.error(t("audit.broken", seq=report.first_broken_seq, problem=report.problem))
