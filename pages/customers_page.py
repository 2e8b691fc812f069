"""Customers: search (paginated in SQL) and a person's full record (each opening audited)."""

from datetime import date, datetime
from decimal import Decimal

import streamlit as st

from registry.access import may
from registry.clock import finnish_today
from registry.customers import customer_record, lift_restriction, search_customers
from registry.store.db import connect
from registry.errors import RegistryError
from registry.fields import address_text
from registry.retention.review import lift_hold
from ui import paging
from ui.auth import page_user
from ui.feedback import error_text, stop_on_error
from ui.i18n import ENTRIES, fmt_date, fmt_money, t

PAGE_SIZE = 25
user = page_user("view_personal_data")
actor = user.as_actor()
today = finnish_today()  # the register's day is the Finnish day, whatever the server's zone
st.title(t("page.customers"))


def lift(customer_id: int, name: str) -> None:
    try:
        with connect() as conn:
            lift_restriction(conn, actor, customer_id)
        st.session_state["cust_notice"] = t("customers.restriction_lifted", name=name)
    except RegistryError as err:
        st.session_state["cust_error"] = error_text(err)


def lift_legal_hold(hold_id: int) -> None:
    try:
        with connect() as conn:
            lift_hold(conn, today, actor, hold_id)
        st.session_state["cust_notice"] = t("customers.hold_lifted")
    except RegistryError as err:
        st.session_state["cust_error"] = error_text(err)


def open_record(customer_id: int) -> None:
    st.session_state["cust_open"] = customer_id
    st.session_state["cust_audited"] = None  # the next render audits the opening


def new_search() -> None:
    """A new search starts at its first page and closes the record the last one opened."""
    paging.reset("cust_after")
    st.session_state.pop("cust_open", None)


query = st.text_input(t("customers.search"), key="cust_q", on_change=new_search,
                      placeholder=t("customers.search_hint"))

with stop_on_error():
    with connect() as conn:
        page = search_customers(conn, actor, query, after_id=paging.cursor("cust_after"), limit=PAGE_SIZE)


def status_label(row) -> str:
    return t(f"status.{row.status}")


def name_of(row) -> str:
    """A restricted person's name is withheld from the list (Art. 18), an erased one is gone."""
    if row.restricted_on and not (row.first_name or row.last_name):
        return t("customers.restricted_marker")
    return " ".join(filter(None, (row.first_name, row.last_name))) or t("customers.erased")


rows = [{
    t("col.name"): name_of(r),
    t("col.email"): r.email or "–",
    t("col.phone"): r.phone or "–",
    t("col.organisation"): r.organisation or "–",
    t("col.status"): ("⚠ " if r.restricted_on else "") + status_label(r),
    t("col.id"): r.customer_id,
} for r in page.rows]
if rows:
    st.caption(t("customers.click_to_open"))
    # A click on a row opens that person's record; the key changes with the search and the page, so a
    # new list starts with nothing selected.
    event = st.dataframe(rows, hide_index=True, width="stretch", on_select="rerun", selection_mode=["single-row", "single-cell"],
                         key=f"cust_table_{query}_{paging.cursor('cust_after')}")
    picked = event.selection.rows or [cell[0] for cell in event.selection.cells]  # a row, or a cell of it
    if picked and page.rows[picked[0]].customer_id != st.session_state.get("cust_open"):
        open_record(page.rows[picked[0]].customer_id)
else:
    st.info(t("customers.none_found"))

paging.pager("cust_after", page.next_after, shown=len(page.rows), page_size=PAGE_SIZE)

if notice := st.session_state.pop("cust_notice", None):
    st.success(notice)
if error := st.session_state.pop("cust_error", None):
    st.error(error)
customer_id = st.session_state.get("cust_open")
if customer_id is None:
    st.stop()

with stop_on_error():
    with connect() as conn:
        first_render = st.session_state.get("cust_audited") != customer_id
        record = customer_record(conn, actor, customer_id, today, audit=first_render)
    st.session_state["cust_audited"] = customer_id

person = record.person
st.divider()
name = " ".join(filter(None, (person["first_name"], person["last_name"]))) or t("customers.erased")
st.header(f"{name} · #{customer_id}")
if person["purged_on"] is not None:
    st.info(t("customers.purged_on", day=fmt_date(person["purged_on"])))
