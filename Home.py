"""The dashboard's entry point: sign-in, then the pages the signed-in role may open."""

from pathlib import Path

import streamlit as st

from registry import users
from registry.clock import finnish_today
from registry.store.db import connect
from registry.store.files import default_db_path
from registry.demo import create_demo_store_if_missing
from registry.errors import RegistryError
from ui import auth
from ui.i18n import language_switch, t
from ui.feedback import error_text
from ui.nav import no_pages, pages_for, proposals_notice

ICON = Path(__file__).parent / "ui" / "assets" / "icon.png"

# The icon is a file of ours: a Material or emoji icon is fetched from the internet, and offline it is missing.
st.set_page_config(page_title="Asiakasrekisteri · Molentum Oy", page_icon=str(ICON), layout="wide")
language_switch()

try:
    created = create_demo_store_if_missing(default_db_path(), finnish_today())
    with connect() as conn:
        demo_accounts = users.demo_credentials(conn)
except RegistryError as err:
    no_pages()
    st.error(error_text(err))
    st.stop()
if created:
    st.session_state["notice"] = t("app.demo_created")

try:
    user = auth.current_user(auth.signing_out())
except RegistryError as err:
    no_pages()
    st.error(error_text(err))
    st.stop()
if user is None:
    no_pages()
    with st.sidebar:
        auth.cookie_work()  # the cookie of a session that ended, deleted
    auth.sign_in_form(demo_accounts)
    st.stop()

pages = pages_for(user)
page = st.navigation(pages)  # before the sidebar's link to Due for purge, which must name a registered page
with st.sidebar:
    st.markdown(f"**{user.display_name or user.username}** · {t(f'role.{user.role}')}")
    if not user.nda_signed_on:
        st.warning(t("auth.no_nda"))
    proposals_notice(user, pages)
    auth.sign_out_button()
    auth.cookie_work()  # last: moves no element of this run or the next
page.run()
