"""Sign-in, sessions and the page guard.

streamlit-authenticator carries the session: its signed cookie (JWT, key from secrets.toml)
signs a returning browser back in, and its logout ends the session. The password check,
the lockout after five failures, disabled accounts and the audit trail are the register's
own (`registry.users`), because the authenticator's form does not tell us which username was
typed and keeps its failure count in memory only. A sign-in is audited once, when the password
is checked; a reload or a new tab that the cookie signs back in writes no entry.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import streamlit as st
import streamlit_authenticator as stauth
from streamlit_authenticator.utilities import LoginError

from registry import users
from registry.access import may
from registry.audit import utc_now
from registry.db import connect
from registry.errors import RegistryError
from ui.feedback import error_text
from ui.i18n import t
from ui.secrets import cookie_key

COOKIE_NAME = "registry_session"
COOKIE_DAYS = 0.5  # the cookie signs a browser back in for 12 hours at most
IDLE_LIMIT = timedelta(minutes=30)  # a session unused this long ends


def make_authenticator(credentials: dict) -> stauth.Authenticate:
    """One per run, before st.navigation (a second one raises a duplicate-key error)."""
    return stauth.Authenticate(credentials, COOKIE_NAME, cookie_key(), COOKIE_DAYS, auto_hash=False,
                               login_sleep_time=0.2)


def _clear_session() -> None:
    for key in ("user", "last_seen", "signed_in_at"):
        st.session_state.pop(key, None)
    st.session_state["authentication_status"] = None
    st.session_state["username"] = None
    st.session_state["name"] = None


def sign_out(authenticator: stauth.Authenticate, notice: str) -> None:
    """End the session: audit it, drop the cookie, clear the state; the sign-in form follows."""
    username = st.session_state.get("username")
    if username:
        try:
            with connect() as conn:
                users.record_sign_out(conn, username)
        except RegistryError:
            pass  # the session ends even when the store is busy
    try:
        authenticator.logout(location="unrendered")
    except Exception:  # noqa: BLE001 - already signed out by the authenticator
        pass
    _clear_session()
    st.session_state["notice"] = notice


def sign_out_button() -> bool:
    """The sidebar's sign-out button, shown while a session is signed in; True when clicked."""
    return bool(st.session_state.get("authentication_status")) and st.sidebar.button(t("auth.sign_out"),
                                                                                       key="sign_out")


def current_user(authenticator: stauth.Authenticate, signing_out: bool = False,
                 now: datetime | None = None) -> users.StaffUser | None:
    """The signed-in account for this run, re-read from the store (disabled or locked meanwhile
    ends the session), or None. Signs a browser with a valid cookie back in."""
    now = now or utc_now()
    if signing_out:
        sign_out(authenticator, t("auth.signed_out"))
        return None
    try:
        authenticator.login(location="unrendered")
    except LoginError:  # a cookie of an account that was disabled meanwhile
        sign_out(authenticator, t("auth.session_ended"))
        return None
    username = st.session_state.get("username") if st.session_state.get("authentication_status") else None
    if not username:
        return None
    last_seen = st.session_state.get("last_seen")
    if last_seen and now - last_seen > IDLE_LIMIT:
        sign_out(authenticator, t("auth.expired"))
        return None
    if "signed_in_at" not in st.session_state:  # signed back in by the cookie: when was it issued?
        st.session_state["signed_in_at"] = _cookie_issued_at(authenticator)
    # No audit entry here: a sign-in is the password checked (`users.sign_in`, audited once); a
    # reload or a new tab that the signed cookie lets back in is the same sign-in going on.
    with connect() as conn:
        user = users.active_user(conn, username, now, st.session_state["signed_in_at"])
    if user is None:
        sign_out(authenticator, t("auth.session_ended"))
        return None
    st.session_state["user"] = user
    st.session_state["last_seen"] = now
    return user


def _cookie_issued_at(authenticator: stauth.Authenticate) -> datetime | None:
    """When the sign-in cookie this browser came back with was issued (its expiry less its
    lifetime), as naive UTC; None when unknown (then any later account change ends the session)."""
    try:
        token = authenticator.cookie_controller.get_cookie()
    except Exception:  # noqa: BLE001 - no cookie context (e.g. a test session): unknown
        return None
    if not token or "exp_date" not in token:
        return None
    return datetime.fromtimestamp(token["exp_date"], UTC).replace(tzinfo=None) - timedelta(days=COOKIE_DAYS)


def sign_in_form(authenticator: stauth.Authenticate, demo_accounts: list) -> users.StaffUser | None:
    """The sign-in form; returns the user when this run signed them in (the caller goes on to
    the pages in the same run, so the authenticator's cookie is set: upstream issue #272)."""
    box = st.empty()
    with box.container():
        st.title(t("app.title"))
        # Kept until the form is sent: a fresh page runs twice (the cookie component reports), and a
        # notice popped by the first run was never seen.
        if notice := st.session_state.get("notice"):
            st.info(notice)
        with st.form("sign_in"):
            st.subheader(t("auth.sign_in"))
            username = st.text_input(t("auth.username"), key="sign_in_username", autocomplete="username")
            password = st.text_input(t("auth.password"), type="password", key="sign_in_password",
                                     autocomplete="current-password")
            submitted = st.form_submit_button(t("auth.sign_in_button"), type="primary")
        if demo_accounts:
            with st.expander(t("auth.demo_accounts"), expanded=True):
                st.caption(t("auth.demo_accounts_help"))
                st.table([{t("auth.username"): u, t("auth.password"): p, t("users.role"): t(f"role.{r}")}
                          for u, p, r in demo_accounts])
        if not submitted:
            return None
        st.session_state.pop("notice", None)
        if not username.strip() or not password:
            # Not an attempt: nothing is checked or counted, so a stray click never brings a lockout nearer.
            st.warning(t("auth.fill_both"))
            return None
        try:
            with connect() as conn:
                user = users.sign_in(conn, username, password)
        except users.SignInRefused:
            st.error(t("auth.refused"))  # one answer for an unknown name, a wrong password, a locked account
            return None
        except RegistryError as err:
            st.error(error_text(err))
            return None
    box.empty()
    st.session_state.update({"authentication_status": True, "username": user.username,
                             "name": user.display_name or user.username, "logout": False,
                             "user": user, "last_seen": utc_now(),
                             "signed_in_at": datetime.now(UTC).replace(tzinfo=None)})  # to the microsecond
    authenticator.cookie_controller.set_cookie()
    return user


def page_user(permission: str | None = None) -> users.StaffUser:
    """At the top of every page: the signed-in user, checked for `permission`; a page reached
    without it shows an error and stops (the registry would refuse anyway)."""
    user = st.session_state.get("user")
    if user is None:
        st.error(t("auth.not_signed_in"))
        st.stop()
    if permission and not may(user.as_actor(), permission):
        st.error(t("auth.not_allowed"))
        st.stop()
    return user
