"""Due for purge: the due list by name with reasons and blockers, and the purge review: whom it
erases by name, keeping a person out with a reason, and four eyes on a large purge, whose
approver sees whom the review kept out (registry/retention/review.py). A link with ?proposal=ID (the
Overview's tile, the sidebar's notice) opens that proposal's approval."""

import streamlit as st

from registry.clock import finnish_today
from registry.store.db import connect
from registry.errors import RegistryError
from registry.users import staff_names
from registry.retention.due import BLOCKERS, blocker_details, due_view, purgeable_ids
from registry.retention.review import get_proposal, open_proposals, review_page, withdraw_proposal
from ui import paging, purge_review
from ui.auth import page_user
from ui.feedback import error_text, stop_on_error
from ui.i18n import ALL, choice_key, fmt_date, fmt_int, fmt_time, t, unless_all

PAGE_SIZE = 50
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
# The options' words in this run's language (AppTest calls format_func after the run too).
reason_words = {ALL: t("filter.all"), **{r: t(f"reason.{r}") for r in ("retention", "erasure_request")}}
blocker_words = {ALL: t("filter.all"), "none": t("due.purgeable_only"), "any": t("due.any_blocker"),
                 **{b: t(f"blocker.{b}") for b in BLOCKERS}}
reason = filters[0].selectbox(t("due.reason"), list(reason_words), key=choice_key("due_reason"),
                              format_func=reason_words.__getitem__, on_change=paging.reset, args=("due_after",))
blocker = filters[1].selectbox(t("due.blocker"), list(blocker_words), key=choice_key("due_blocker"),
                               format_func=blocker_words.__getitem__,
                               on_change=paging.reset, args=("due_after",))

reason, blocker = unless_all(reason), unless_all(blocker)  # the registry's "any"

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


rows = [{
    t("col.name"): purge_review.person_name(names.get(p.customer_id)),
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


# --- the purge review (ui/purge_review.py) ---------------------------------------------------
review = purge_review.Context(today, actor, staff)


def open_review() -> None:
    try:
        with connect() as conn:
            ids = purgeable_ids(conn, today, reason, blocker)
        purge_review.start(review, ids)
    except RegistryError as err:
        st.session_state["due_error"] = error_text(err)


def open_approval(proposal_id: int) -> None:
    try:
        with connect() as conn:
            proposal = get_proposal(conn, proposal_id)
        purge_review.start(review, list(proposal.customer_ids), proposal)
    except RegistryError as err:
        st.session_state["proposal_error"] = (proposal_id, error_text(err))


def withdraw(proposal_id: int) -> None:
    try:
        with connect() as conn:
            withdraw_proposal(conn, today, actor, proposal_id)
        st.session_state[purge_review.NOTICE_KEY] = t("due.withdrawn", id=proposal_id)
    except RegistryError as err:
        st.session_state["proposal_error"] = (proposal_id, error_text(err))


if wanted_proposal is not None:  # once per click on the link: open the approval, or say why not
    linked = next((p for p in proposals if str(p.proposal_id) == wanted_proposal), None)
    if linked is not None and linked.proposed_by != actor.name:
        open_approval(linked.proposal_id)
    elif linked is not None:
        st.session_state["due_error"] = t("err.own_proposal", id=linked.proposal_id)
    else:
        st.session_state["due_error"] = t("due.proposal_not_waiting",
                                          id=wanted_proposal if wanted_proposal.isdigit() else "–")

if notice := st.session_state.pop(purge_review.NOTICE_KEY, None):
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

purge_review.show(review)
