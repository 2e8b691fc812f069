"""Users (admin): add, disable, reset password, unlock, record NDA date, change role."""

from functools import partial

import streamlit as st

from registry import users
from registry.access import LEAST_PRIVILEGED_ROLE, ROLES
from registry.audit import utc_now
from registry.clock import finnish_today
from registry.store.db import connect
from ui import feedback
from ui.auth import page_user
from ui.i18n import LANGUAGES, choice_key, fmt_date, t

user = page_user("manage_users")
actor = user.as_actor()
st.title(t("page.users"))


act = partial(feedback.act, actor)
feedback.show_notice()

with connect() as conn:
    accounts = users.list_users(conn, actor)


ROLE_WORDS = {role: t(f"role.{role}") for role in ROLES}  # in this run's language (format_func runs after it too)
STATE_WORDS = {"active": "users.active", "locked": "users.locked", "disabled": "users.disabled"}


def state(u) -> str:
    return t(STATE_WORDS[u.state(utc_now())])


st.dataframe([{t("auth.username"): u.username, t("users.name"): u.display_name, t("users.role"): t(f"role.{u.role}"),
               t("users.nda"): fmt_date(u.nda_signed_on) or t("users.no_nda"), t("users.state"): state(u),
               t("users.email"): u.email or "–", t("users.language"): LANGUAGES.get(u.language or "fi"),
               t("users.failed"): u.failed_logins} for u in accounts], hide_index=True, width="stretch")

chosen = st.selectbox(t("users.choose"), [u.username for u in accounts], key="users_chosen")
target = next(u for u in accounts if u.username == chosen)
c = st.columns(3)
with c[0]:
    with st.form("role_form"):
        role = st.selectbox(t("users.role"), ROLES, index=ROLES.index(target.role), format_func=ROLE_WORDS.__getitem__)
        if st.form_submit_button(t("users.change_role")):
            act(users.set_role, chosen, role, done=t("users.saved"))
            st.rerun()
    with st.form("nda_form"):
        nda = st.date_input(t("users.nda"), value=target.nda_signed_on, max_value=finnish_today(), format="DD.MM.YYYY",
                            help=t("users.date_hint"))
        if st.form_submit_button(t("users.record_nda")):
            act(users.record_nda, chosen, nda, done=t("users.saved"))
            st.rerun()
with c[1]:
    with st.form("password_form", clear_on_submit=True):
        new_password = st.text_input(t("users.new_password"), type="password")
        if st.form_submit_button(t("users.reset_password")):
            act(users.reset_password, chosen, new_password, done=t("users.saved"))
            st.rerun()
    st.button(t("users.unlock"), key="users_unlock", on_click=act, args=(users.unlock_user, chosen),
              kwargs={"done": t("users.saved")}, disabled=not target.failed_logins)
    # The digest and the mails about proposals go to this address, in this language.
    with st.form("contact_form", enter_to_submit=False):
        contact_email = st.text_input(t("users.email"), value=target.email or "", key=f"contact_email_{chosen}",
                                      help=t("users.email_help"))
        codes = list(LANGUAGES)
        contact_language = st.selectbox(t("users.language"), codes, format_func=LANGUAGES.get,
                                        index=codes.index(target.language) if target.language in codes else 0,
                                        key=f"contact_language_{chosen}")
        if st.form_submit_button(t("users.save_contact")):
            act(users.set_contact, chosen, contact_email.strip() or None, contact_language, done=t("users.saved"))
            st.rerun()
with c[2]:
    if target.disabled_at:
        st.button(t("users.enable"), key="users_enable", on_click=act, args=(users.enable_user, chosen),
                  kwargs={"done": t("users.saved")})
    else:
        st.button(t("users.disable"), key="users_disable", on_click=act, args=(users.disable_user, chosen),
                  kwargs={"done": t("users.saved")}, disabled=chosen == user.username)

st.divider()
with st.form("add_user", clear_on_submit=True):
    st.subheader(t("users.add"))
    a = st.columns(4)
    username = a[0].text_input(t("auth.username"))
    name = a[1].text_input(t("users.name"))
    role = a[2].selectbox(t("users.role"), ROLES, format_func=ROLE_WORDS.__getitem__, key=choice_key("add_role"),
                          index=ROLES.index(LEAST_PRIVILEGED_ROLE), help=t("users.role_help"))
    nda = a[3].date_input(t("users.nda"), value=None, max_value=finnish_today(), format="DD.MM.YYYY",
                          help=t("users.date_hint"))
    b = st.columns([2, 1, 2])
    email = b[0].text_input(t("users.email"))
    staff_language = b[1].selectbox(t("users.language"), list(LANGUAGES), format_func=LANGUAGES.get,
                                    key="add_language")
    password = b[2].text_input(t("auth.password"), type="password", help=t("users.password_help"))
    if st.form_submit_button(t("users.add_button"), type="primary"):
        act(users.add_user, username, role, password, nda, name or None, email=email or None,
            language=staff_language, done=t("users.added", username=username))
        st.rerun()
