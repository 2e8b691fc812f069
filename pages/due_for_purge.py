"""Due for purge: the due list with reasons and blockers, and the one-click purge review."""

import uuid

import streamlit as st

from registry.clock import finnish_today
from registry.db import connect
from registry.errors import RegistryError
from registry.purge import purge_persons
from registry.retention import BLOCKERS, blocker_details, due_view, purgeable_ids
from ui import paging
from ui.auth import page_user
from ui.i18n import fmt_date, fmt_int, fmt_time, t

PAGE_SIZE = 50
SHOWN_IDS = 60
user = page_user("purge")
actor = user.as_actor()
today = finnish_today()  # the register's day is the Finnish day, whatever the server's zone
st.title(t("page.due"))


filters = st.columns(2)
reason = filters[0].selectbox(t("due.reason"), [None, "retention", "erasure_request"], key="due_reason",
                              format_func=lambda r: t("filter.all") if r is None else t(f"reason.{r}"),
                              on_change=paging.reset, args=("due_after",))
blocker = filters[1].selectbox(t("due.blocker"), [None, "none", *BLOCKERS], key="due_blocker",
                               format_func=lambda b: t("filter.all") if b is None else
                               t("due.purgeable_only") if b == "none" else t(f"blocker.{b}"),
                               on_change=paging.reset, args=("due_after",))

try:
    with connect() as conn:
        counts, persons, next_after = due_view(conn, today, reason, blocker, paging.cursor("due_after"), PAGE_SIZE)
        details = blocker_details(conn, today, [p.customer_id for p in persons if p.blocked])
except RegistryError as err:
    st.error(str(err))
    st.stop()

m = st.columns(3)
m[0].metric(t("due.purgeable"), fmt_int(counts.purgeable))
m[1].metric(t("due.blocked"), fmt_int(counts.blocked))
m[2].metric(t("due.as_of"), fmt_date(today))

since = {}
for d in details:
    since.setdefault(d.customer_id, []).append(t("due.blocker_since", blocker=t(f"blocker.{d.blocker}"),
                                                 day=fmt_date(d.since)))
rows = [{
    t("col.id"): p.customer_id,
    t("col.due_on"): fmt_date(p.due_on),
    t("col.reason"): t(f"reason.{p.reason}"),
    t("col.blockers"): "; ".join(since.get(p.customer_id, [])) or "–",
} for p in persons]
if rows:
    st.dataframe(rows, hide_index=True, width="stretch")
else:
    st.success(t("due.nobody"))
paging.pager("due_after", next_after, shown=len(persons), page_size=PAGE_SIZE,
             total=counts.purgeable + counts.blocked)


# --- the purge review -----------------------------------------------------------------------

def open_review() -> None:
    """Fix what is reviewed: the ids purgeable under the filter now, and a token against
    double clicks (a second click on the same review shows the same receipt)."""
    try:
        with connect() as conn:
            ids = purgeable_ids(conn, today, reason, blocker)
            plan = purge_persons(conn, today, actor, ids, dry_run=True)
    except RegistryError as err:
        st.session_state["due_error"] = str(err)
        return
    st.session_state["purge_review"] = {"token": uuid.uuid4().hex, "ids": ids, "plan": plan, "confirmed": False}


def confirm() -> None:
    st.session_state["purge_review"]["confirmed"] = True


def close_review() -> None:
    st.session_state.pop("purge_review", None)


@st.dialog(t("due.review_title"), width="large", on_dismiss=close_review)
def review_dialog() -> None:
    review = st.session_state.get("purge_review") or st.rerun()  # closed by its own button: rerun the page
    receipts = st.session_state.setdefault("purge_receipts", {})
    receipt = receipts.get(review["token"])
    if receipt is None and review["confirmed"]:
        bar = st.progress(0.0, text=t("due.purging"))
        try:
            with connect(exclusive=True) as conn:
                receipt = purge_persons(conn, today, actor, review["ids"],
                                        on_progress=lambda done, total: bar.progress(done / total,
                                                                                     text=t("due.purging")))
        except RegistryError as err:
            review["confirmed"] = False
            st.error(str(err))
        else:
            receipts[review["token"]] = receipt
        bar.empty()
    if receipt is not None:
        st.success(t("due.done", n=fmt_int(len(receipt.customer_ids)),
                     orders=fmt_int(receipt.counts["orders_kept_anonymous"])))
        st.caption(t("due.receipt_caption", actor=receipt.actor, at=fmt_time(receipt.at),
                     seq=receipt.audit_seq or "–"))
        st.download_button(t("due.download_receipt"), data=receipt.to_json_bytes(),
                           file_name=f"purge-receipt-{receipt.at:%Y%m%dT%H%M%S}.json", mime="application/json",
                           on_click="ignore", icon=":material/download:", key="receipt_download")
        st.button(t("due.close"), on_click=close_review, key="review_close")
        return
    plan = review["plan"]
    ids = review["ids"]
    st.markdown(t("due.review_text", n=fmt_int(len(ids)), orders=fmt_int(plan.counts["orders_kept_anonymous"]),
                  invoices=fmt_int(plan.counts["invoices_kept"])))
    st.markdown(t("due.review_elsewhere", notes=plan.counts["notes_removed"], visits=plan.counts["visits_removed"],
                  imports=plan.counts["import_rows_removed"], texts=plan.counts["request_texts_erased"]))
    shown = ", ".join(map(str, ids[:SHOWN_IDS])) + (t("due.and_more", n=fmt_int(len(ids) - SHOWN_IDS))
                                                     if len(ids) > SHOWN_IDS else "")
    st.caption(t("due.ids", ids=shown))
    st.warning(t("due.irreversible"))
    understood = st.checkbox(t("due.understand"), key=f"understand_{review['token']}")
    st.button(t("due.confirm", n=fmt_int(len(ids))), type="primary", disabled=not understood or not ids,
              on_click=confirm, key=f"confirm_{review['token']}")


if error := st.session_state.pop("due_error", None):
    st.error(error)
purgeable_now = counts.purgeable if blocker in (None, "none") else 0
st.button(t("due.review_button", n=fmt_int(purgeable_now)), type="primary", disabled=purgeable_now == 0,
          on_click=open_review, key="review_open", icon=":material/delete_sweep:")
if "purge_review" in st.session_state:
    review_dialog()