if person["restricted_on"] is not None:
    st.warning(t("customers.restricted", day=fmt_date(person["restricted_on"])), icon=":material/block:")
    if may(actor, "decide_request"):
        st.button(t("customers.lift_restriction"), key="lift_restriction", on_click=lift, args=(customer_id, name))
if person["marketing_objection_on"] is not None:
    st.warning(t("customers.objection", day=fmt_date(person["marketing_objection_on"])))
blockers = "; ".join(t("customers.blocker", blocker=t(f"blocker.{b.blocker}"), day=fmt_date(b.since), n=b.items)
                     for b in record.blockers)
if record.due is not None and record.blockers:  # said once: due, and what blocks it
    st.warning(t("customers.due_blocked", day=fmt_date(record.due.due_on), reason=t(f"reason.{record.due.reason}"),
                 blockers=blockers), icon=":material/lock_clock:")
elif record.due is not None:
    st.error(t("customers.due", day=fmt_date(record.due.due_on), reason=t(f"reason.{record.due.reason}")))
elif record.blockers:
    st.caption(t("customers.would_block", blockers=blockers))
open_holds = record.open_holds
if open_holds and may(actor, "decide_request"):
    for hold in open_holds:
        st.button(t("customers.lift_hold", reason=hold["reason"], day=fmt_date(hold["placed_on"])),
                  key=f"lift_hold_{hold['id']}", on_click=lift_legal_hold, args=(hold["id"],),
                  icon=":material/lock_open:")

contact, org = st.columns(2)
with contact:
    st.subheader(t("customers.contact"))
    for field in ("email", "phone", "website", "ip_address"):
        st.markdown(f"**{t('field.' + field)}:** {person[field] or '–'}")
    postal = address_text(person, "postal")
    billing = address_text(person, "billing") if person["billing_street"] else ""
    st.markdown(f"**{t('field.postal')}:** {postal or '–'}")
    st.markdown(f"**{t('field.billing')}:** {billing or t('customers.same_as_postal')}")
with org:
    st.subheader(t("customers.relationship"))
    st.markdown(f"**{t('col.organisation')}:** {person['organisation_name'] or '–'}"
                + (f" ({person['business_id']})" if person["business_id"] else "")
                + (f" · {t('customers.contact_person')}" if person["is_contact_person"] else ""))
    st.markdown(f"**{t('field.customer_since')}:** {fmt_date(person['customer_since'])}")
    st.markdown(f"**{t('field.customer_until')}:** {fmt_date(person['customer_until']) or t('customers.active')}")
    spoken = t(f"lang.{person['language']}") if person["language"] in ("fi", "en") else person["language"] or "–"
    st.markdown(f"**{t('field.language')}:** {spoken} · **{t('field.source')}:** {t('source.' + person['source'])}")

def localised(rows: list[dict]) -> list[dict]:
    """Column names in the session's language; dates as the language writes them."""
    def cell(key, value):
        if key in CODED and isinstance(value, str) and f"{CODED[key]}.{value}" in ENTRIES:
            return t(f"{CODED[key]}.{value}")
        if isinstance(value, bool):
            return t("value.yes") if value else t("value.no")
        if isinstance(value, (date, datetime)):
            return fmt_date(value)
        if isinstance(value, Decimal):
            return fmt_money(value)
        return "–" if value is None else value
    return [{t(f"rcol.{key}"): cell(key, value) for key, value in row.items()} for row in rows]


TABS = ("orders", "invoices", "collection_cases", "legal_holds", "requests", "disclosures", "notes", "data_sources",
        "field_changes")
CODED = {"source": "source", "field": "field", "kind": "kind", "status": "rstatus", "channel": "channel",
         "language": "lang"}  # codes a record shows as words
for tab, name in zip(st.tabs([f"{t('tab.' + n)} ({len(record.related[n])})" for n in TABS]), TABS, strict=True):
    with tab:
        if record.related[name]:
            st.dataframe(localised(record.related[name]), hide_index=True, width="stretch")
        else:
            st.caption(t("customers.nothing"))
