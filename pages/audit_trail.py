"""Audit trail (admin, auditor): filter by actor, action and date; verify the hash chain."""

import json
from datetime import date, datetime, time, timedelta

import streamlit as st

from registry.audit import audit_facets, audit_page, verify_chain
from registry.db import connect
from registry.errors import RegistryError
from ui import paging
from ui.auth import page_user
from ui.i18n import fmt_date, t

PAGE_SIZE = 50
user = page_user("read_audit")
actor = user.as_actor()
st.title(t("page.audit"))


try:
    with connect() as conn:
        actors, actions = audit_facets(conn)
except RegistryError as err:
    st.error(str(err))
    st.stop()

f = st.columns(3)
who = f[0].selectbox(t("audit.actor"), [None, *actors], format_func=lambda a: a or t("filter.all"),
                     key="audit_who", on_change=paging.reset, args=("audit_before", None))
what = f[1].selectbox(t("audit.action"), [None, *actions], format_func=lambda a: a or t("filter.all"),
                      key="audit_what", on_change=paging.reset, args=("audit_before", None))
days = f[2].date_input(t("audit.dates"), value=(date.today() - timedelta(days=30), date.today()),
                       format="DD.MM.YYYY", key="audit_days", on_change=paging.reset, args=("audit_before", None))
since = datetime.combine(days[0], time.min) if len(days) > 0 else None
until = datetime.combine(days[1], time.min) + timedelta(days=1) if len(days) > 1 else None

try:
    with connect() as conn:
        entries, next_before = audit_page(conn, actor, who, what, since, until, paging.cursor("audit_before", None),
                                           PAGE_SIZE)
except RegistryError as err:
    st.error(str(err))
    st.stop()

rows = [{t("col.seq"): e.seq, t("col.time"): f"{fmt_date(e.at.date())} {e.at:%H:%M:%S}", t("audit.actor"): e.actor,
         t("audit.action"): e.action, t("col.details"): json.dumps(e.details, ensure_ascii=False)[:300]}
        for e in entries]
if rows:
    st.dataframe(rows, hide_index=True, width="stretch")
else:
    st.info(t("audit.none"))
paging.pager("audit_before", next_before, "paging.older", first=None)

st.divider()
if st.button(t("audit.verify"), icon=":material/verified:", key="audit_verify"):
    with connect() as conn:
        report = verify_chain(conn)
    if report.ok:
        st.success(t("audit.intact", n=report.entries))
    else:
        st.error(t("audit.broken", seq=report.first_broken_seq, problem=report.problem))
