"""The dashboard's entry point. Until the dashboard issue (#4) lands it shows aggregate counts
only: no personal data, so no sign-in is needed yet."""

from datetime import date

import streamlit as st

from registry.db import connect, default_db_path
from registry.demo import create_demo_store_if_missing
from registry.errors import RegistryError
from registry.overview import overview

st.set_page_config(page_title="Asiakasrekisteri – Molentum Oy", page_icon="🗂️", layout="wide")
st.title("Asiakasrekisteri · Customer register")

today = date.today()
try:
    if create_demo_store_if_missing(default_db_path(), today):
        st.info("Ensimmäinen käynnistys: loin esittelyaineiston. · First start: demo data was created.")
    with connect() as conn:
        figures = overview(conn, today)
except RegistryError as err:
    st.error(str(err))
    st.stop()

st.caption(f"{today.day}.{today.month}.{today.year} · {default_db_path()}")
cols = st.columns(4)
cols[0].metric("Henkilöt · Persons", f"{figures.persons:,}".replace(",", " "))
cols[1].metric("Aktiiviset asiakkaat · Active customers", f"{figures.active_customers:,}".replace(",", " "))
cols[2].metric("Poistettavissa nyt · Due, purgeable", figures.due_now)
cols[3].metric("Estetty · Due, blocked", figures.blocked)
cols = st.columns(4)
cols[0].metric("Avoimet pyynnöt · Open requests", figures.open_requests)
cols[1].metric("Myöhässä · Overdue", figures.overdue_requests)
cols[2].metric("Erääntyy 7 pv · Due within 7 days", figures.requests_due_within_7_days)
cols[3].metric("Poistetut · Purged", f"{figures.purged:,}".replace(",", " "))
st.caption("Purges and requests are handled with the command line for now: "
           "`python -m registry due`, `python -m registry purge --dry-run`, `python -m registry requests`.")
