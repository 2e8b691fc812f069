"""Overview: the week's figures, each linking to its page, and two charts. Aggregates only."""

import plotly.graph_objects as go
import streamlit as st

from registry.backup import backup_status
from registry.clock import finnish_today
from registry.store.db import connect
from registry.overview import open_requests_by_days_left, overview, purges_coming_due
from registry.users import staff_names
from registry.requests.manifest import pending_refusals
from registry.retention.review import proposals_awaiting
from ui.feedback import stop_on_error
from ui.auth import page_user
from ui.i18n import fmt_date, fmt_int, fmt_size, fmt_time, t
from ui.nav import allowed, may_open

user = page_user()
today = finnish_today()  # the register's day is the Finnish day, whatever the server's zone
st.title(t("page.overview"))
st.caption(t("overview.as_of", day=fmt_date(today)))

with stop_on_error():
    with connect() as conn:
        figures = overview(conn, today)
        weeks = purges_coming_due(conn, today)
        buckets = open_requests_by_days_left(conn, today)
        backups = backup_status(conn) if allowed(user, "take_backup") else None
        backup_taker = staff_names(conn, [backups.taken_by])[backups.taken_by] if backups and backups.taken_by else ""
        awaiting = proposals_awaiting(conn, user.as_actor(), today) if allowed(user, "purge") else None
        refusals, _ = pending_refusals(conn, user.as_actor()) if allowed(user, "decide_request") else ([], [])
        proposers = staff_names(conn, [p.proposed_by for p in refusals])

KPIS = (  # (label key, value, page it links to, its filter for what the tile counts)
    ("kpi.persons", fmt_int(figures.persons), "pages/customers_page.py", None),
    ("kpi.active", fmt_int(figures.active_customers), "pages/customers_page.py", None),
    ("kpi.due_now", fmt_int(figures.due_now), "pages/due_for_purge.py", {"blocker": "none"}),
    ("kpi.blocked", fmt_int(figures.blocked), "pages/due_for_purge.py", {"blocker": "any"}),
    ("kpi.open_requests", fmt_int(figures.open_requests), "pages/requests_page.py", None),
    ("kpi.overdue", fmt_int(figures.overdue_requests), "pages/requests_page.py", {"show": "overdue"}),
    ("kpi.due_7_days", fmt_int(figures.requests_due_within_7_days), "pages/requests_page.py", {"show": "due_soon"}),
)
rows = (st.columns(4), st.columns(4))
for cols, kpis in zip(rows, (KPIS[:4], KPIS[4:]), strict=True):
    for col, (label, value, page, query) in zip(cols, kpis, strict=False):
        with col.container(border=True):
            st.metric(t(label), value)
            if may_open(user, page):
                st.page_link(page, label=t("overview.open_page"), icon=":material/arrow_forward:", query_params=query)

if awaiting is not None:  # managers: the purge proposals awaiting their decision, else their own awaiting another's
    with rows[1][3].container(border=True):
        if awaiting.for_you or not awaiting.yours:
            st.metric(t("kpi.proposals_for_you"), fmt_int(len(awaiting.for_you)))
            st.caption(t("overview.awaiting_you"))
        else:
            st.metric(t("kpi.proposals_for_you"), fmt_int(len(awaiting.yours)))
        if awaiting.yours:
            st.caption(t("overview.proposals_yours", n=len(awaiting.yours)))
        if awaiting.for_you:  # the link opens the oldest proposal's approval
            st.page_link("pages/due_for_purge.py", label=t("due.open_proposal"), icon=":material/fact_check:",
                         query_params={"proposal": awaiting.for_you[0]})
        else:
            st.page_link("pages/due_for_purge.py", label=t("overview.open_page"), icon=":material/arrow_forward:")

for refusal in refusals:  # managers: another manager's Art. 12(5) refusal waits for their approval
    with st.container(border=True):
        st.warning(t("overview.refusal_waiting", id=refusal.request_id, ground=t(f"ground.{refusal.ground}"),
                     who=proposers[refusal.proposed_by], at=fmt_date(refusal.proposed_at)), icon=":material/group:")
        st.page_link("pages/requests_page.py", label=t("overview.open_refusal"), icon=":material/fact_check:",
                     query_params={"request": refusal.request_id})

if backups is not None:  # admins: the last backup, amber after a week without one
    with st.columns(4)[0].container(border=True):
        # The day in the tile (the time with it was cut short: "5.12.2026 …"), the time below it.
        st.metric(t("kpi.last_backup"), fmt_date(backups.taken_at) if backups.taken_at else t("overview.backup_never"))
        if backups.taken_at:
            st.caption(f"{fmt_time(backups.taken_at)} · {fmt_size(backups.size)}")
        if backups.restored_from_last:  # the store came from this backup
            st.caption(t("overview.restored", at=fmt_time(backups.restored_at), who=backup_taker))
        if backups.stale:
            st.warning(t("overview.backup_stale" if backups.taken_at else "overview.backup_first"),
                       icon=":material/warning:")
        st.page_link("pages/backups_page.py", label=t("overview.open_page"), icon=":material/arrow_forward:")

left, right = st.columns(2)
with left:
    st.subheader(t("overview.coming_due"))
    fig = go.Figure(go.Bar(x=[fmt_date(week) for week, _ in weeks], y=[n for _, n in weeks],
                           marker_color="#1f6f8b"))
    fig.update_layout(xaxis_title=t("overview.week_from"), yaxis_title=t("overview.persons"), height=340,
                      margin={"l": 10, "r": 10, "t": 10, "b": 10})
    st.plotly_chart(fig, width="stretch")
with right:
    st.subheader(t("overview.requests_by_days_left"))
    colours = ["#c0392b", "#e67e22", "#f1c40f", "#27ae60", "#2980b9"]
    fig = go.Figure(go.Bar(x=[t(f"bucket.{label}") for label, _ in buckets], y=[n for _, n in buckets],
                           marker_color=colours))
    fig.update_layout(xaxis_title=t("col.days_left"), yaxis_title=t("overview.requests"), height=340,
                      margin={"l": 10, "r": 10, "t": 10, "b": 10})
    st.plotly_chart(fig, width="stretch")
